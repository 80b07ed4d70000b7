-- The catalog (seed 001 §1, §4): products with their stock policy and a full-text index that a job
-- keeps fresh, categories, what shoppers searched, and the submissions staff review into products.

CREATE TABLE categories (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_categories_created ON categories (created_at, id);
CREATE INDEX idx_categories_updated ON categories (updated_at, id);

CREATE TABLE products (
  id                                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku                                text NOT NULL UNIQUE CHECK (sku ~ '^[A-Z0-9][A-Z0-9._-]{0,63}$'),
  title                              text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description                        text NOT NULL DEFAULT '',
  price                              numeric(12, 2) NOT NULL CHECK (price >= 0),
  currency                           text NOT NULL DEFAULT 'usd' CHECK (currency ~ '^[a-z]{3}$'),
  stock                              int NOT NULL DEFAULT 0 CHECK (stock >= 0),
  continue_selling_when_out_of_stock boolean NOT NULL DEFAULT false,
  status                             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  -- Written by the reindex (per item, bulk, or the stale-index job), not by a trigger: a row whose
  -- updated_at is after search_indexed_at is stale, and that is what System reports.
  search_vector                      tsvector NULL,
  search_indexed_at                  timestamptz NULL,
  submission_id                      uuid NULL,
  version                            int NOT NULL DEFAULT 1,
  created_at                         timestamptz NOT NULL DEFAULT now(),
  updated_at                         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_products_search ON products USING gin (search_vector);
CREATE INDEX idx_products_created ON products (created_at, id);
CREATE INDEX idx_products_updated ON products (updated_at, id);
CREATE INDEX idx_products_title ON products (title, id);
CREATE INDEX idx_products_price ON products (price, id);
CREATE INDEX idx_products_stock ON products (stock, id);
CREATE INDEX idx_products_stale ON products (updated_at) WHERE search_indexed_at IS NULL OR updated_at > search_indexed_at;

CREATE TABLE product_categories (
  product_id  uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  category_id uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, category_id)
);
CREATE INDEX idx_product_categories_category ON product_categories (category_id, product_id);

CREATE TABLE search_queries (
  id           bigserial PRIMARY KEY,
  query        text NOT NULL,
  user_id      uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  result_count int NOT NULL CHECK (result_count >= 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_search_queries_time ON search_queries (created_at DESC);

CREATE TABLE submissions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submitter_id         uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description          text NOT NULL DEFAULT '',
  proposed_price       numeric(12, 2) NULL CHECK (proposed_price >= 0),
  proposed_category_id uuid NULL REFERENCES categories (id) ON DELETE SET NULL,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reject_reason        text NULL CHECK (reject_reason IN ('duplicate', 'incomplete', 'prohibited_item', 'poor_quality', 'pricing', 'other')),
  reject_note          text NULL,
  product_id           uuid NULL REFERENCES products (id) ON DELETE SET NULL,
  reviewer_id          uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at          timestamptz NULL,
  version              int NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
  CHECK (reject_reason IS DISTINCT FROM 'other' OR length(coalesce(reject_note, '')) >= 3)
);
CREATE INDEX idx_submissions_status ON submissions (status, created_at DESC, id DESC);
CREATE INDEX idx_submissions_created ON submissions (created_at DESC, id DESC);
CREATE INDEX idx_submissions_submitter ON submissions (submitter_id);

ALTER TABLE products ADD CONSTRAINT products_submission_fk
  FOREIGN KEY (submission_id) REFERENCES submissions (id) ON DELETE SET NULL;

CREATE TABLE submission_attachments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type  text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  -- Where the file lives: `db:` when `content` holds it (small files), else an object-store key.
  storage_key   text NOT NULL,
  content       bytea NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_submission_attachments_submission ON submission_attachments (submission_id);

-- Order lines point at what was sold; a deleted product leaves the line with its title.
CREATE INDEX idx_order_items_product ON order_items (product_id);
ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk
  FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE SET NULL;

-- The one definition of a product's search document: title and SKU weigh most, then the description.
-- The reindex, the demo seed and the list's search all use it (and `catalog_search_query`).
CREATE FUNCTION catalog_search_vector(title text, sku text, description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('simple', coalesce(sku, '')), 'A')
      || setweight(to_tsvector('english', coalesce(title, '')), 'A')
      || setweight(to_tsvector('english', coalesce(description, '')), 'C')
$$;
