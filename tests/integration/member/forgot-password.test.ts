import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/** "Forgot password?" on /account, in development without SMTP: the link lands in the outbox. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MAIL_OUTBOX: 'true' });
});
afterAll(async () => t?.close());

const forgot = (email: string) =>
  call(t, { method: 'POST', url: '/api/user/forgot-password', payload: { email } });

describe('forgot password', () => {
  it('answers the same for a member and an unknown address, and mails only the member', async () => {
    const member = await createMember(t);
    const known = await forgot(member.email.toUpperCase());
    const unknown = await forgot('nobody-here@example.com');
    expect(known.statusCode, known.body).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual(known.json());

    const { cookie } = await staffCookie(t, 'developer');
    const outbox = (await call(t, { method: 'GET', url: '/api/admin/outbox', cookie })).json();
    expect(outbox.enabled).toBe(true);
    expect(outbox.messages.map((message: { to: string }) => message.to)).toEqual([member.email]);
    expect(outbox.messages[0].body).toMatch(/reset-password/);
  });

  it('refuses bad input naming the field, and the outbox to roles without view_system', async () => {
    const bad = await forgot('not an email');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('email');
    const nul = await forgot('a\u0000@example.com');
    expect(nul.statusCode).toBe(400);
    const { cookie } = await staffCookie(t, 'support');
    expect((await call(t, { method: 'GET', url: '/api/admin/outbox', cookie })).statusCode).toBe(403);
  });
});
