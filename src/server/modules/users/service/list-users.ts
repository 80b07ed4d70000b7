import { type SQL, sql } from 'drizzle-orm';
import type { ListCountResponse } from '../../../../contracts/lists.ts';
import {
  USER_SORTS,
  type UserSort,
  type UsersCountQuery,
  type UsersExportQuery,
  type UsersListQuery,
  type UsersListResponse,
} from '../../../../contracts/users.ts';
import { type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { decodeCursor, encodeCursor } from '../../../platform/cursor.ts';
import { countTotal, EXACT_TOTAL_LIMIT, whereAll } from '../../../platform/lists.ts';
import { isoText } from './iso-text.ts';
import {
  toUserExportRow,
  toUserRow,
  type UserExportRow,
  type UserRecord,
  type UserRowsShape,
  userRowsOf,
  wholeSetRowsOf,
} from './user-rows.ts';

type SortColumn = 'last_login_at' | 'created_at' | 'email' | 'status' | 'orders_count' | 'lifetime_value';
type SortSpec = { column: SortColumn; direction: 'asc' | 'desc' };

/**
 * How each sort reads: its expression, the type its cursor value is cast back to, the text the cursor
 * keeps (exact: microseconds for times), and whether it may be NULL. Orders and lifetime value come
 * from the `user_aggregate` view (refreshed every 10 minutes; its indexes serve the order): a member
 * it does not hold yet (joined since the refresh) has no value and pages like a never-signed-in one.
 */
const SORT_COLUMNS: Record<
  SortColumn,
  { expr: string; cast: string; key: (value: string) => SQL; nullable: boolean; aggregate?: true }
> = {
  last_login_at: {
    expr: 'u.last_login_at',
    cast: 'timestamptz',
    key: (value) => isoText(value, 'US'),
    nullable: true,
  },
  created_at: {
    expr: 'u.created_at',
    cast: 'timestamptz',
    key: (value) => isoText(value, 'US'),
    nullable: false,
  },
  email: { expr: 'u.email', cast: 'text', key: (value) => sql.raw(value), nullable: false },
  status: { expr: 'u.status', cast: 'text', key: (value) => sql.raw(value), nullable: false },
  orders_count: {
    expr: 'ua.orders_count',
    cast: 'int',
    key: (value) => sql.raw(`${value}::text`),
    nullable: true,
    aggregate: true,
  },
  lifetime_value: {
    expr: 'ua.lifetime_value',
    cast: 'numeric',
    key: (value) => sql.raw(`${value}::text`),
    nullable: true,
    aggregate: true,
  },
};

function specOf(sort: UserSort): SortSpec {
  const [column, direction] = sort.split(':') as [SortSpec['column'], SortSpec['direction']];
  return { column, direction };
}

/**
 * Where a page ends: the sort it belongs to, the last row's sort value (exact text; null when the
 * row had never signed in) and its id. The sort is bound so that a cursor cannot be replayed against
 * another order and silently skip rows.
 */
type Position = { s: UserSort; v: string | null; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isPosition = (value: unknown): value is Position => {
  if (typeof value !== 'object' || value === null) return false;
  const { s, v, id } = value as Record<string, unknown>;
  return (
    (USER_SORTS as readonly unknown[]).includes(s) &&
    (v === null || typeof v === 'string') &&
    typeof id === 'string' &&
    UUID.test(id)
  );
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The WHERE conditions of the filters (on `users u`), without the page position. */
export function filterConditions(query: UsersCountQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.query) {
    const pattern = likePattern(query.query);
    conditions.push(
      sql`(u.email ILIKE ${pattern} OR u.first_name ILIKE ${pattern} OR u.last_name ILIKE ${pattern})`,
    );
  }
  if (query.provider) conditions.push(sql`u.auth_provider = ${query.provider}`);
  if (query.role === 'user')
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM admin_users a WHERE a.user_id = u.id)`);
  else if (query.role)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM admin_users a WHERE a.user_id = u.id AND a.role = ${query.role})`,
    );
  if (query.status) conditions.push(sql`u.status = ${query.status}`);
  if (query.mfa !== undefined) conditions.push(sql`u.mfa_enabled = ${query.mfa}`);
  if (query.verified === true) conditions.push(sql`(u.email_verified_at IS NOT NULL OR u.email_verified)`);
  if (query.verified === false) conditions.push(sql`(u.email_verified_at IS NULL AND NOT u.email_verified)`);
  // Ranges are half-open: from ≤ t < to.
  if (query.joinedFrom) conditions.push(sql`u.created_at >= ${query.joinedFrom}::timestamptz`);
  if (query.joinedTo) conditions.push(sql`u.created_at < ${query.joinedTo}::timestamptz`);
  if (query.lastLoginFrom) conditions.push(sql`u.last_login_at >= ${query.lastLoginFrom}::timestamptz`);
  if (query.lastLoginTo) conditions.push(sql`u.last_login_at < ${query.lastLoginTo}::timestamptz`);
  if (query.team === 'none')
    conditions.push(sql`NOT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id)`);
  else if (query.team) conditions.push(hasTeamOfKind(query.team));
  // The onboarding badge, as README → Community → Definitions says.
  if (query.onboarding === 'self_pair') conditions.push(hasTeamOfKind('self_pair'));
  if (query.onboarding === 'onboarded')
    conditions.push(sql`u.onboarded_at IS NOT NULL AND NOT ${hasTeamOfKind('self_pair')}`);
  if (query.onboarding === 'registered')
    conditions.push(sql`u.onboarded_at IS NULL AND NOT ${hasTeamOfKind('self_pair')}`);
  return conditions;
}

function hasTeamOfKind(kind: 'self_pair' | 'group'): SQL {
  return sql`EXISTS (SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id
                      WHERE m.user_id = u.id AND t.kind = ${kind})`;
}

const where = whereAll;

/**
 * The segments of the result that follow `after`, each an index range in the sort's own order.
 * A nullable sort (`last_login_at`, the aggregate columns) puts rows without a value last when
 * descending and first when ascending (the exact reverse, so both read the same index). A cursor
 * inside the valued part continues there and then takes the whole NULL part; a cursor inside the
 * NULL part continues by id alone. Aggregate sorts always split in two, so that the valued part is a
 * plain join the view's index orders.
 */
function segmentsAfter(spec: SortSpec, after: Position | null): Segment[] {
  const column = SORT_COLUMNS[spec.column];
  const col = sql.raw(column.expr);
  const desc = spec.direction === 'desc';
  const dir = desc ? 'DESC' : 'ASC';
  const cmp = sql.raw(desc ? '<' : '>');
  // An aggregate sort keys on the view's own id, so its index (value, id) serves both the range and
  // the order; the view never holds a NULL value, so its order carries no NULLS clause either.
  const keyId = column.aggregate ? 'ua.id' : 'u.id';
  const nulls = column.nullable && !column.aggregate ? (desc ? ' NULLS LAST' : ' NULLS FIRST') : '';
  const valuedOrder = sql.raw(`${column.expr} ${dir}${nulls}, ${keyId} ${dir}`);
  // Rows without a value order by id alone; on `users` the same order as the valued one (its index).
  const unvaluedOrder = column.aggregate ? sql.raw(`u.id ${dir}`) : valuedOrder;
  const valued = { where: sql`${col} IS NOT NULL`, order: valuedOrder };
  const unvalued = { where: sql`${col} IS NULL`, order: unvaluedOrder };
  if (!after) {
    if (!column.aggregate) return [{ where: sql`true`, order: valuedOrder }];
    return desc ? [valued, unvalued] : [unvalued, valued];
  }
  const value = sql`${after.v}::${sql.raw(column.cast)}`;
  const id = sql`${after.id}::uuid`;
  const key = sql.raw(keyId);
  if (!column.nullable)
    return [{ where: sql`(${col}, ${key}) ${cmp} (${value}, ${id})`, order: valuedOrder }];
  if (after.v === null) {
    const rest = { where: sql`${unvalued.where} AND u.id ${cmp} ${id}`, order: unvaluedOrder };
    return desc ? [rest] : [rest, valued];
  }
  const rest = {
    where: sql`${valued.where} AND (${col}, ${key}) ${cmp} (${value}, ${id})`,
    order: valuedOrder,
  };
  return desc ? [rest, unvalued] : [rest];
}

type Segment = { where: SQL; order: SQL };

/** The order of the segments' rows (`alias`: the page built from them), by their `sort_value` and id. */
function orderOf(spec: SortSpec, alias: string): SQL {
  const column = SORT_COLUMNS[spec.column];
  const nulls = column.nullable ? (spec.direction === 'desc' ? ' NULLS LAST' : ' NULLS FIRST') : '';
  const dir = spec.direction.toUpperCase();
  return sql.raw(`${alias}.sort_value ${dir}${nulls}, ${alias}.id ${dir}`);
}

/** The list's total for these filters: asked for by `GET /api/admin/users/count`, never by a page. */
export async function countUsers(
  db: Db,
  filters: UsersCountQuery,
  options: { exactTotalLimit?: number } = {},
): Promise<ListCountResponse> {
  const from = sql`users u ${where(filterConditions(filters))}`;
  return { total: await countTotal(db, from, options.exactTotalLimit ?? EXACT_TOTAL_LIMIT) };
}

/**
 * One page of members, keyset-paginated by (sort column, id): no OFFSET, and the per-row extras are
 * computed for the page only; the total is asked for on its own (countUsers). `cursorKey` signs the cursors.
 */
export async function listUsers(
  db: Db,
  query: UsersListQuery,
  options: { cursorKey: Buffer | string },
): Promise<UsersListResponse> {
  const page = await pageOfUsers(db, query, options.cursorKey, 'list');
  return { rows: page.records.map(toUserRow), nextCursor: page.nextCursor };
}

/**
 * One page of the Users list as its CSV export reads it (UserExportRow): the same filter, sort, keyset
 * paging and cursors as listUsers, the same values, less the teams no export column shows.
 */
export async function listUsersForExport(
  db: Db,
  query: UsersListQuery,
  options: { cursorKey: Buffer | string },
): Promise<{ rows: UserExportRow[]; nextCursor: string | null }> {
  const page = await pageOfUsers(db, query, options.cursorKey, 'export');
  return { rows: page.records.map(toUserExportRow), nextCursor: page.nextCursor };
}

/**
 * The whole Users export as one query, in the list's order (`orderOf` sorts exactly as the keyset
 * segments page: the rows without a value last when descending, first when ascending, by id), for a
 * cursor to read (`userExportPages`). Each row carries `sort_key`, so that a read cut short can go on
 * through the list's own keyset pages from the last row sent.
 */
export function usersExportQuery(query: UsersExportQuery): SQL {
  const { sort, ...filters } = query;
  const spec = specOf(sort);
  const column = SORT_COLUMNS[spec.column];
  const joined = column.aggregate ? sql`LEFT JOIN user_aggregate ua ON ua.id = u.id` : sql``;
  const set = sql`SELECT u.*, ${sql.raw(column.expr)} AS sort_value
                    FROM users u ${joined} ${where(filterConditions(filters))}`;
  // The cursor's key text is made after the sort, from the sorted value.
  return wholeSetRowsOf(set, sql`, ${column.key('p.sort_value')} AS sort_key`, orderOf(spec, 'p'));
}

/** The keyset cursor that continues the list after `row` (a row of usersExportQuery). */
export function cursorAfterUser(
  cursorKey: Buffer | string,
  sort: UserSort,
  row: { id: string; sort_key: string | null },
): string {
  return encodeCursor(cursorKey, { s: sort, v: row.sort_key, id: row.id } satisfies Position);
}

async function pageOfUsers(
  db: Db,
  query: UsersListQuery,
  cursorKey: Buffer | string,
  shape: UserRowsShape,
): Promise<{ records: UserRecord[]; nextCursor: string | null }> {
  const { sort, pageSize, cursor, ...filters } = query;
  const spec = specOf(sort);
  const after = cursor ? decodeCursor(cursorKey, cursor, isPosition) : null;
  if (after && after.s !== sort) {
    throw new AppError(
      'bad_request',
      'query.cursor belongs to another sort order; start from the first page',
      [{ path: 'query.cursor', message: `cursor was issued for sort ${after.s}` }],
    );
  }
  const conditions = filterConditions(filters);
  const limit = pageSize + 1;
  const column = SORT_COLUMNS[spec.column];
  const joined = column.aggregate ? sql`LEFT JOIN user_aggregate ua ON ua.id = u.id` : sql``;
  const parts = segmentsAfter(spec, after);
  const segments = parts.map((segment, index) => {
    // A later segment runs only when the earlier ones leave the page short: an uncorrelated
    // condition, so the planner checks it once and skips the scan (the rows without a value, say the
    // members the aggregate does not hold yet, cost a scan that a full page never needs).
    const earlier = parts
      .slice(0, index)
      .map(
        (before) =>
          sql`(SELECT 1 FROM users u ${joined} ${where([...conditions, before.where])} LIMIT ${limit})`,
      );
    const gate = earlier.length
      ? [sql`(SELECT count(*) FROM (${sql.join(earlier, sql` UNION ALL `)}) g) < ${limit}`]
      : [];
    return sql`(SELECT u.*, ${column.key(column.expr)} AS sort_key, ${sql.raw(column.expr)} AS sort_value, ${sql.raw(String(index))} AS seg
             FROM users u ${joined}
            ${where([...conditions, segment.where, ...gate])} ORDER BY ${segment.order} LIMIT ${limit})`;
  });
  const page =
    segments.length === 1
      ? segments[0]!
      : sql`SELECT * FROM (${sql.join(segments, sql` UNION ALL `)}) s ORDER BY s.seg, ${orderOf(spec, 's')} LIMIT ${limit}`;
  // No total here: the table asks for it once per filter (countUsers), so a page costs its page.
  const records = await rows<UserRecord & { sort_key: string | null }>(
    db,
    userRowsOf(page, sql`, p.sort_key, p.seg`, sql`p.seg, ${orderOf(spec, 'p')}`, shape),
  );
  const shown = records.slice(0, pageSize);
  const last = shown[shown.length - 1];
  return {
    records: shown,
    nextCursor:
      records.length > pageSize && last
        ? encodeCursor(cursorKey, { s: sort, v: last.sort_key, id: last.id } satisfies Position)
        : null,
  };
}
