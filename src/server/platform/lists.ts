import { type SQL, sql } from 'drizzle-orm';
import type { ListTotal } from '../../contracts/lists.ts';
import { type Db, rows } from '../db/client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/**
 * Totals of lists, off the page's critical path. A list route answers its page only (keyset, no
 * count); the table asks `GET <list>/count` with the same filters, in parallel and once per filter
 * (its query key has no cursor), so cursor pages never recount. Every list uses this one helper.
 */

/** Up to this many matches the total is counted exactly; beyond it the planner's estimate is shown. */
export const EXACT_TOTAL_LIMIT = 10_000;

/** Exact when at most `limit` rows match; otherwise the planner's estimate, marked as such. */
export function totalFrom(countedUpTo: number, limit: number, planRows: number | null): ListTotal {
  if (countedUpTo <= limit) return { value: countedUpTo, estimated: false };
  return { value: Math.max(Math.round(planRows ?? 0), limit + 1), estimated: true };
}

/**
 * The total of `SELECT 1 FROM <from>` where `from` is the list's table(s) with its WHERE (e.g.
 * `` sql`users u WHERE u.status = ${status}` ``): a count capped at `limit + 1` rows, then, when over,
 * the planner's row estimate for the uncapped query (one EXPLAIN, no scan).
 */
export async function countTotal(db: Db, from: SQL, limit = EXACT_TOTAL_LIMIT): Promise<ListTotal> {
  const counted = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} LIMIT ${limit + 1}) c`,
  );
  const n = Number(counted[0]?.n ?? 0);
  if (n <= limit) return totalFrom(n, limit, null);
  const plan = await rows<{ 'QUERY PLAN': unknown }>(db, sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from}`);
  const raw = plan[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
  return totalFrom(n, limit, parsed[0]?.Plan?.['Plan Rows'] ?? null);
}

/** `WHERE a AND b …`, or nothing: the shape list services build their filters in. */
export function whereAll(conditions: SQL[]): SQL {
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

/**
 * Keyset pages. A list orders by (sort value, id) descending or ascending, reads `pageSize + 1`
 * rows after the cursor's position, and shows `pageSize`: the extra row only says a next page exists.
 * The position is the last shown row's sort value as exact text (so no precision is lost) and its id.
 */
export type Position = { v: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A decoded cursor is still untrusted JSON: a short text value and a uuid, nothing else. */
export function isPosition(value: unknown): value is Position {
  if (typeof value !== 'object' || value === null) return false;
  const { v, id } = value as Record<string, unknown>;
  return typeof v === 'string' && v.length < 64 && typeof id === 'string' && UUID.test(id);
}

/** The position a page starts after; null on the first page. A foreign cursor is a 400 on query.cursor. */
export function afterCursor(key: Buffer | string, cursor: string | undefined): Position | null {
  return cursor ? decodeCursor(key, cursor, isPosition) : null;
}

/** Rows read with `LIMIT pageSize + 1` → the page shown, and a cursor after its last row when more exist. */
export function keysetPage<R>(
  key: Buffer | string,
  records: R[],
  pageSize: number,
  positionOf: (record: R) => Position,
): { shown: R[]; nextCursor: string | null } {
  const shown = records.slice(0, pageSize);
  const last = shown[shown.length - 1];
  return {
    shown,
    nextCursor: records.length > pageSize && last ? encodeCursor(key, positionOf(last)) : null,
  };
}
