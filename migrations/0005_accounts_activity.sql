-- Accounts, part 2: sign-in history, the member's 360 view, and the aggregates the Users tab sorts on.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Email substring search (ILIKE '%x%') at a million members.
CREATE INDEX idx_users_email_trgm ON users USING gin (email gin_trgm_ops);
-- Keyset pagination of the common sorts: (key, id) so ties are stable.
CREATE INDEX idx_users_last_login_id ON users (last_login_at DESC NULLS LAST, id DESC);
CREATE INDEX idx_users_created_id ON users (created_at DESC, id DESC);
CREATE INDEX idx_users_status_last_login ON users (status, last_login_at DESC NULLS LAST, id DESC);
CREATE INDEX idx_users_email_id ON users (email, id);

CREATE TABLE login_events (
  id         bigserial PRIMARY KEY,
  user_id    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  email      text NULL,
  provider   text NOT NULL CHECK (provider IN ('password', 'google')),
  method     text NOT NULL CHECK (method IN ('signin', 'signup', 'refresh')),
  success    boolean NOT NULL,
  error_code text NULL,
  ip         inet NULL,
  user_agent text NULL,
  country    text NULL,
  region     text NULL,
  city       text NULL,
  risk_score int NULL DEFAULT 0,
  session_id text NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_login_events_user_time ON login_events (user_id, created_at DESC);
CREATE INDEX idx_login_events_time ON login_events (created_at DESC);

-- What retention keeps once raw login events age out: one row per day, user, provider and outcome.
CREATE TABLE login_events_daily (
  day      date NOT NULL,
  user_id  uuid NULL REFERENCES users (id) ON DELETE CASCADE,
  provider text NOT NULL,
  success  boolean NOT NULL,
  count    int NOT NULL
);
CREATE UNIQUE INDEX idx_login_events_daily_key
  ON login_events_daily (day, coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid), provider, success);

CREATE TABLE addresses (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('shipping', 'billing')),
  name        text,
  line1       text NOT NULL,
  line2       text,
  city        text NOT NULL,
  region      text,
  postal_code text,
  country     text NOT NULL,
  is_default  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_addresses_user ON addresses (user_id);

-- Transactional mail log: what we sent a member, and whether it went.
CREATE TABLE emails (
  id                  bigserial PRIMARY KEY,
  user_id             uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  to_address          text NOT NULL,
  template            text NOT NULL,
  subject             text NOT NULL,
  status              text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  provider_message_id text,
  error               text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  sent_at             timestamptz
);
CREATE INDEX idx_emails_user_time ON emails (user_id, created_at DESC);

CREATE TABLE notes (
  id         bigserial PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  author_id  uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_notes_user_time ON notes (user_id, created_at DESC);

-- Minimal commerce for lifetime value; the commerce module extends these.
CREATE TABLE orders (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  number     text NOT NULL UNIQUE,
  status     text NOT NULL DEFAULT 'paid' CHECK (status IN ('pending', 'paid', 'fulfilled', 'refunded', 'cancelled')),
  currency   text NOT NULL DEFAULT 'usd',
  total      numeric(12, 2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_orders_user_time ON orders (user_id, created_at DESC);

CREATE TABLE order_items (
  id         bigserial PRIMARY KEY,
  order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id uuid NULL,
  title      text NOT NULL,
  quantity   int NOT NULL CHECK (quantity > 0),
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0)
);
CREATE INDEX idx_order_items_order ON order_items (order_id);

CREATE MATERIALIZED VIEW user_aggregate AS
SELECT
  u.id,
  coalesce(o.orders_count, 0)::int AS orders_count,
  coalesce(o.lifetime_value, 0)::numeric(12, 2) AS lifetime_value,
  o.last_order_at,
  l.last_success_login_at
FROM users u
LEFT JOIN (
  SELECT o.user_id, count(DISTINCT o.id) AS orders_count, sum(oi.quantity * oi.unit_price) AS lifetime_value,
         max(o.created_at) AS last_order_at
    FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id
   WHERE o.user_id IS NOT NULL
   GROUP BY o.user_id
) o ON o.user_id = u.id
LEFT JOIN (
  SELECT user_id, max(created_at) AS last_success_login_at
    FROM login_events WHERE success AND user_id IS NOT NULL GROUP BY user_id
) l ON l.user_id = u.id;
CREATE UNIQUE INDEX idx_user_aggregate_id ON user_aggregate (id);
CREATE INDEX idx_user_aggregate_ltv ON user_aggregate (lifetime_value DESC, id DESC);
CREATE INDEX idx_user_aggregate_orders ON user_aggregate (orders_count DESC, id DESC);

-- Refreshing a materialized view needs its owner; the app role calls this instead.
CREATE FUNCTION refresh_user_aggregate() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  REFRESH MATERIALIZED VIEW CONCURRENTLY user_aggregate;
END
$$;
