import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpLoginEvents } from '../../../src/server/modules/users/service/login-events.ts';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

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

describe('POST /api/admin/jobs/login-events-retention/run', () => {
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
