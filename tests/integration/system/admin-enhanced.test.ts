import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/** ADMIN_ENHANCED (seed 001 §8): an environment default, a runtime setting, reported by /me. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const me = async (cookie: string) => (await call(t, { method: 'GET', url: '/api/admin/me', cookie })).json();
const patch = (cookie: string, payload: object) =>
  call(t, { method: 'PATCH', url: '/api/admin/settings', cookie, payload });

describe('ADMIN_ENHANCED through PATCH /api/admin/settings and GET /api/admin/me', () => {
  it('is on by default, manage_settings turns it off and on (audited), and every role sees it in /me', async () => {
    const developer = (await staffCookie(t, 'developer')).cookie;
    const support = (await staffCookie(t, 'support')).cookie;
    expect((await me(support)).adminEnhanced).toBe(true);

    const off = await patch(developer, { adminEnhanced: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().settings.adminEnhanced).toBe(false);
    expect((await me(support)).adminEnhanced).toBe(false);
    expect((await me(developer)).adminEnhanced).toBe(false);
    const [event] = await t.database.sql.query<{ subject_id: string; payload: object }>(
      `SELECT subject_id, payload FROM events WHERE type = 'setting.changed' ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toEqual({
      subject_id: 'ui.admin_enhanced',
      payload: { name: 'adminEnhanced', from: true, to: false },
    });

    // The API keeps serving the blocks the console hides (README, "Enhanced console").
    const users = await call(t, { method: 'GET', url: '/api/admin/users', cookie: support });
    expect(users.statusCode).toBe(200);

    const on = await patch(developer, { adminEnhanced: true });
    expect(on.json().settings.adminEnhanced).toBe(true);
    expect((await me(support)).adminEnhanced).toBe(true);
  });

  it('refuses a role without manage_settings and a value that is not a boolean, naming the field', async () => {
    const support = (await staffCookie(t, 'support')).cookie;
    expect((await patch(support, { adminEnhanced: false })).statusCode).toBe(403);
    const developer = (await staffCookie(t, 'developer')).cookie;
    const bad = await patch(developer, { adminEnhanced: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('body.adminEnhanced');
    expect((await me(developer)).adminEnhanced).toBe(true);
  });
});

describe('ADMIN_ENHANCED=false (environment default)', () => {
  it('starts off until System → Settings turns it on', async () => {
    const off = await startTestApp({ ADMIN_ENHANCED: 'false' });
    try {
      const developer = (await staffCookie(off, 'developer')).cookie;
      const read = async () =>
        (await call(off, { method: 'GET', url: '/api/admin/me', cookie: developer })).json().adminEnhanced;
      expect(await read()).toBe(false);
      const on = await call(off, {
        method: 'PATCH',
        url: '/api/admin/settings',
        cookie: developer,
        payload: { adminEnhanced: true },
      });
      expect(on.statusCode).toBe(200);
      expect(await read()).toBe(true);
    } finally {
      await off.close();
    }
  });
});
