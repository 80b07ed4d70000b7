import { type SQL, sql } from 'drizzle-orm';
import {
  CATEGORY_SORTS,
  type CategoriesListQuery,
  type CategoriesListResponse,
  type Category,
  type CategorySort,
  type CreateCategoryBody,
  type MergeCategoriesBody,
  type MergeCategoriesResponse,
} from '../../../../contracts/catalog.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { decodeCursor, encodeCursor } from '../../../platform/cursor.ts';
import type { IdempotencyRequest } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';

type CategoryRecord = {
  id: string;
  name: string;
  slug: string;
  products_count: number;
  created_at: string;
  updated_at: string;
  sort_key: string;
};

const ms = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const us = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type Column = 'name' | 'products' | 'created_at' | 'updated_at';
const COLUMN: Record<Column, { expr: string; cast: string; key: string }> = {
  name: { expr: 'c.name', cast: 'text', key: 'c.name' },
  products: { expr: 'c.products_count', cast: 'int', key: 'c.products_count::text' },
  created_at: { expr: 'c.created_at', cast: 'timestamptz', key: us('c.created_at') },
  updated_at: { expr: 'c.updated_at', cast: 'timestamptz', key: us('c.updated_at') },
};

/** Categories with their product counts (counted per category from the link table's index). */
const COUNTED = sql`
  SELECT c.*, coalesce(n.count, 0)::int AS products_count
    FROM categories c
    LEFT JOIN (SELECT category_id, count(*) AS count FROM product_categories GROUP BY category_id) n
      ON n.category_id = c.id`;

type Position = { s: CategorySort; v: string; id: string };
const isPosition = (value: unknown): value is Position => {
  if (typeof value !== 'object' || value === null) return false;
  const { s, v, id } = value as Record<string, unknown>;
  return (
    (CATEGORY_SORTS as readonly unknown[]).includes(s) &&
    typeof v === 'string' &&
    typeof id === 'string' &&
    /^[0-9a-f-]{36}$/i.test(id)
  );
};

function toCategory(row: CategoryRecord): Category {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    productsCount: Number(row.products_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const SELECT = (key: string) =>
  sql.raw(`c.id::text AS id, c.name, c.slug, c.products_count, ${ms('c.created_at')} AS created_at,
           ${ms('c.updated_at')} AS updated_at, ${key} AS sort_key`);

/** One page of categories, keyset-paginated by (sort column, id); every column sortable. */
export async function listCategories(
  db: Db,
  query: CategoriesListQuery,
  options: { cursorKey: Buffer | string },
): Promise<CategoriesListResponse> {
  const [name, direction] = query.sort.split(':') as [Column, 'asc' | 'desc'];
  const column = COLUMN[name];
  const after = query.cursor ? decodeCursor(options.cursorKey, query.cursor, isPosition) : null;
  if (after && after.s !== query.sort)
    throw new AppError(
      'bad_request',
      'query.cursor belongs to another sort order; start from the first page',
      [{ path: 'query.cursor', message: `cursor was issued for sort ${after.s}` }],
    );
  const conditions: SQL[] = [];
  if (query.query) conditions.push(sql`c.name ILIKE ${`%${query.query.replace(/[\\%_]/g, '\\$&')}%`}`);
  const filtered = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const page = after
    ? [
        ...conditions,
        sql`(${sql.raw(column.expr)}, c.id) ${sql.raw(direction === 'desc' ? '<' : '>')} (${after.v}::${sql.raw(column.cast)}, ${after.id}::uuid)`,
      ]
    : conditions;
  const order = sql.raw(`${column.expr} ${direction}, c.id ${direction}`);
  const [records, [count]] = await Promise.all([
    rows<CategoryRecord>(
      db,
      sql`SELECT ${SELECT(column.key)} FROM (${COUNTED}) c
           ${page.length ? sql`WHERE ${sql.join(page, sql` AND `)}` : sql``}
           ORDER BY ${order} LIMIT ${query.pageSize + 1}`,
    ),
    rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM categories c ${filtered}`),
  ]);
  const shown = records.slice(0, query.pageSize);
  const last = shown[shown.length - 1];
  return {
    rows: shown.map(toCategory),
    nextCursor:
      records.length > query.pageSize && last
        ? encodeCursor(options.cursorKey, { s: query.sort, v: last.sort_key, id: last.id } satisfies Position)
        : null,
    total: { value: Number(count?.n ?? 0), estimated: false },
  };
}

export async function loadCategory(db: Db, id: string): Promise<Category | null> {
  const [row] = await rows<CategoryRecord>(
    db,
    sql`SELECT ${SELECT('c.name')} FROM (
          SELECT c.*, (SELECT count(*) FROM product_categories pc WHERE pc.category_id = c.id)::int AS products_count
            FROM categories c WHERE c.id = ${id}::uuid) c`,
  );
  return row ? toCategory(row) : null;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120) || 'category';

/** A new category; a name or slug already used is a 400 naming the field. */
export async function createCategory(
  database: Database,
  context: RequestContext,
  body: CreateCategoryBody,
  idempotency: IdempotencyRequest | null,
): Promise<Category> {
  const slug = body.slug ?? slugOf(body.name);
  return mutate(
    database,
    context,
    async (tx) => {
      const [byName] = await rows(tx, sql`SELECT 1 FROM categories WHERE lower(name) = lower(${body.name})`);
      if (byName)
        throw new AppError('bad_request', `Invalid input — body.name: ${body.name} exists`, [
          { path: 'body.name', message: 'a category with this name exists' },
        ]);
      const [bySlug] = await rows(tx, sql`SELECT 1 FROM categories WHERE slug = ${slug}`);
      if (bySlug)
        throw new AppError('bad_request', `Invalid input — body.slug: ${slug} is taken`, [
          { path: 'body.slug', message: `${slug} is taken` },
        ]);
      const [created] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO categories (name, slug) VALUES (${body.name}, ${slug}) RETURNING id::text AS id`,
      );
      const category = (await loadCategory(tx, created!.id))!;
      return {
        result: category,
        events: [
          {
            type: 'category.created',
            subjectType: 'category',
            subjectId: category.id,
            payload: { name: category.name },
          },
        ],
      };
    },
    idempotency,
  );
}

/**
 * Merges `sourceIds` into `targetId` in one transaction: every product linked to a source ends up
 * linked to the target (once: a product in both keeps its one target link), the sources are removed
 * and the target's updated_at moves. Answers how many products moved; writes `category.merged`.
 */
export async function mergeCategories(
  database: Database,
  context: RequestContext,
  body: MergeCategoriesBody,
  idempotency: IdempotencyRequest | null,
): Promise<MergeCategoriesResponse> {
  const sourceIds = [...new Set(body.sourceIds)];
  return mutate(
    database,
    context,
    async (tx) => {
      const ids = [...sourceIds, body.targetId].map((id) => sql`${id}::uuid`);
      // Locks the categories involved, in id order, so two merges over the same ones queue.
      const found = await rows<{ id: string; name: string }>(
        tx,
        sql`SELECT id::text AS id, name FROM categories WHERE id IN ${ids} ORDER BY id FOR UPDATE`,
      );
      if (!found.some((row) => row.id === body.targetId))
        throw new AppError('bad_request', `Invalid input — body.targetId: unknown category`, [
          { path: 'body.targetId', message: `unknown category ${body.targetId}` },
        ]);
      const missing = sourceIds.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0)
        throw new AppError('bad_request', `Invalid input — body.sourceIds: unknown category`, [
          { path: 'body.sourceIds', message: `unknown category ${missing.join(', ')}` },
        ]);
      const sources = sourceIds.map((id) => sql`${id}::uuid`);
      const [moved] = await rows<{ moved: number; links: number }>(
        tx,
        sql`WITH links AS (
              SELECT count(*)::int AS n FROM product_categories WHERE category_id IN ${sources}
            ), ins AS (
              INSERT INTO product_categories (product_id, category_id)
              SELECT DISTINCT product_id, ${body.targetId}::uuid FROM product_categories WHERE category_id IN ${sources}
              ON CONFLICT DO NOTHING RETURNING 1
            )
            SELECT (SELECT count(*)::int FROM ins) AS moved, (SELECT n FROM links) AS links`,
      );
      await tx.execute(sql`DELETE FROM categories WHERE id IN ${sources}`);
      await tx.execute(sql`UPDATE categories SET updated_at = now() WHERE id = ${body.targetId}::uuid`);
      const target = (await loadCategory(tx, body.targetId))!;
      const removed = found.filter((row) => row.id !== body.targetId);
      const result: MergeCategoriesResponse = {
        target,
        moved: Number(moved?.moved ?? 0),
        duplicates: Number(moved?.links ?? 0) - Number(moved?.moved ?? 0),
        removed,
      };
      return {
        result,
        events: [
          {
            type: 'category.merged',
            subjectType: 'category',
            subjectId: target.id,
            payload: {
              name: target.name,
              sources: removed.map((row) => row.name),
              moved: result.moved,
              duplicates: result.duplicates,
            },
          },
        ],
      };
    },
    idempotency,
  );
}
