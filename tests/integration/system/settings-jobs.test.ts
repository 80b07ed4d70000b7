import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('GET/PATCH /api/admin/settings', () => {
  it('shows defaults, lets manage_settings change them (audited), and names bad fields', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const initial = await call(t, { method: 'GET', url: '/api/admin/settings', cookie });
    expect(initial.json().settings).toEqual({
      loginEventRetentionDays: 90,
      analyticsRetentionDays: 365,
      lowStockThreshold: 5,
      adminEnhanced: true,
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
      'analytics-retention',
      'catalog-search-reindex',
      'events-partitions',
      'expired-keys-cleanup',
      'health-pulse',
      'interrupted-sends',
      'login-events-retention',
      'morning-brief',
      'refund-reconcile',
      'signin-throttles-cleanup',
      'stripe-webhooks-stuck',
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
