import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardPlugin } from '../../../src/server/platform/auth/guard.ts';
import { registerErrorHandler } from '../../../src/server/platform/error-handler.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Read-only routes start their handler on the session last admitted with the token while the
// session check runs alongside. Whatever changed in the database since must still decide the answer.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const MISSING_MEMBER = '00000000-0000-4000-8000-000000000000';

/** A developer whose token the guard has just admitted on `url`, so the next read overlaps. */
async function primed(url = '/api/admin/users') {
  const { cookie, account } = await staffCookie(t, 'developer');
  expect((await call(t, { method: 'GET', url, cookie })).statusCode).toBe(200);
  return { cookie, account };
}

describe('a read-only route answers only what the session allows now', () => {
  it('refuses a session deleted after its last request, whatever the handler found', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/admin/users' },
      { method: 'HEAD' as const, url: '/api/admin/users' },
      { method: 'GET' as const, url: '/api/admin/users?pageSize=abc' },
      { method: 'GET' as const, url: `/api/admin/users/${MISSING_MEMBER}` },
    ]) {
      const { cookie, account } = await primed();
      await t.database.sql.query('DELETE FROM sessions WHERE user_id = $1', [account.userId]);
      const response = await call(t, { ...request, cookie });
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(401);
      if (request.method === 'GET') expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('refuses a member suspended since the last request', async () => {
    const { cookie, account } = await primed();
    await t.database.sql.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [account.userId]);
    expect((await call(t, { method: 'GET', url: '/api/admin/users', cookie })).statusCode).toBe(401);
  });

  it('asks for a new step-up once the last one has expired', async () => {
    const { cookie, account } = await primed();
    await t.database.sql.query(
      `UPDATE sessions SET step_up_at = now() - interval '1 day' WHERE user_id = $1`,
      [account.userId],
    );
    const response = await call(t, { method: 'GET', url: '/api/admin/users', cookie });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'step_up_required' });
  });

  it('answers a demoted member with the new role, and refuses what it no longer may do', async () => {
    const { cookie, account } = await primed('/api/admin/me');
    await primedAlso(cookie, '/api/admin/events');
    await t.database.sql.query(`UPDATE admin_users SET role = 'support' WHERE user_id = $1`, [
      account.userId,
    ]);

    const me = await call(t, { method: 'GET', url: '/api/admin/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'support' });
    expect(me.json().permissions).not.toContain('view_audit');

    const events = await call(t, { method: 'GET', url: '/api/admin/events', cookie });
    expect(events.statusCode).toBe(403);
    const denied = (await eventsOfType(t, 'authz.denied')).filter((row) => row.actor_id === account.userId);
    expect(denied.at(-1)).toMatchObject({ payload: { permission: 'view_audit', role: 'support' } });
  });

  it('answers a promoted member with the new role at once', async () => {
    const { cookie, account } = await staffCookie(t, 'support');
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie })).json()).toMatchObject({
      role: 'support',
    });
    await t.database.sql.query(`UPDATE admin_users SET role = 'developer' WHERE user_id = $1`, [
      account.userId,
    ]);
    const me = await call(t, { method: 'GET', url: '/api/admin/me', cookie });
    expect(me.json()).toMatchObject({ role: 'developer' });
    expect(me.json().permissions).toContain('view_pii');
  });

  it('serves repeated reads of an unchanged session', async () => {
    const { cookie } = await primed();
    for (let i = 0; i < 5; i++) {
      const response = await call(t, { method: 'GET', url: '/api/admin/users?pageSize=1', cookie });
      expect(response.statusCode).toBe(200);
      expect(response.json().rows).toHaveLength(1);
    }
  });
});

describe('declaring a read-only route', () => {
  it('is refused on anything but GET, and for a handler that takes the reply', async () => {
    const app = Fastify();
    app.decorate('mc', t.app.mc);
    await app.register(guardPlugin);
    expect(() =>
      app.post('/api/example', { config: { guard: 'view_users', readOnly: true } }, async () => ({})),
    ).toThrow(/only GET routes can be readOnly/);
    expect(() =>
      app.get('/api/example', { config: { guard: 'view_users', readOnly: true } }, async (_request, reply) =>
        reply.send({}),
      ),
    ).toThrow(/takes no reply/);
    await app.close();
  });

  it('answers a refused session without waiting for a slow handler', async () => {
    const app = Fastify();
    app.decorate('mc', t.app.mc);
    registerErrorHandler(app);
    await app.register(guardPlugin);
    let slow = false;
    app.get('/api/slow', { config: { guard: 'view_users', readOnly: true } }, async () => {
      if (slow) await new Promise((resolve) => setTimeout(resolve, 3_000));
      return { ok: true };
    });
    await app.ready();
    const { cookie, account } = await staffCookie(t, 'developer');
    const get = () => app.inject({ method: 'GET', url: '/api/slow', headers: { cookie } });
    expect((await get()).statusCode).toBe(200);
    await t.database.sql.query('DELETE FROM sessions WHERE user_id = $1', [account.userId]);
    slow = true;
    const started = Date.now();
    const refused = await get();
    expect(refused.statusCode).toBe(401);
    expect(Date.now() - started).toBeLessThan(2_000);
    await app.close();
  });
});

async function primedAlso(cookie: string, url: string) {
  expect((await call(t, { method: 'GET', url, cookie })).statusCode).toBe(200);
}
