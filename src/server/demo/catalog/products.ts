import { PRODUCTS } from '../members/lists.ts';
import { countInserted, createScratch, sqlArray, sqlText } from '../steps.ts';
import {
  ADJECTIVES,
  type CatalogStep,
  DEMO_CATEGORIES,
  DESCRIPTIONS,
  NAMED_PRODUCT_CATEGORY,
  SEARCH_TERMS,
} from './plan.ts';

const nouns = DEMO_CATEGORIES.flatMap(([, , list], c) => list.map((noun) => [noun, c + 1] as const));
const nounArray = sqlArray(nouns.map(([noun]) => noun));
const nounCategories = `ARRAY[${nouns.map(([, c]) => c).join(', ')}]::int[]`;
const namedTitles = sqlArray(PRODUCTS.map(([title]) => title));
const namedPrices = `ARRAY[${PRODUCTS.map(([, price]) => price.toFixed(2)).join(', ')}]::numeric[]`;
const namedCategories = `ARRAY[${PRODUCTS.map(([title]) => NAMED_PRODUCT_CATEGORY[title] ?? 1).join(', ')}]::int[]`;
const categoryRows = DEMO_CATEGORIES.map(
  ([name, slug], c) => `(${c + 1}, ${sqlText(name)}, ${sqlText(slug)})`,
).join(', ');

/** The eight categories, made ~2 years ago a few days apart. */
export const categories: CatalogStep = {
  name: 'catalog categories',
  table: 'categories',
  counts: 'categories',
  run: (db, _plan, { uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO categories (id, name, slug, created_at, updated_at)
      SELECT ${uuid('category', 'slug')}, name, slug, now() - interval '800 days' + c * interval '3 days',
             now() - interval '800 days' + c * interval '3 days' + c * interval '17 days'
        FROM (VALUES ${categoryRows}) v (c, name, slug) ORDER BY c`,
    ),
};

/**
 * `demo_p`: every product with its choices. The first twelve are the members seed's PRODUCTS (what
 * the demo orders sold); the rest are "<adjective> <noun>" of a category. Stock: 8 % at zero (half
 * of them still selling), 12 % low (1–5), the rest 6–400; 84 % active, 10 % draft, 6 % archived;
 * 4 % were edited after their last search indexing (the stale-index job's work).
 */
export const productPlan: CatalogStep = {
  name: 'catalog product plan',
  run: (db, { products }, { r, pick, uuid }) =>
    createScratch(
      db,
      'demo_p',
      `
      WITH a AS (
        SELECT n, ${uuid('product', 'n')} AS id, 'MC-' || lpad(n::text, 6, '0') AS sku,
               1 + floor(${r('n')} * ${nouns.length})::int AS k, ${pick(ADJECTIVES, 'n')} AS adjective,
               ${pick(DESCRIPTIONS, 'n')} AS blurb,
               ${r('n')} AS r_price, ${r('n')} AS r_stock, ${r('n')} AS r_continue, ${r('n')} AS r_status,
               ${r('n')} AS r_created, ${r('n')} AS r_updated, ${r('n')} AS r_stale, ${r('n')} AS r_second,
               1 + floor(${r('n')} * ${DEMO_CATEGORIES.length})::int AS second
          FROM generate_series(1, ${products}) n
      ), b AS (
        SELECT a.*,
               CASE WHEN n <= ${PRODUCTS.length} THEN (${namedTitles})[n]
                    ELSE adjective || ' ' || (${nounArray})[k] END AS title,
               CASE WHEN n <= ${PRODUCTS.length} THEN (${namedCategories})[n] ELSE (${nounCategories})[k] END AS category,
               CASE WHEN n <= ${PRODUCTS.length} THEN (${namedPrices})[n]
                    ELSE round((4 + r_price ^ 2 * 196)::numeric) - 0.01 END AS price,
               CASE WHEN r_stock < 0.08 THEN 0
                    WHEN r_stock < 0.2 THEN 1 + floor((r_stock - 0.08) / 0.12 * 5)::int
                    ELSE 6 + floor(((r_stock - 0.2) / 0.8) ^ 2 * 395)::int END AS stock,
               now() - interval '1 hour' - r_created * interval '720 days' AS created_at
          FROM a
      )
      SELECT b.*,
             CASE WHEN stock = 0 THEN r_continue < 0.5 ELSE r_continue < 0.12 END AS continue_selling,
             CASE WHEN n <= ${PRODUCTS.length} OR r_status < 0.84 THEN 'active'
                  WHEN r_status < 0.94 THEN 'draft' ELSE 'archived' END AS status,
             'The ' || lower(title) || ' from the Mission Control shop. ' || blurb AS description,
             created_at + r_updated * (now() - created_at) AS updated_at,
             r_stale < 0.04 AS stale
        FROM b`,
      { analyze: true },
    ),
};

export const products: CatalogStep = {
  name: 'catalog products',
  table: 'products',
  counts: 'products',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO products (id, sku, title, description, price, currency, stock, continue_selling_when_out_of_stock,
                            status, search_vector, search_indexed_at, created_at, updated_at)
      SELECT id, sku, title, description, price, 'usd', stock, continue_selling, status,
             catalog_search_vector(title, sku, description),
             CASE WHEN stale THEN updated_at - interval '1 day' ELSE updated_at END, created_at, updated_at
        FROM demo_p ORDER BY n`,
    ),
};

/** Each product in its category, a quarter of them in a second one too. */
export const productCategories: CatalogStep = {
  name: 'catalog product categories',
  table: 'product_categories',
  counts: 'productCategories',
  run: (db, _plan, { uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO product_categories (product_id, category_id)
      SELECT DISTINCT p.id, c.id
        FROM demo_p p
        CROSS JOIN LATERAL (VALUES (p.category), (CASE WHEN p.r_second < 0.25 THEN p.second END)) v (c)
        JOIN (VALUES ${categoryRows}) d (c, name, slug) ON d.c = v.c
        JOIN categories c ON c.id = ${uuid('category', 'd.slug')}`,
    ),
};

/** The demo orders' lines point at the products they sold (the members seed wrote them by title). */
export const linkOrderItems: CatalogStep = {
  name: 'catalog order items',
  counts: 'orderItemsLinked',
  run: (db, _plan, { uuid }) =>
    countInserted(
      db,
      `
      UPDATE order_items oi SET product_id = ${uuid('product', 't.n')}
        FROM unnest(${namedTitles}) WITH ORDINALITY t (title, n)
       WHERE oi.title = t.title AND oi.product_id IS NULL
         AND EXISTS (SELECT 1 FROM products p WHERE p.id = ${uuid('product', 't.n')})`,
    ),
};

/** `demo_shoppers`: the demo members, numbered `k`, who search while signed in. */
export const shopperPlan: CatalogStep = {
  name: 'catalog shopper plan',
  run: (db) =>
    createScratch(
      db,
      'demo_shoppers',
      `SELECT row_number() OVER (ORDER BY email) AS k, id FROM users WHERE email LIKE '%@demo-members.test'`,
      { analyze: true },
    ),
};

/**
 * 90 days of searches, more of them recently; 60 % by a signed-in demo member. The result count is
 * what the term finds in the catalog today.
 */
export const searchQueries: CatalogStep = {
  name: 'catalog search queries',
  table: 'search_queries',
  counts: 'searchQueries',
  run: (db, { searchQueries: count }, { r }) =>
    countInserted(
      db,
      `
      WITH terms AS MATERIALIZED (
        SELECT k, term, (SELECT count(*)::int FROM products p
                          WHERE p.search_vector @@ websearch_to_tsquery('english', term)) AS results
          FROM unnest(${sqlArray(SEARCH_TERMS)}) WITH ORDINALITY t (term, k)
      ), q AS (
        SELECT n, 1 + floor(${r('n')} ^ 1.6 * ${SEARCH_TERMS.length})::int AS term_k,
               ${r('n')} AS r_member, ${r('n')} AS r_who, ${r('n')} AS r_time
          FROM generate_series(1, ${count}) n
      )
      INSERT INTO search_queries (query, user_id, result_count, created_at)
      SELECT t.term, s.id, t.results, now() - sqrt(q.r_time) * interval '90 days'
        FROM q JOIN terms t ON t.k = q.term_k
        LEFT JOIN demo_shoppers s
          ON q.r_member < 0.6 AND s.k = 1 + floor(q.r_who * (SELECT count(*) FROM demo_shoppers))::int
       ORDER BY 4`,
    ),
};
