import { type SQL, sql } from 'drizzle-orm';
import { maskIp, maskPiiInText } from '../../../../contracts/pii.ts';
import type { UserRow } from '../../../../contracts/users.ts';
import { type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { isoText } from './iso-text.ts';

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  picture_url: string | null;
  role: UserRow['role'];
  status: UserRow['status'];
  auth_provider: UserRow['authProvider'];
  providers: string | null;
  email_verified_at: string | null;
  mfa_enabled: boolean;
  last_login_at: string | null;
  last_ip: string | null;
  last_user_agent: string | null;
  sessions_count: number;
  orders_count: number;
  lifetime_value: string;
  joined: string;
  teams: UserRow['teams'] | null;
  team_count: number;
  onboarding: UserRow['onboarding'];
};

/**
 * What a CSV export reads of a UserRow: all but the name parts, the picture, the user agent and the
 * teams, which no export column shows. Its queries skip them (the teams join and the user agent's
 * masking were a fifth of a row's cost at a million rows, and every column read costs the driver a
 * string a row); everything it does show is the list's own value, computed the same way.
 */
export type UserExportRow = Omit<
  UserRow,
  'firstName' | 'lastName' | 'pictureUrl' | 'lastUserAgent' | 'teams' | 'teamCount' | 'onboarding'
>;

/** The list's full row, or what its export reads (`UserExportRow`), for a page of members. */
export type UserRowsShape = 'list' | 'export';

/**
 * The UserRow columns for the users of `page`, a subquery over `users` already filtered, ordered and
 * limited. Everything per row (staff role, identities, live sessions, order totals) is joined here,
 * after the LIMIT, so it costs one page of index lookups whatever the size of the table.
 */
export function userRowsOf(page: SQL, extraColumns: SQL, orderBy: SQL, shape: UserRowsShape = 'list'): SQL {
  const list = shape === 'list';
  const teamColumns = list
    ? sql`, p.last_user_agent, tm.list AS teams, tm.n::int AS team_count,
           CASE WHEN tm.self_pair THEN 'self_pair' WHEN p.onboarded_at IS NOT NULL THEN 'onboarded'
                ELSE 'registered' END AS onboarding`
    : sql``;
  const teamJoin = list
    ? sql`LEFT JOIN LATERAL (
        SELECT count(*) AS n, bool_or(t.kind = 'self_pair') AS self_pair,
               (json_agg(json_build_object('id', t.id, 'name', t.name, 'kind', t.kind)
                         ORDER BY t.kind DESC, m.joined_at) FILTER (WHERE t.id IS NOT NULL)) AS list
          FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = p.id
      ) tm ON true`
    : sql``;
  const profile = list ? sql`, p.first_name, p.last_name, p.picture_url` : sql``;
  const columns = sql`${rowColumns(JOINED_EXTRAS)} ${profile} ${teamColumns} ${extraColumns}`;
  if (!list) {
    // An export page of 500 groups its own members' identities and live sessions in one pass each
    // (set-based) instead of a subquery per row, which cost most of an export's time in the database.
    return sql`
      WITH p AS MATERIALIZED (${page})
      SELECT ${columns}
        FROM p
        ${extrasJoined(true)}
       ORDER BY ${orderBy}`;
  }
  return sql`
    SELECT ${columns}
      FROM (${page}) p
      LEFT JOIN admin_users a ON a.user_id = p.id
      LEFT JOIN user_aggregate ua ON ua.id = p.id
      LEFT JOIN LATERAL (
        SELECT string_agg(${PROVIDER}, ',') AS list FROM user_identities i WHERE i.user_id = p.id
      ) prov ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS n FROM sessions s WHERE s.user_id = p.id AND s.expires_at > now()
      ) sess ON true
      ${teamJoin}
     ORDER BY ${orderBy}`;
}

/**
 * An identity's provider as the list names it. Grouped per member as found (`providerList` orders
 * them and drops repeats): ordering them in the database made a whole set's grouping a sort of every
 * identity.
 */
const PROVIDER = sql.raw(`CASE WHEN i.provider = 'credential' THEN 'password' ELSE i.provider END`);

/** Where the per-member extras come from: the joined tables, or the sorted set's own columns. */
type Extras = { role: SQL; providers: SQL; sessions: SQL; orders: SQL; value: SQL };
const JOINED_EXTRAS: Extras = {
  role: sql`coalesce(a.role, 'user')`,
  providers: sql`prov.list`,
  sessions: sql`coalesce(sess.n, 0)`,
  orders: sql`coalesce(ua.orders_count, 0)`,
  value: sql`coalesce(ua.lifetime_value, 0)`,
};
const SORTED_EXTRAS: Extras = {
  role: sql`p.role`,
  providers: sql`p.providers`,
  sessions: sql`p.sessions_count`,
  orders: sql`p.orders_count`,
  value: sql`p.lifetime_value`,
};

/**
 * The joins JOINED_EXTRAS reads, for the members of `p`: identities and live sessions grouped in one
 * pass each and joined by hash, over the members of the CTE `p` only (a page) or over every member
 * (a whole set, where a lookup per row and table touched a table page for each).
 */
function extrasJoined(pageOnly: boolean): SQL {
  const ofPage = (column: string) => (pageOnly ? sql.raw(`AND ${column} IN (SELECT id FROM p)`) : sql``);
  return sql`
    LEFT JOIN admin_users a ON a.user_id = p.id
    LEFT JOIN user_aggregate ua ON ua.id = p.id
    LEFT JOIN (
      SELECT i.user_id, string_agg(${PROVIDER}, ',') AS list FROM user_identities i
       WHERE true ${ofPage('i.user_id')} GROUP BY i.user_id
    ) prov ON prov.user_id = p.id
    LEFT JOIN (
      SELECT s.user_id, count(*) AS n FROM sessions s
       WHERE s.expires_at > now() ${ofPage('s.user_id')} GROUP BY s.user_id
    ) sess ON sess.user_id = p.id`;
}

/** The UserRecord columns every shape shares, over `p` (a users row) and the extras. */
function rowColumns(extras: Extras): SQL {
  return sql`p.id::text AS id, p.email, p.name, ${extras.role} AS role, p.status, p.auth_provider, ${extras.providers} AS providers,
           ${isoText('p.email_verified_at')} AS email_verified_at, p.mfa_enabled,
           ${isoText('p.last_login_at')} AS last_login_at, host(p.last_ip) AS last_ip,
           ${extras.sessions}::int AS sessions_count, ${extras.orders}::int AS orders_count,
           ${extras.value}::numeric(12, 2)::text AS lifetime_value,
           ${isoText('p.created_at')} AS joined`;
}

/**
 * What the export reads of every member of `set` (users already filtered, with their `sort_value`),
 * in `orderBy`: one query for a cursor to read through. Its order needs a sort of every row
 * before the first one goes out, so the sort carries raw values only, and the text the export shows
 * (timestamps, IPs, amounts: a microsecond each per row in the database) is made after it, as rows
 * stream, while the database has nothing else to do. A subquery with ORDER BY is planned on its own (Postgres never
 * merges it into the outer query), and the outer ORDER BY, which its order already satisfies, costs
 * no second sort but keeps the order a promise rather than a plan's habit.
 */
export function wholeSetRowsOf(set: SQL, extraColumns: SQL, orderBy: SQL): SQL {
  return sql`
    SELECT ${rowColumns(SORTED_EXTRAS)} ${extraColumns}
      FROM (
        SELECT p.id, p.email, p.name, p.status, p.auth_provider,
               p.email_verified_at, p.mfa_enabled, p.last_login_at, p.last_ip, p.created_at, p.sort_value,
               ${JOINED_EXTRAS.role} AS role, ${JOINED_EXTRAS.providers} AS providers,
               ${JOINED_EXTRAS.sessions} AS sessions_count, ${JOINED_EXTRAS.orders} AS orders_count,
               ${JOINED_EXTRAS.value} AS lifetime_value
          FROM (${set}) p
          ${extrasJoined(false)}
         ORDER BY ${orderBy}
      ) p
     ORDER BY ${orderBy}`;
}

/** Row → what an export reads (see UserExportRow): the list's values, last IP masked. */
export function toUserExportRow(record: UserRecord): UserExportRow {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    role: record.role,
    status: record.status,
    authProvider: record.auth_provider,
    providers: providerList(record.providers),
    emailVerifiedAt: record.email_verified_at,
    mfaEnabled: record.mfa_enabled,
    lastLoginAt: record.last_login_at,
    lastIp: maskIp(record.last_ip),
    sessionsCount: Number(record.sessions_count),
    ordersCount: Number(record.orders_count),
    lifetimeValue: record.lifetime_value,
    joined: record.joined,
  };
}

/** 'password,google' → its providers, each once and in order (every shape groups them as found). */
function providerList(text: string | null): string[] {
  if (!text) return [];
  if (!text.includes(',')) return [text];
  return [...new Set(text.split(','))].sort();
}

/** Row → API shape. The last IP is always masked here: full values come only from the reveal endpoint. */
export function toUserRow(record: UserRecord): UserRow {
  return {
    ...toUserExportRow(record),
    firstName: record.first_name,
    lastName: record.last_name,
    pictureUrl: record.picture_url,
    // Client-sent free text: masked like any (an IP or email inside it), as the IP beside it is.
    lastUserAgent: record.last_user_agent === null ? null : maskPiiInText(record.last_user_agent),
    teams: (record.teams ?? []).slice(0, 3),
    teamCount: Number(record.team_count ?? 0),
    onboarding: record.onboarding,
  };
}

/** One member as a UserRow (on `db`, which may be the transaction that just changed them). */
export async function loadUserRow(db: Db, userId: string): Promise<UserRow> {
  const records = await rows<UserRecord>(
    db,
    userRowsOf(sql`SELECT * FROM users WHERE id = ${userId}::uuid`, sql``, sql`p.id`),
  );
  const record = records[0];
  if (!record) throw new AppError('not_found', `No member ${userId}`);
  return toUserRow(record);
}
