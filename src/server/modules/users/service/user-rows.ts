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
 * What a CSV export reads of a UserRow: all but the user agent and the teams, which no export column
 * shows. Its page skips the teams join and the user agent's masking, which were a fifth of a row's cost
 * at a million rows; everything it does show is the list's own value, computed the same way.
 */
export type UserExportRow = Omit<UserRow, 'lastUserAgent' | 'teams' | 'teamCount' | 'onboarding'>;

/**
 * The list's full row (a page), the export's (`UserExportRow`, a page), or the export's over a whole
 * filtered set read through a cursor ('export-all': each per-row table grouped once and hash-joined,
 * instead of one index lookup per row and table).
 */
export type UserRowsShape = 'list' | 'export' | 'export-all';

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
  const columns = sql`p.id::text AS id, p.email, p.name, p.first_name, p.last_name, p.picture_url,
           coalesce(a.role, 'user') AS role, p.status, p.auth_provider, prov.list AS providers,
           ${isoText('p.email_verified_at')} AS email_verified_at, p.mfa_enabled,
           ${isoText('p.last_login_at')} AS last_login_at, host(p.last_ip) AS last_ip,
           coalesce(sess.n, 0)::int AS sessions_count, coalesce(ua.orders_count, 0)::int AS orders_count,
           coalesce(ua.lifetime_value, 0)::numeric(12, 2)::text AS lifetime_value,
           ${isoText('p.created_at')} AS joined ${teamColumns} ${extraColumns}`;
  if (!list) {
    // An export groups identities and live sessions in one pass each (set-based) instead of a
    // subquery per row, which cost most of an export's time in the database. A page of 500
    // ('export') groups only its own members; the whole set read through a cursor ('export-all')
    // groups every member's once and joins by hash: at a million members a lookup per row and table
    // touched a table page for each (30 µs a row), one pass reads each table in order.
    const onPage = shape === 'export';
    const ofPage = (column: string) => (onPage ? sql`AND ${sql.raw(column)} IN (SELECT id FROM p)` : sql``);
    return sql`
      ${onPage ? sql`WITH p AS MATERIALIZED (${page})` : sql``}
      SELECT ${columns}
        FROM ${onPage ? sql`p` : sql`(${page}) p`}
        LEFT JOIN admin_users a ON a.user_id = p.id
        LEFT JOIN user_aggregate ua ON ua.id = p.id
        LEFT JOIN (
          SELECT x.user_id, string_agg(x.provider, ',' ORDER BY x.provider) AS list
            FROM (SELECT DISTINCT i.user_id,
                         CASE WHEN i.provider = 'credential' THEN 'password' ELSE i.provider END AS provider
                    FROM user_identities i WHERE true ${ofPage('i.user_id')}) x
           GROUP BY x.user_id
        ) prov ON prov.user_id = p.id
        LEFT JOIN (
          SELECT s.user_id, count(*) AS n FROM sessions s
           WHERE s.expires_at > now() ${ofPage('s.user_id')} GROUP BY s.user_id
        ) sess ON sess.user_id = p.id
       ORDER BY ${orderBy}`;
  }
  return sql`
    SELECT ${columns}
      FROM (${page}) p
      LEFT JOIN admin_users a ON a.user_id = p.id
      LEFT JOIN user_aggregate ua ON ua.id = p.id
      LEFT JOIN LATERAL (
        SELECT string_agg(x.provider, ',' ORDER BY x.provider) AS list
          FROM (SELECT DISTINCT CASE WHEN i.provider = 'credential' THEN 'password' ELSE i.provider END AS provider
                  FROM user_identities i WHERE i.user_id = p.id) x
      ) prov ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS n FROM sessions s WHERE s.user_id = p.id AND s.expires_at > now()
      ) sess ON true
      ${teamJoin}
     ORDER BY ${orderBy}`;
}

/** Row → what an export reads (see UserExportRow): the list's values, last IP masked. */
export function toUserExportRow(record: UserRecord): UserExportRow {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    firstName: record.first_name,
    lastName: record.last_name,
    pictureUrl: record.picture_url,
    role: record.role,
    status: record.status,
    authProvider: record.auth_provider,
    providers: record.providers ? record.providers.split(',') : [],
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

/** Row → API shape. The last IP is always masked here: full values come only from the reveal endpoint. */
export function toUserRow(record: UserRecord): UserRow {
  return {
    ...toUserExportRow(record),
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
