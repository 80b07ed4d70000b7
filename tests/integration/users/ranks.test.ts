import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sessionCookie, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('staff act on staff accounts only from an equal or higher role', () => {
  it('refuses an admin suspending a super_admin, and support ending an admin’s sessions', async () => {
    const superAdmin = await staffCookie(t, 'super_admin');
    const admin = await staffCookie(t, 'admin');
    const support = await staffCookie(t, 'support');
    const suspend = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${superAdmin.account.userId}/suspend`,
      cookie: admin.cookie,
      payload: { reason: 'trying to lock out the owner' },
    });
    expect(suspend.statusCode).toBe(403);
    expect(suspend.json().message).toMatch(/admin cannot act on a super_admin/);
    expect(
      (await call(t, { method: 'GET', url: '/api/admin/me', cookie: superAdmin.cookie })).statusCode,
    ).toBe(200);

    const targetSession = await sessionCookie(t, admin.account.userId);
    const revoke = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${admin.account.userId}/sessions/revoke`,
      cookie: support.cookie,
    });
    expect(revoke.statusCode).toBe(403);
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: targetSession })).statusCode).toBe(
      200,
    );
    expect(
      await t.database.sql.query(`SELECT 1 FROM events WHERE type = 'user.suspended' AND subject_id = $1`, [
        superAdmin.account.userId,
      ]),
    ).toEqual([]);
  });

  it('lets a super_admin act on an admin, and an admin on another admin', async () => {
    const superAdmin = await staffCookie(t, 'super_admin');
    const admin = await staffCookie(t, 'admin');
    const otherAdmin = await staffCookie(t, 'admin');
    const peer = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${otherAdmin.account.userId}/sessions/revoke`,
      cookie: admin.cookie,
    });
    expect(peer.statusCode).toBe(200);
    const down = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${admin.account.userId}/suspend`,
      cookie: superAdmin.cookie,
      payload: { reason: 'left the company' },
    });
    expect(down.statusCode).toBe(200);
    expect(down.json().user.status).toBe('suspended');
  });
});
