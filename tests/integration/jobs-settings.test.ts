import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/client.ts';
import { rollUpLoginEvents } from '../../src/server/modules/users/service/login-events.ts';
import { JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../support/app.ts';
import { ENGINE } from '../support/engines.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** What the retention job hands the roll-up: the database and the config. */
const retention = () => ({ db: t.database.db, config: t.config });

async function seedLoginEvents(userId: string, daysAgo: number[], success = true) {
  for (const days of daysAgo) {
    await t.database.sql.query(
      `INSERT INTO login_events (user_id, email, provider, method, success, ip, created_at)
       VALUES ($1, 'x@example.test', 'password', 'signin', $2, '192.0.2.1', now() - make_interval(days => $3))`,
      [userId, success, days],
    );
  }
}

describe('login-event retention', () => {
  it('rolls raw events older than the setting into daily counts and deletes them, in batches, rerunnable', async () => {
    const member = await createMember(t);
    await seedLoginEvents(member.userId, [1, 10, 95, 95, 95, 120]);
    await seedLoginEvents(member.userId, [95], false);
    // A batch of 2 forces several batches; a second run finds nothing left to move.
    const first = await rollUpLoginEvents(retention(), 2);
    expect(first.moved).toBe(5);
    expect((await rollUpLoginEvents(retention(), 2)).moved).toBe(0);
    const raw = await t.database.sql.query('SELECT 1 FROM login_events WHERE user_id = $1', [member.userId]);
    expect(raw).toHaveLength(2);
    const daily = await t.database.sql.query<{ success: boolean; count: number }>(
      'SELECT success, count FROM login_events_daily WHERE user_id = $1 ORDER BY day, success',
      [member.userId],
    );
    expect(daily.map((row) => [row.success, row.count])).toEqual([
      [true, 1],
      [false, 1],
      [true, 3],
    ]);
  });

  it('adds to an existing day when more old events arrive (safe after an interrupted run)', async () => {
    const member = await createMember(t);
    await seedLoginEvents(member.userId, [100]);
    await rollUpLoginEvents(retention());
    await seedLoginEvents(member.userId, [100]);
    await rollUpLoginEvents(retention());
    const [row] = await t.database.sql.query<{ count: number }>(
      'SELECT count FROM login_events_daily WHERE user_id = $1',
      [member.userId],
    );
    expect(row!.count).toBe(2);
  });
});

describe('GET/PATCH /api/admin/settings', () => {
  it('shows defaults, lets manage_settings change them (audited), and names bad fields', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const initial = await call(t, { method: 'GET', url: '/api/admin/settings', cookie });
    expect(initial.json().settings).toEqual({
      loginEventRetentionDays: 90,
      analyticsRetentionDays: 365,
      lowStockThreshold: 5,
    });
    const changed = await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie,
      payload: { loginEventRetentionDays: 30 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().settings.loginEventRetentionDays).toBe(30);
    const [event] = await t.database.sql.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM events WHERE type = 'setting.changed' ORDER BY events.id DESC LIMIT 1`,
    );
    expect(event!.payload).toEqual({ name: 'loginEventRetentionDays', from: 90, to: 30 });
    const bad = await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie,
      payload: { loginEventRetentionDays: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toEqual({
      path: 'body.loginEventRetentionDays',
      message: 'keep at least 7 days',
    });
    const admin = (await staffCookie(t, 'admin')).cookie;
    expect(
      (
        await call(t, {
          method: 'PATCH',
          url: '/api/admin/settings',
          cookie: admin,
          payload: { lowStockThreshold: 9 },
        })
      ).statusCode,
    ).toBe(403);
    await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie,
      payload: { loginEventRetentionDays: 90 },
    });
  });

  it('uses the retention setting in the roll-up', async () => {
    const { cookie } = await staffCookie(t, 'super_admin');
    await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie,
      payload: { loginEventRetentionDays: 7 },
    });
    const member = await createMember(t);
    await seedLoginEvents(member.userId, [3, 8]);
    const run = await call(t, { method: 'POST', url: '/api/admin/jobs/login-events-retention/run', cookie });
    expect(run.json()).toMatchObject({ ran: true, ok: true });
    expect(
      await t.database.sql.query('SELECT 1 FROM login_events WHERE user_id = $1', [member.userId]),
    ).toHaveLength(1);
    await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie,
      payload: { loginEventRetentionDays: 90 },
    });
  });
});

describe('jobs and telemetry in GET /api/admin/system', () => {
  it('runs the aggregate refresh on request (audited) and lists every job with its last run', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const run = await call(t, { method: 'POST', url: '/api/admin/jobs/user-aggregate-refresh/run', cookie });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ ran: true, ok: true });
    expect(
      (await call(t, { method: 'POST', url: '/api/admin/jobs/no-such-job/run', cookie })).statusCode,
    ).toBe(404);
    const system = (await call(t, { method: 'GET', url: '/api/admin/system', cookie })).json();
    const refresh = system.jobs.find((job: { name: string }) => job.name === 'user-aggregate-refresh');
    expect(refresh).toMatchObject({ schedule: '*/10 * * * *', lastOk: true });
    expect(system.jobs.map((job: { name: string }) => job.name).sort()).toEqual([
      'expired-keys-cleanup',
      'health-pulse',
      'interrupted-sends',
      'login-events-retention',
      'morning-brief',
      'refund-reconcile',
      'user-aggregate-refresh',
    ]);
    const [event] = await t.database.sql.query(
      `SELECT 1 FROM events WHERE type = 'job.run_requested' AND subject_id = 'user-aggregate-refresh'`,
    );
    expect(event).toBeDefined();
  });

  it('collects console page timings from any staff member and summarizes them per page', async () => {
    const { cookie } = await staffCookie(t, 'support');
    for (const renderMs of [100, 200, 300]) {
      const sent = await call(t, {
        method: 'POST',
        url: '/api/admin/telemetry',
        cookie,
        payload: { page: '/users', ttfb: 40, renderMs, rows: 25 },
      });
      expect(sent.statusCode).toBe(204);
    }
    const bad = await call(t, {
      method: 'POST',
      url: '/api/admin/telemetry',
      cookie,
      payload: { page: 'javascript:alert(1)', ttfb: 1, renderMs: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const developer = (await staffCookie(t, 'developer')).cookie;
    const system = (await call(t, { method: 'GET', url: '/api/admin/system', cookie: developer })).json();
    expect(system.uiMetrics).toContainEqual({
      page: '/users',
      samples: 3,
      ttfbP50: 40,
      renderP50: 200,
      renderP95: 300,
      rowsAvg: 25,
    });
  });
});

// Two instances need two processes' worth of connections to one server; PGlite is a single process.
describe.runIf(ENGINE === 'postgres')('job locking across instances', () => {
  it('runs a job on exactly one of two instances that start it together', async () => {
    const slow = {
      name: 'test-slow',
      schedule: '0 0 1 1 *',
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return {};
      },
    };
    const other = await openDatabase({ kind: 'postgres', url: t.database.url!, poolSize: 2 });
    try {
      const first = new JobRunner(t.app.mc, [slow], t.app.log);
      const second = new JobRunner({ ...t.app.mc, database: other }, [slow], t.app.log);
      const outcomes = await Promise.all([first.runNow('test-slow'), second.runNow('test-slow')]);
      expect(outcomes.map((outcome) => outcome.ran).sort()).toEqual([false, true]);
      expect(outcomes.find((outcome) => !outcome.ran)?.detail).toEqual({
        skipped: 'running on another instance',
      });
    } finally {
      await other.close();
    }
  });
});
