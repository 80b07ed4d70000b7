import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemOverview } from '../../../src/contracts/system.ts';
import type { UsersListResponse } from '../../../src/contracts/users.ts';
import { loadConfig, toolEnv } from '../../../src/server/config.ts';
import { connectOnce, rows, type SqlRunner } from '../../../src/server/db/client.ts';
import { lsnValue, READ_AFTER_COOKIE } from '../../../src/server/platform/reads.ts';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

/**
 * Read replica (platform/reads.ts): list, search, export and analytics reads go to a streaming
 * replica, a session reads its own writes, and a replica that is down or lags is skipped and shown in
 * System. The replica tests run where `.ci/run` started one (TEST_REPLICA_URL, a hot standby of
 * TEST_DATABASE_URL's server): each test database, made on the primary, reaches it by replication.
 */
const replicaServer = toolEnv().testReplicaUrl;
const withReplica = ENGINE === 'postgres' && Boolean(replicaServer);

function onServer(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function systemHealth(t: TestApp, cookie: string): Promise<SystemOverview['health']> {
  const response = await call(t, { method: 'GET', url: '/api/admin/system', cookie });
  expect(response.statusCode).toBe(200);
  return (response.json() as SystemOverview).health;
}

function readAfterCookie(response: LightMyRequestResponse): string | null {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const line = all.find((value) => value.startsWith(`${READ_AFTER_COOKIE}=`));
  return line ? line.split(';')[0]!.slice(READ_AFTER_COOKIE.length + 1) : null;
}

describe('read replica, not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads use the primary, writes set no cookie, and System says "not configured"', async () => {
    expect(await t.app.mc.reads.reader(null)).toBe(t.database.db);
    const { cookie } = await staffCookie(t, 'super_admin');
    const member = await createMember(t);
    const suspended = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${member.userId}/suspend`,
      cookie,
      payload: { reason: 'no replica here' },
    });
    expect(suspended.statusCode).toBe(200);
    expect(readAfterCookie(suspended)).toBeNull();
    const health = await systemHealth(t, cookie);
    expect(health.readReplica).toMatchObject({ state: 'not_configured', host: null });
    expect(health.checks.find((check) => check.key === 'readReplica')).toMatchObject({
      value: 'not configured',
      level: 'green',
    });
  });

  it('orders WAL positions as Postgres does, and refuses anything else', () => {
    expect(lsnValue('0/16B3748')).toBe(0x16b3748n);
    expect(lsnValue('1/0')! > lsnValue('0/FFFFFFFF')!).toBe(true);
    expect(lsnValue('A/1')! > lsnValue('9/FFFFFFFF')!).toBe(true);
    for (const bad of ['', 'x/y', '1/2/3', '123456789/0', '0/1; Path=/', null, undefined]) {
      expect(lsnValue(bad)).toBeNull();
    }
  });

  it('refuses DATABASE_REPLICA_URL without DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://reader@replica.internal/mc' })).toThrow(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    );
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@primary.internal/mc',
      DATABASE_REPLICA_URL: 'postgres://app@replica.internal/mc',
      REPLICA_MAX_LAG: '2s',
    });
    expect(config.replica).toEqual({
      url: 'postgres://app@replica.internal/mc',
      maxLagMs: 2000,
      waitMs: 200,
    });
  });
});

describe.skipIf(!withReplica)('read replica: a streaming standby (TEST_REPLICA_URL)', () => {
  let t: TestApp;
  let standby: SqlRunner & { close(): Promise<void> };
  let admin: string;
  let viewer: string;

  /** What the primary has written so far, replayed by the standby. */
  async function caughtUp() {
    const [primary] = await t.database.sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    await waitFor('the standby to replay the primary', async () => {
      const [row] = await standby.query<{ lsn: string }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
      return lsnValue(row?.lsn)! >= lsnValue(primary?.lsn)!;
    });
  }

  async function listed(cookie: string, email: string): Promise<UsersListResponse['rows']> {
    const response = await call(t, {
      method: 'GET',
      url: `/api/admin/users?query=${encodeURIComponent(email)}`,
      cookie,
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as UsersListResponse).rows;
  }

  beforeAll(async () => {
    // Lag is counted from the last transaction the standby replayed: 3 s leaves the stale-read steps
    // below time to run on a busy machine, and the lag step waits it out.
    t = await startTestApp({ REPLICA_MAX_LAG: '3s' }, { replicaServer });
    standby = await connectOnce(onServer(replicaServer!, 'postgres'));
    await standby.query('SELECT pg_wal_replay_resume()');
    admin = (await staffCookie(t, 'super_admin')).cookie;
    viewer = (await staffCookie(t, 'super_admin')).cookie;
    // The test's database exists on the standby once its CREATE DATABASE is replayed.
    await waitFor('the test database on the standby', async () => {
      const probe = await connectOnce(onServer(replicaServer!, t.database.name));
      await probe.close();
      return true;
    });
    await caughtUp();
  });

  afterAll(async () => {
    // Never leave the shared standby paused.
    await standby?.query('SELECT pg_wal_replay_resume()').catch(() => {});
    await standby?.close();
    await t?.close();
  });

  it('list, search and analytics reads run on the hot standby', async () => {
    const reader = await t.app.mc.reads.reader(null);
    expect(reader).not.toBe(t.database.db);
    const [row] = await rows<{ standby: boolean }>(reader, sql`SELECT pg_is_in_recovery() AS standby`);
    expect(row?.standby).toBe(true);

    const before = (await systemHealth(t, viewer)).readReplica;
    expect(before).toMatchObject({ state: 'ok', host: '127.0.0.1', maxLagMs: 3000 });
    const member = await createMember(t);
    await caughtUp();
    expect(await listed(viewer, member.email)).toEqual([expect.objectContaining({ id: member.userId })]);
    const search = await call(t, { method: 'GET', url: '/api/admin/search?q=member', cookie: viewer });
    expect(search.statusCode).toBe(200);
    const analytics = await call(t, { method: 'GET', url: '/api/admin/analytics', cookie: viewer });
    expect(analytics.statusCode).toBe(200);
    const exported = await call(t, { method: 'GET', url: '/api/admin/users/export', cookie: viewer });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(member.email);
    const after = (await systemHealth(t, viewer)).readReplica;
    expect(after.replicaReads - before.replicaReads).toBe(4);
    expect(after.primaryReads).toBe(before.primaryReads);
  });

  it('a stale standby serves sessions that wrote nothing; a session reads its own write; the cookie carries it', async () => {
    // A fresh last-replayed transaction, then replay stops: lag counts from here.
    await t.database.sql.query('SELECT txid_current()');
    await caughtUp();
    await standby.query('SELECT pg_wal_replay_pause()');
    await waitFor('replay to pause', async () => {
      const [row] = await standby.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state');
      return row?.state === 'paused';
    });
    const member = await createMember(t);
    // Written on the primary only: a session that wrote nothing reads the standby, without it.
    expect(await listed(viewer, member.email)).toEqual([]);

    const suspended = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${member.userId}/suspend`,
      cookie: admin,
      payload: { reason: 'replica test' },
    });
    expect(suspended.statusCode).toBe(200);
    const readAfter = readAfterCookie(suspended);
    expect(lsnValue(readAfter)).not.toBeNull();
    expect(String(suspended.headers['set-cookie'])).toMatch(/Path=\/api; HttpOnly; SameSite=Lax/);

    // The session that wrote: the standby has not replayed its commit, so after the bounded wait
    // (REPLICA_WAIT, 200 ms) the read runs on the primary and sees the write.
    const started = performance.now();
    expect(await listed(admin, member.email)).toEqual([
      expect.objectContaining({ id: member.userId, status: 'suspended' }),
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // Another instance knows nothing of that session in memory: the cookie its answer set does.
    expect(await listed(`${viewer}; ${READ_AFTER_COOKIE}=${readAfter}`, member.email)).toHaveLength(1);
    // A forged, unparseable position is ignored (the standby, still without the member).
    expect(await listed(`${viewer}; ${READ_AFTER_COOKIE}=x/y'`, member.email)).toEqual([]);

    // Lag beyond REPLICA_MAX_LAG: System shows it, and every read goes to the primary.
    await waitFor('System to show the standby lagging', async () => {
      return (await systemHealth(t, viewer)).readReplica.state === 'lagging';
    });
    const lagging = await systemHealth(t, viewer);
    expect(lagging.readReplica.lagMs).toBeGreaterThan(3000);
    expect(lagging.checks.find((check) => check.key === 'readReplica')).toMatchObject({
      level: 'amber',
      value: expect.stringMatching(/^lagging \(lag \d+\.\d s\)$/),
    });
    expect(await listed(viewer, member.email)).toHaveLength(1);

    // Replay resumes: the standby catches up and serves again, member included.
    await standby.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    await waitFor('System to show the standby ok', async () => {
      return (await systemHealth(t, viewer)).readReplica.state === 'ok';
    });
    const before = (await systemHealth(t, viewer)).readReplica;
    expect(await listed(viewer, member.email)).toHaveLength(1);
    const after = (await systemHealth(t, viewer)).readReplica;
    expect(after.replicaReads - before.replicaReads).toBe(1);
  });
});

describe.skipIf(ENGINE !== 'postgres')('read replica: down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every connection is refused.
    t = await startTestApp({}, { replicaServer: 'postgres://postgres@127.0.0.1:1/postgres' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads still answer from the primary, and System shows the replica down', async () => {
    const { cookie } = await staffCookie(t, 'super_admin');
    const member = await createMember(t);
    const list = await call(t, {
      method: 'GET',
      url: `/api/admin/users?query=${encodeURIComponent(member.email)}`,
      cookie,
    });
    expect(list.statusCode).toBe(200);
    expect((list.json() as UsersListResponse).rows).toHaveLength(1);
    const exported = await call(t, { method: 'GET', url: '/api/admin/users/export', cookie });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(member.email);

    const health = await systemHealth(t, cookie);
    expect(health.readReplica).toMatchObject({ state: 'down', host: '127.0.0.1', lagMs: null });
    expect(health.readReplica.reason).toMatch(/ECONNREFUSED/);
    expect(health.readReplica.primaryReads).toBeGreaterThanOrEqual(2);
    expect(health.readReplica.replicaReads).toBe(0);
    expect(health.checks.find((check) => check.key === 'readReplica')).toMatchObject({
      value: 'down',
      level: 'red',
    });
  });

  it('a query the replica cannot answer runs again on the primary', async () => {
    // Whatever the last check said, the replica's handle itself never fails a read.
    const replica = t.database.replica!;
    const [row] = await rows<{ standby: boolean }>(replica.db, sql`SELECT pg_is_in_recovery() AS standby`);
    expect(row?.standby).toBe(false);
  });
});
