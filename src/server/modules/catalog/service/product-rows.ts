import { type SQL, sql } from 'drizzle-orm';
import type { Product } from '../../../../contracts/catalog.ts';
import { type Db, rows } from '../../../db/client.ts';

export type ProductRecord = {
  id: string;
  sku: string;
  title: string;
  description: string;
  price: string;
  currency: string;
  stock: number;
  continue_selling_when_out_of_stock: boolean;
  status: Product['status'];
  categories: { id: string; name: string }[] | string | null;
  search_stale: boolean;
  search_indexed_at: string | null;
  submission_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
};

const ms = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The columns of a product row as the API shows it, over `p` (a `products` row or a page of them);
 * categories are fetched for these rows only.
 */
export const PRODUCT_COLUMNS = sql`
  p.id::text AS id, p.sku, p.title, p.description, p.price::text AS price, p.currency, p.stock,
  p.continue_selling_when_out_of_stock, p.status,
  (SELECT coalesce(json_agg(json_build_object('id', c.id::text, 'name', c.name) ORDER BY c.name), '[]'::json)
     FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.product_id = p.id) AS categories,
  (p.search_indexed_at IS NULL OR p.updated_at > p.search_indexed_at) AS search_stale,
  ${ms('p.search_indexed_at')} AS search_indexed_at, p.submission_id::text AS submission_id, p.version,
  ${ms('p.created_at')} AS created_at, ${ms('p.updated_at')} AS updated_at`;

export function toProduct(row: ProductRecord): Product {
  const categories = typeof row.categories === 'string' ? JSON.parse(row.categories) : (row.categories ?? []);
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: Number(row.stock),
    continueSellingWhenOutOfStock: row.continue_selling_when_out_of_stock,
    status: row.status,
    categories,
    searchStale: row.search_stale,
    searchIndexedAt: row.search_indexed_at,
    submissionId: row.submission_id,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One product, or null; `lock` takes the row lock a change needs. */
export async function loadProduct(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Product | null> {
  const [row] = await rows<ProductRecord>(
    db,
    sql`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ${id}::uuid ${options.lock ? sql`FOR UPDATE OF p` : sql``}`,
  );
  return row ? toProduct(row) : null;
}

/** Products of `page` (a subquery yielding products rows as `p`), in `order`, plus `extra` columns. */
export function productRowsOf(page: SQL, order: SQL, extra: SQL = sql``): SQL {
  return sql`SELECT ${PRODUCT_COLUMNS}${extra} FROM (${page}) p ORDER BY ${order}`;
}
