import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  createStaff,
  eventsOfType,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';
import { startSmtpServer } from '../../support/smtp.ts';

/** User 360, sessions and every row action: state, sessions ended at once, one event each, replays. */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let superAdmin: { cookie: string; userId: string; email: string };
let admin: { cookie: string; userId: string };
let support: { cookie: string; userId: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url });
  const sa = await staffCookie(t, 'super_admin');
  superAdmin = { cookie: sa.cookie, userId: sa.account.userId, email: sa.account.email };
  const a = await staffCookie(t, 'admin');
  admin = { cookie: a.cookie, userId: a.account.userId };
  const s = await staffCookie(t, 'support');
  support = { cookie: s.cookie, userId: s.account.userId };
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const post = (url: string, cookie: string, payload?: unknown, headers: Record<string, string> = {}) =>
  call(t, {
    method: 'POST',
    url,
    cookie,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const get = (url: string, cookie: string) => call(t, { method: 'GET', url, cookie });
const me = (cookie: string) => get('/api/admin/me', cookie);
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  t.database.sql.query<T>(text, params);
const sessionsOf = async (userId: string) =>
  Number(
    (await q<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [userId]))[0]!.n,
  );

/** Runs `act` and checks it wrote exactly one event of `type`, stamped with the actor, request id and IP. */
async function expectOneEvent(type: string, actorId: string, subjectId: string, act: () => Promise<unknown>) {
  const before = (await eventsOfType(t, type)).length;
  await act();
  const after = await eventsOfType(t, type);
  expect(after.length - before, type).toBe(1);
  // eventsOfType orders by the id as text: take the newest by number.
  const event = after.reduce((newest, row) => (BigInt(row.id) > BigInt(newest.id) ? row : newest));
  expect(event.actor_id).toBe(actorId);
  expect(event.subject_id).toBe(subjectId);
  expect(event.request_id).toBeTruthy();
  expect(event.ip).toBe('127.0.0.1');
  return event;
}

describe('GET /api/admin/users/:id', () => {
  it('answers every section of User 360, newest first, without secrets', async () => {
    const member = await createMember(t);
    const id = member.userId;
    await q(
      `UPDATE users SET last_ip = '198.51.100.7', last_login_at = now(), stripe_customer_id = 'cus_1' WHERE id = $1`,
      [id],
    );
    await q(
      `INSERT INTO user_identities (user_id, provider, provider_user_id, email, access_token) VALUES ($1, 'google', 'sub-1', 'g@example.test', 'secret-token')`,
      [id],
    );
    await q(
      `INSERT INTO sessions (token, user_id, expires_at, ip, user_agent) VALUES ($1, $2, now() + interval '1 day', '198.51.100.8', 'UA one'), ($3, $2, now() - interval '1 hour', '198.51.100.9', 'expired')`,
      [randomUUID(), id, randomUUID()],
    );
    for (let i = 0; i < 55; i++)
      await q(
        `INSERT INTO login_events (user_id, email, provider, method, success, ip, created_at) VALUES ($1, $2, 'password', 'signin', $3, '198.51.100.10', now() - ($4 || ' minutes')::interval)`,
        [id, member.email, i % 4 !== 0, String(i)],
      );
    for (let i = 0; i < 12; i++) {
      const order = await q<{ id: string }>(
        `INSERT INTO orders (user_id, number, total, created_at) VALUES ($1, $2, 10, now() - ($3 || ' days')::interval) RETURNING id`,
        [id, `${id}-${i}`, String(i)],
      );
      await q(
        `INSERT INTO order_items (order_id, title, quantity, unit_price) VALUES ($1, 'Thing', 2, 5.25)`,
        [order[0]!.id],
      );
    }
    await q(
      `INSERT INTO addresses (user_id, kind, line1, city, country, is_default) VALUES ($1, 'shipping', '1 Main St', 'Springfield', 'US', true)`,
      [id],
    );
    for (let i = 0; i < 25; i++)
      await q(
        `INSERT INTO emails (user_id, to_address, template, subject, status, created_at) VALUES ($1, $2, 'welcome', $3, 'sent', now() - ($4 || ' minutes')::interval)`,
        [id, member.email, `Mail ${i}`, String(i)],
      );
    await q('SELECT refresh_user_aggregate()');
    await post(`/api/admin/users/${id}/notes`, admin.cookie, { body: 'first note' });
    await post(`/api/admin/users/${id}/notes`, admin.cookie, { body: 'second note' });

    const response = await get(`/api/admin/users/${id}`, support.cookie);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.account).toMatchObject({
      id,
      email: member.email,
      role: 'user',
      status: 'active',
      stripeCustomerId: 'cus_1',
    });
    expect(body.auth.identities.map((i: { provider: string }) => i.provider).sort()).toEqual([
      'google',
      'password',
    ]);
    expect(response.body).not.toContain('secret-token');
    expect(response.body).not.toMatch(/password"\s*:\s*"\$|scrypt/);
    expect(body.auth.lastIp).toBe('198.51.100.xxx');
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ ip: '198.51.100.xxx', userAgent: 'UA one' });
    expect(body.activity).toHaveLength(50);
    expect(body.activity[0].createdAt >= body.activity[49].createdAt).toBe(true);
    expect(body.activity.every((e: { ip: string }) => e.ip === '198.51.100.xxx')).toBe(true);
    expect(body.commerce).toMatchObject({ ordersCount: 12, lifetimeValue: '126.00' });
    expect(body.commerce.recentOrders).toHaveLength(10);
    expect(body.commerce.lastOrderAt).toBe(body.commerce.recentOrders[0].createdAt);
    expect(body.addresses).toEqual([
      expect.objectContaining({ line1: '1 Main St', isDefault: true, kind: 'shipping' }),
    ]);
    expect(body.emails).toHaveLength(20);
    expect(body.emails[0].subject).toBe('Mail 0');
    expect(body.notes.map((n: { body: string }) => n.body)).toEqual(['second note', 'first note']);
    expect(body.notes[0].authorEmail).toMatch(/^admin-/);
  });

  it('answers 404 for an unknown member and 400 for a malformed id', async () => {
    expect((await get(`/api/admin/users/${randomUUID()}`, support.cookie)).statusCode).toBe(404);
    expect((await get(`/api/admin/users/${randomUUID()}/sessions`, support.cookie)).statusCode).toBe(404);
    const bad = await get('/api/admin/users/not-a-uuid', support.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('params.id');
  });
});

describe('sessions: list and revoke', () => {
  it('lists live sessions with masked IPs', async () => {
    const target = await createStaff(t, 'moderator');
    await sessionCookie(t, target.userId);
    const response = await get(`/api/admin/users/${target.userId}/sessions`, support.cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json().sessions).toEqual([
      expect.objectContaining({ ip: '127.0.0.xxx', userAgent: 'vitest' }),
    ]);
  });

  it('POST /api/admin/sessions/:sid/revoke ends one session at once', async () => {
    const target = await createStaff(t, 'moderator');
    const revoked = await sessionCookie(t, target.userId);
    const kept = await sessionCookie(t, target.userId);
    expect((await me(revoked)).statusCode).toBe(200);
    const sessions = (await get(`/api/admin/users/${target.userId}/sessions`, support.cookie)).json()
      .sessions;
    const rows = await q<{ id: string; token: string }>(
      'SELECT id::text AS id, token FROM sessions WHERE user_id = $1 ORDER BY created_at',
      [target.userId],
    );
    expect(sessions).toHaveLength(2);
    const sid = rows[0]!.id;
    await expectOneEvent('session.revoked', support.userId, sid, async () => {
      const response = await post(`/api/admin/sessions/${sid}/revoke`, support.cookie);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ revoked: 1 });
    });
    expect((await me(revoked)).statusCode).toBe(401);
    expect((await me(kept)).statusCode).toBe(200);
    expect((await post(`/api/admin/sessions/${sid}/revoke`, support.cookie)).statusCode).toBe(404);
  });

  it('POST /api/admin/users/:id/sessions/revoke ends them all, and replays with the same key', async () => {
    const target = await createStaff(t, 'moderator');
    const cookies = [await sessionCookie(t, target.userId), await sessionCookie(t, target.userId)];
    const key = { 'idempotency-key': randomUUID() };
    await expectOneEvent('user.sessions_revoked', support.userId, target.userId, async () => {
      const first = await post(
        `/api/admin/users/${target.userId}/sessions/revoke`,
        support.cookie,
        undefined,
        key,
      );
      expect(first.json()).toEqual({ revoked: 2 });
      const replay = await post(
        `/api/admin/users/${target.userId}/sessions/revoke`,
        support.cookie,
        undefined,
        key,
      );
      expect(replay.json()).toEqual({ revoked: 2 });
    });
    for (const cookie of cookies) expect((await me(cookie)).statusCode).toBe(401);
    expect((await post(`/api/admin/users/${randomUUID()}/sessions/revoke`, support.cookie)).statusCode).toBe(
      404,
    );
  });
});

describe('POST /api/admin/users/:id/password-reset', () => {
  it('mails a reset link and ends the sessions', async () => {
    const member = await createMember(t);
    await sessionCookie(t, member.userId);
    const event = await expectOneEvent(
      'user.password_reset_requested',
      support.userId,
      member.userId,
      async () => {
        const response = await post(`/api/admin/users/${member.userId}/password-reset`, support.cookie);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().user).toMatchObject({ id: member.userId, sessionsCount: 0 });
      },
    );
    expect(event.payload).toMatchObject({ sessionsRevoked: 1 });
    expect(await sessionsOf(member.userId)).toBe(0);
    for (let i = 0; i < 100 && !smtp.received.some((mail) => mail.to.includes(member.email)); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const mail = smtp.received.find((m) => m.to.includes(member.email));
    expect(mail?.raw.replace(/=\r?\n/g, '')).toContain('/api/auth/reset-password/');
  });

  it('does not mail twice for a replayed key', async () => {
    const member = await createMember(t);
    const key = { 'idempotency-key': randomUUID() };
    const count = () => smtp.received.filter((m) => m.to.includes(member.email)).length;
    await post(`/api/admin/users/${member.userId}/password-reset`, support.cookie, undefined, key);
    for (let i = 0; i < 100 && count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const replay = await post(
      `/api/admin/users/${member.userId}/password-reset`,
      support.cookie,
      undefined,
      key,
    );
    expect(replay.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count()).toBe(1);
  });

  it('answers 503 not_configured without SMTP_URL', async () => {
    const bare = await startTestApp();
    try {
      const { cookie } = await staffCookie(bare, 'support');
      const member = await createMember(bare);
      const response = await call(bare, {
        method: 'POST',
        url: `/api/admin/users/${member.userId}/password-reset`,
        cookie,
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('not_configured');
      const bulk = await call(bare, {
        method: 'POST',
        url: '/api/admin/users/bulk/password-reset',
        cookie,
        payload: { userIds: [member.userId] },
      });
      expect(bulk.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('POST /api/admin/users/:id/mfa/disable', () => {
  it('turns MFA off once, then 409', async () => {
    const member = await createMember(t);
    await q('UPDATE users SET mfa_enabled = true WHERE id = $1', [member.userId]);
    await expectOneEvent('user.mfa_disabled', admin.userId, member.userId, async () => {
      const response = await post(`/api/admin/users/${member.userId}/mfa/disable`, admin.cookie);
      expect(response.statusCode).toBe(200);
      expect(response.json().user.mfaEnabled).toBe(false);
    });
    expect((await post(`/api/admin/users/${member.userId}/mfa/disable`, admin.cookie)).statusCode).toBe(409);
  });
});

describe('POST /api/admin/users/:id/role', () => {
  it('lets a super_admin change an existing staff role; the next request is judged by it', async () => {
    const target = await staffCookie(t, 'admin');
    expect((await get('/api/admin/events', target.cookie)).statusCode).toBe(200);
    const event = await expectOneEvent(
      'staff.role_changed',
      superAdmin.userId,
      target.account.userId,
      async () => {
        const response = await post(`/api/admin/users/${target.account.userId}/role`, superAdmin.cookie, {
          role: 'support',
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().user.role).toBe('support');
      },
    );
    expect(event.payload).toEqual({ from: 'admin', to: 'support' });
    expect((await get('/api/admin/events', target.cookie)).statusCode).toBe(403);
    expect(
      (await post(`/api/admin/users/${target.account.userId}/role`, superAdmin.cookie, { role: 'support' }))
        .statusCode,
    ).toBe(409);
  });

  it('never creates staff, never changes its own role, and is super_admin only', async () => {
    const member = await createMember(t);
    const plain = await post(`/api/admin/users/${member.userId}/role`, superAdmin.cookie, { role: 'admin' });
    expect(plain.statusCode).toBe(409);
    expect((await q('SELECT 1 FROM admin_users WHERE user_id = $1', [member.userId])).length).toBe(0);
    expect(
      (await post(`/api/admin/users/${randomUUID()}/role`, superAdmin.cookie, { role: 'admin' })).statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/admin/users/${superAdmin.userId}/role`, superAdmin.cookie, { role: 'admin' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await post(`/api/admin/users/${support.userId}/role`, admin.cookie, { role: 'admin' })).statusCode,
    ).toBe(403);
    const bad = await post(`/api/admin/users/${support.userId}/role`, superAdmin.cookie, { role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('body.role');
  });
});

describe('suspend, enable and soft delete', () => {
  it('POST /api/admin/users/:id/suspend suspends and ends every session at once', async () => {
    const target = await staffCookie(t, 'moderator');
    const second = await sessionCookie(t, target.account.userId);
    expect((await me(target.cookie)).statusCode).toBe(200);
    const event = await expectOneEvent('user.suspended', admin.userId, target.account.userId, async () => {
      const response = await post(`/api/admin/users/${target.account.userId}/suspend`, admin.cookie, {
        reason: 'chargeback fraud',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().user).toMatchObject({ status: 'suspended', sessionsCount: 0 });
    });
    expect(event.payload).toMatchObject({ reason: 'chargeback fraud', sessionsRevoked: 2, from: 'active' });
    expect((await me(target.cookie)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect(await sessionsOf(target.account.userId)).toBe(0);
    const again = await post(`/api/admin/users/${target.account.userId}/suspend`, admin.cookie, {
      reason: 'again please',
    });
    expect(again.statusCode).toBe(409);
  });

  it('POST /api/admin/users/:id/enable re-activates a suspended member only', async () => {
    const member = await createMember(t);
    expect((await post(`/api/admin/users/${member.userId}/enable`, admin.cookie)).statusCode).toBe(409);
    await post(`/api/admin/users/${member.userId}/suspend`, admin.cookie, { reason: 'spam posts' });
    await expectOneEvent('user.enabled', admin.userId, member.userId, async () => {
      const response = await post(`/api/admin/users/${member.userId}/enable`, admin.cookie);
      expect(response.json().user.status).toBe('active');
    });
  });

  it('POST /api/admin/users/:id/delete soft-deletes: status deleted, sessions gone, row kept', async () => {
    const member = await createMember(t);
    await sessionCookie(t, member.userId);
    await expectOneEvent('user.deleted', admin.userId, member.userId, async () => {
      const response = await post(`/api/admin/users/${member.userId}/delete`, admin.cookie, {
        reason: 'asked by the member',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().user.status).toBe('deleted');
    });
    expect(await q('SELECT status FROM users WHERE id = $1', [member.userId])).toEqual([
      { status: 'deleted' },
    ]);
    expect(await sessionsOf(member.userId)).toBe(0);
    expect(
      (await post(`/api/admin/users/${member.userId}/delete`, admin.cookie, { reason: 'twice over' }))
        .statusCode,
    ).toBe(409);
    expect((await post(`/api/admin/users/${member.userId}/enable`, admin.cookie)).statusCode).toBe(409);
    expect(
      (await post(`/api/admin/users/${member.userId}/suspend`, admin.cookie, { reason: 'no way' }))
        .statusCode,
    ).toBe(409);
  });

  it('refuses to suspend or delete oneself, and needs a reason', async () => {
    expect(
      (await post(`/api/admin/users/${admin.userId}/suspend`, admin.cookie, { reason: 'self harm' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await post(`/api/admin/users/${admin.userId}/delete`, admin.cookie, { reason: 'self harm' }))
        .statusCode,
    ).toBe(409);
    const member = await createMember(t);
    const missing = await post(`/api/admin/users/${member.userId}/suspend`, admin.cookie, { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].path).toBe('body.reason');
    expect(
      (await post(`/api/admin/users/${member.userId}/suspend`, support.cookie, { reason: 'not mine' }))
        .statusCode,
    ).toBe(403);
  });

  it('replays a suspension with the same key and refuses the key with another body', async () => {
    const member = await createMember(t);
    const key = { 'idempotency-key': randomUUID() };
    await expectOneEvent('user.suspended', admin.userId, member.userId, async () => {
      const first = await post(
        `/api/admin/users/${member.userId}/suspend`,
        admin.cookie,
        { reason: 'fraud ring' },
        key,
      );
      const replay = await post(
        `/api/admin/users/${member.userId}/suspend`,
        admin.cookie,
        { reason: 'fraud ring' },
        key,
      );
      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toEqual(first.json());
    });
    const other = await post(
      `/api/admin/users/${member.userId}/suspend`,
      admin.cookie,
      { reason: 'other words' },
      key,
    );
    expect(other.statusCode).toBe(422);
  });
});

describe('POST /api/admin/users/:id/notes', () => {
  it('adds a note with its author and one event', async () => {
    const member = await createMember(t);
    const event = await expectOneEvent('user.note_added', admin.userId, member.userId, async () => {
      const response = await post(`/api/admin/users/${member.userId}/notes`, admin.cookie, {
        body: '  Called about a refund  ',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        body: 'Called about a refund',
        authorEmail: expect.stringMatching(/^admin-/),
      });
    });
    expect(event.payload).toMatchObject({ body: 'Called about a refund' });
    const empty = await post(`/api/admin/users/${member.userId}/notes`, admin.cookie, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details[0].path).toBe('body.body');
    expect(
      (await post(`/api/admin/users/${randomUUID()}/notes`, admin.cookie, { body: 'x' })).statusCode,
    ).toBe(404);
  });
});

describe('bulk actions', () => {
  it('suspends each row on its own, with a per-row result, and replays as a whole', async () => {
    const [a, b] = [await createMember(t), await createMember(t)];
    await post(`/api/admin/users/${b.userId}/suspend`, admin.cookie, { reason: 'earlier' });
    const unknown = randomUUID();
    const before = (await eventsOfType(t, 'user.suspended')).length;
    const key = { 'idempotency-key': randomUUID() };
    const payload = { userIds: [a.userId, b.userId, unknown], reason: 'bulk fraud sweep' };
    const response = await post('/api/admin/users/bulk/suspend', admin.cookie, payload, key);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toEqual([
      { userId: a.userId, ok: true },
      { userId: b.userId, ok: false, code: 'conflict', message: expect.any(String) },
      { userId: unknown, ok: false, code: 'not_found', message: expect.any(String) },
    ]);
    expect((await eventsOfType(t, 'user.suspended')).length - before).toBe(1);
    const replay = await post('/api/admin/users/bulk/suspend', admin.cookie, payload, key);
    expect(replay.json()).toEqual(response.json());
    expect((await eventsOfType(t, 'user.suspended')).length - before).toBe(1);
    const enable = await post('/api/admin/users/bulk/enable', admin.cookie, {
      userIds: [a.userId, b.userId],
    });
    expect(enable.json().results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  });

  it('needs a reason for suspend and delete, and at least one member', async () => {
    const member = await createMember(t);
    for (const path of ['suspend', 'delete']) {
      const response = await post(`/api/admin/users/bulk/${path}`, admin.cookie, {
        userIds: [member.userId],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].path).toBe('body.reason');
    }
    const none = await post('/api/admin/users/bulk/enable', admin.cookie, { userIds: [] });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0].path).toBe('body.userIds');
  });

  it('revokes sessions, resets passwords, turns MFA off and deletes in bulk', async () => {
    const [a, b] = [await createMember(t), await createMember(t)];
    await sessionCookie(t, a.userId);
    await sessionCookie(t, b.userId);
    await q('UPDATE users SET mfa_enabled = true WHERE id = $1', [a.userId]);
    const revoke = await post('/api/admin/users/bulk/revoke-sessions', support.cookie, {
      userIds: [a.userId, b.userId],
    });
    expect(revoke.json().results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    expect(await sessionsOf(a.userId)).toBe(0);
    const reset = await post('/api/admin/users/bulk/password-reset', support.cookie, { userIds: [a.userId] });
    expect(reset.json().results).toEqual([{ userId: a.userId, ok: true }]);
    const mfa = await post('/api/admin/users/bulk/mfa-disable', admin.cookie, {
      userIds: [a.userId, b.userId],
    });
    expect(mfa.json().results.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'conflict']);
    const deleted = await post('/api/admin/users/bulk/delete', admin.cookie, {
      userIds: [a.userId, admin.userId],
      reason: 'cleanup run',
    });
    expect(deleted.json().results.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'conflict']);
    expect(
      (await post('/api/admin/users/bulk/mfa-disable', support.cookie, { userIds: [a.userId] })).statusCode,
    ).toBe(403);
  });
});
