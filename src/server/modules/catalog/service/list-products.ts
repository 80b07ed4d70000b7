import { type SQL, sql } from 'drizzle-orm';
import {
  type LowStockResponse,
  PRODUCT_SORTS,
  type ProductSort,
  type ProductsListQuery,
  type ProductsListResponse,
  type SearchIndexStatus,
} from '../../../../contracts/catalog.ts';
import { type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { decodeCursor, encodeCursor } from '../../../platform/cursor.ts';
import { type ProductRecord, productRowsOf, toProduct } from './product-rows.ts';

/** Up to this many matches the total is counted exactly; beyond it the planner's estimate is shown. */
const EXACT_TOTAL_LIMIT = 10_000;

type Column = 'created_at' | 'updated_at' | 'title' | 'price' | 'stock';
const CAST: Record<Column, string> = {
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  title: 'text',
  price: 'numeric',
  stock: 'int',
};
/** The sort value as exact text (microseconds for times), so a cursor points at one row. */
const KEY_TEXT: Record<Column, string> = {
  created_at: `to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  updated_at: `to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  title: 'p.title',
  price: 'p.price::text',
  stock: 'p.stock::text',
};

/** Where a page ends: its sort (so a cursor cannot be replayed against another), value and id. */
type Position = { s: ProductSort; v: string; id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isPosition = (value: unknown): value is Position => {
  if (typeof value !== 'object' || value === null) return false;
  const { s, v, id } = value as Record<string, unknown>;
  return (
    (PRODUCT_SORTS as readonly unknown[]).includes(s) &&
    typeof v === 'string' &&
    typeof id === 'string' &&
    UUID.test(id)
  );
};

/** A product is low on stock with 1 … threshold left; products out of stock are counted apart. */
export function stockCondition(stock: 'low' | 'out', threshold: number): SQL {
  return stock === 'out' ? sql`p.stock = 0` : sql`p.stock BETWEEN 1 AND ${threshold}`;
}

/** The full-text match over title, SKU and description (`catalog_search_vector`). */
export function searchCondition(query: string): SQL {
  return sql`p.search_vector @@ websearch_to_tsquery('english', ${query})`;
}

function filterConditions(query: ProductsListQuery, threshold: number): SQL[] {
  const conditions: SQL[] = [];
  if (query.query) conditions.push(searchCondition(query.query));
  if (query.category)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ${query.category}::uuid)`,
    );
  if (query.status) conditions.push(sql`p.status = ${query.status}`);
  if (query.stock) conditions.push(stockCondition(query.stock, threshold));
  if (query.continueSelling !== undefined)
    conditions.push(sql`p.continue_selling_when_out_of_stock = ${query.continueSelling}`);
  return conditions;
}

const where = (conditions: SQL[]) =>
  conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;

async function countFiltered(db: Db, conditions: SQL[]): Promise<ProductsListResponse['total']> {
  // Unfiltered, a large catalog's size is the planner's (counting 10,001 wide rows costs more than the page).
  if (conditions.length === 0) {
    const [estimate] = await rows<{ n: number }>(
      db,
      sql`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'products'::regclass`,
    );
    const n = Math.round(Number(estimate?.n ?? -1));
    if (n > EXACT_TOTAL_LIMIT) return { value: n, estimated: true };
  }
  const [counted] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM products p ${where(conditions)} LIMIT ${EXACT_TOTAL_LIMIT + 1}) c`,
  );
  const n = Number(counted?.n ?? 0);
  if (n <= EXACT_TOTAL_LIMIT) return { value: n, estimated: false };
  const plan = await rows<{ 'QUERY PLAN': unknown }>(
    db,
    sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM products p ${where(conditions)}`,
  );
  const raw = plan[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
  return {
    value: Math.max(Math.round(parsed[0]?.Plan?.['Plan Rows'] ?? 0), EXACT_TOTAL_LIMIT + 1),
    estimated: true,
  };
}

/**
 * One page of products, keyset-paginated by (sort column, id) like the Users tab: no OFFSET, and
 * categories are read for the page only. `threshold` is the low-stock setting.
 */
export async function listProducts(
  db: Db,
  query: ProductsListQuery,
  options: { cursorKey: Buffer | string; threshold: number; counts?: boolean },
): Promise<ProductsListResponse> {
  const [column, direction] = query.sort.split(':') as [Column, 'asc' | 'desc'];
  const after = query.cursor ? decodeCursor(options.cursorKey, query.cursor, isPosition) : null;
  if (after && after.s !== query.sort)
    throw new AppError(
      'bad_request',
      'query.cursor belongs to another sort order; start from the first page',
      [{ path: 'query.cursor', message: `cursor was issued for sort ${after.s}` }],
    );
  const conditions = filterConditions(query, options.threshold);
  const cmp = sql.raw(direction === 'desc' ? '<' : '>');
  const col = sql.raw(`p.${column}`);
  const page = after
    ? [...conditions, sql`(${col}, p.id) ${cmp} (${after.v}::${sql.raw(CAST[column])}, ${after.id}::uuid)`]
    : conditions;
  const order = (alias: string) => sql.raw(`${alias}.${column} ${direction}, ${alias}.id ${direction}`);
  const limit = query.pageSize + 1;
  const [records, total] = await Promise.all([
    rows<ProductRecord & { sort_key: string }>(
      db,
      productRowsOf(
        sql`SELECT p.*, ${sql.raw(KEY_TEXT[column])} AS sort_key FROM products p ${where(page)} ORDER BY ${order('p')} LIMIT ${limit}`,
        order('p'),
        sql`, p.sort_key`,
      ),
    ),
    // An export follows every page and shows no total: `counts: false` skips it (marked estimated).
    options.counts === false ? { value: 0, estimated: true } : countFiltered(db, conditions),
  ]);
  const shown = records.slice(0, query.pageSize);
  const last = shown[shown.length - 1];
  const nextCursor =
    records.length > query.pageSize && last
      ? encodeCursor(options.cursorKey, { s: query.sort, v: last.sort_key, id: last.id } satisfies Position)
      : null;
  return { rows: shown.map(toProduct), nextCursor, total };
}

/** The % Low Stock card, over products that are not archived. */
export async function lowStock(db: Db, threshold: number): Promise<LowStockResponse> {
  const [row] = await rows<{ low: number; out: number; total: number }>(
    db,
    // Each count reads the partial index idx_products_live_stock alone (index-only scans).
    sql`SELECT (SELECT count(*) FROM products p WHERE p.status <> 'archived' AND p.stock BETWEEN 1 AND ${threshold})::int AS low,
               (SELECT count(*) FROM products p WHERE p.status <> 'archived' AND p.stock = 0)::int AS out,
               (SELECT count(*) FROM products p WHERE p.status <> 'archived' AND p.stock >= 0)::int AS total`,
  );
  const low = Number(row?.low ?? 0);
  const total = Number(row?.total ?? 0);
  return {
    threshold,
    low,
    outOfStock: Number(row?.out ?? 0),
    total,
    percentage: total === 0 ? 0 : Math.round((low / total) * 1000) / 10,
  };
}

/** How fresh the search index is: stale rows changed after their last indexing (or never indexed). */
export async function searchIndexStatus(db: Db): Promise<SearchIndexStatus> {
  const [row] = await rows<{ products: number; stale: number; last: string | null }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM products) AS products,
               (SELECT count(*)::int FROM products WHERE search_indexed_at IS NULL OR updated_at > search_indexed_at) AS stale,
               (SELECT to_char(max(search_indexed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM products) AS last`,
  );
  const stale = Number(row?.stale ?? 0);
  return {
    products: Number(row?.products ?? 0),
    stale,
    lastIndexedAt: row?.last ?? null,
    state: stale === 0 ? 'fresh' : 'stale',
  };
}
