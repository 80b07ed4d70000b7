import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PROVIDERS, USER_STATUSES, type UsersListResponse } from '../../../src/contracts/users.ts';
import type { Database } from '../../../src/server/db/client.ts';
import {
  DEMO_MEMBER_DOMAIN,
  demoMemberId,
  type SeedMembersResult,
  seedDemoMembers,
} from '../../../src/server/demo/members.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

/**
 * The demo members seed (`npm run demo:seed`, first start): deterministic, varied, idempotent, and
 * what it makes is what the Users API lists.
 */
const MEMBERS = 300;
let t: TestApp;
let other: TestDatabase;
let first: SeedMembersResult;
let second: SeedMembersResult;

beforeAll(async () => {
  t = await startTestApp();
  other = await createTestDatabase();
  first = await seedDemoMembers(t.database, { members: MEMBERS });
  second = await seedDemoMembers(other, { members: MEMBERS });
}, 120_000);

afterAll(async () => {
  await other?.close();
  await t?.close();
});

const demoEmails = (database: Database) =>
  database.sql.query<{ id: string; email: string; status: string; auth_provider: string }>(
    `SELECT id::text AS id, email, status, auth_provider FROM users WHERE email LIKE $1 ORDER BY email`,
    [`%@${DEMO_MEMBER_DOMAIN}`],
  );

describe('seedDemoMembers', () => {
  it('is deterministic: two fresh databases get the same members, ids and counts', async () => {
    expect(first.created).toBe(true);
    expect(first.members).toBe(MEMBERS);
    const { timings: _a, ...firstCounts } = first;
    const { timings: _b, ...secondCounts } = second;
    expect(secondCounts).toEqual(firstCounts);
    const [a, b] = [await demoEmails(t.database), await demoEmails(other)];
    expect(a).toHaveLength(MEMBERS);
    expect(b).toEqual(a);
    for (const row of a) expect(row.email).toMatch(/^[a-z-]+\.[a-z-]+\.\d+@demo-members\.test$/);
    expect(a.map((row) => row.id)).toContain(demoMemberId(1));
    const totals = (database: Database) =>
      database.sql.query<{ orders: string; ltv: string }>(
        `SELECT count(*)::text AS orders, coalesce(sum(total), 0)::text AS ltv FROM orders`,
      );
    expect(await totals(other)).toEqual(await totals(t.database));
  });

  it('makes every provider and status, identities that match, and the other tables', async () => {
    const rows = await demoEmails(t.database);
    expect(new Set(rows.map((row) => row.auth_provider))).toEqual(new Set(AUTH_PROVIDERS));
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(USER_STATUSES));
    const mismatched = await t.database.sql.query(
      `SELECT u.email FROM users u
        WHERE u.email LIKE $1
          AND u.auth_provider IS DISTINCT FROM (
            SELECT CASE WHEN bool_or(i.provider = 'credential') AND bool_or(i.provider = 'google') THEN 'both'
                        WHEN bool_or(i.provider = 'google') THEN 'google'
                        WHEN bool_or(i.provider = 'credential') THEN 'password' END
              FROM user_identities i WHERE i.user_id = u.id)`,
      [`%@${DEMO_MEMBER_DOMAIN}`],
    );
    expect(mismatched).toEqual([]);
    for (const key of ['sessions', 'loginEvents', 'addresses', 'orders', 'orderItems', 'emails'] as const)
      expect(first[key], key).toBeGreaterThan(0);
    // Every order's total is the sum of its items; user_aggregate was refreshed.
    const [check] = await t.database.sql.query<{ bad: number; aggregated: number }>(
      `SELECT (SELECT count(*)::int FROM orders o
                WHERE o.total <> (SELECT sum(quantity * unit_price) FROM order_items i WHERE i.order_id = o.id)) AS bad,
              (SELECT count(*)::int FROM user_aggregate WHERE orders_count > 0) AS aggregated`,
    );
    expect(check?.bad).toBe(0);
    expect(check?.aggregated).toBeGreaterThan(0);
  });

  it('writes 90 days of login events, last sign-ins matching the users row, and failure bursts', async () => {
    const [events] = await t.database.sql.query<{
      outside: number;
      failures: number;
      unknown: number;
      mismatched: number;
      burst: number;
    }>(
      `SELECT count(*) FILTER (WHERE created_at < now() - interval '90 days' OR created_at > now())::int AS outside,
              count(*) FILTER (WHERE NOT success)::int AS failures,
              count(*) FILTER (WHERE user_id IS NULL)::int AS unknown,
              (SELECT count(*)::int FROM users u WHERE u.email LIKE $1 AND u.last_login_at IS DISTINCT FROM
                 (SELECT max(created_at) FROM login_events e WHERE e.user_id = u.id AND e.success)) AS mismatched,
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM login_events WHERE NOT success
                 GROUP BY ip, date_trunc('hour', created_at)) b) AS burst
         FROM login_events`,
      [`%@${DEMO_MEMBER_DOMAIN}`],
    );
    expect(events?.outside).toBe(0);
    expect(events?.failures).toBeGreaterThan(0);
    expect(events?.unknown).toBeGreaterThan(0);
    expect(events?.mismatched).toBe(0);
    expect(events?.burst).toBeGreaterThanOrEqual(20);
    const ips = await t.database.sql.query<{ ip: string }>(
      `SELECT DISTINCT host(last_ip) AS ip FROM users WHERE email LIKE $1 AND last_ip IS NOT NULL`,
      [`%@${DEMO_MEMBER_DOMAIN}`],
    );
    expect(ips.some((row) => row.ip.includes(':'))).toBe(true);
    expect(ips.some((row) => row.ip.includes('.'))).toBe(true);
    for (const { ip } of ips) expect(ip).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/);
  });

  it('adds nothing when demo members exist already', async () => {
    const again = await seedDemoMembers(t.database, { members: MEMBERS });
    expect(again.created).toBe(false);
    expect(await demoEmails(t.database)).toHaveLength(MEMBERS);
  });

  it('is what GET /api/admin/users lists, and User 360 opens', async () => {
    const { cookie } = await staffCookie(t, 'support');
    const response = await call(t, { method: 'GET', url: '/api/admin/users?pageSize=100', cookie });
    expect(response.statusCode).toBe(200);
    const body = response.json() as UsersListResponse;
    const count = await call(t, { method: 'GET', url: '/api/admin/users/count', cookie });
    expect(count.json().total).toEqual({ value: MEMBERS + 1, estimated: false });
    expect(body.rows).toHaveLength(100);
    expect(body.rows.filter((row) => row.email.endsWith(`@${DEMO_MEMBER_DOMAIN}`)).length).toBeGreaterThan(
      95,
    );
    const google = await call(t, {
      method: 'GET',
      url: '/api/admin/users?provider=google&status=suspended',
      cookie,
    });
    expect((google.json() as UsersListResponse).rows.length).toBeGreaterThan(0);
    const user = await call(t, { method: 'GET', url: `/api/admin/users/${demoMemberId(1)}`, cookie });
    expect(user.statusCode).toBe(200);
    expect(user.json().activity.length).toBeGreaterThan(0);
  });
});
