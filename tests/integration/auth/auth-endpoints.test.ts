import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, sessionCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { signInThroughApi } from '../../support/sign-in.ts';

// Issue 13 item 8: better-auth's own session management is not reachable; no token in any body.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('better-auth endpoints the product does not use', () => {
  it('answer 404 to a password-only staff session, and leave stepped-up sessions alone', async () => {
    const staff = await createStaff(t, 'super_admin');
    const steppedUp = await sessionCookie(t, staff.userId);
    const passwordOnly = await sessionCookie(t, staff.userId, { steppedUp: false });
    for (const [method, url] of [
      ['GET', '/api/auth/list-sessions'],
      ['GET', '/api/auth/get-session'],
      ['POST', '/api/auth/revoke-other-sessions'],
      ['POST', '/api/auth/revoke-sessions'],
      ['POST', '/api/auth/revoke-session'],
      ['POST', '/api/auth/update-user'],
      ['POST', '/api/auth/change-email'],
      ['POST', '/api/auth/delete-user'],
      ['GET', '/api/auth/list-accounts'],
    ] as const) {
      const response = await call(t, {
        method,
        url,
        cookie: passwordOnly,
        ...(method === 'POST' ? { payload: {} } : {}),
      });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toMatch(/"token"/);
    }
    const me = await call(t, { method: 'GET', url: '/api/admin/system', cookie: steppedUp });
    expect(me.statusCode).toBe(200);
  });

  it('sign-in sets the HttpOnly cookie but puts no session token in the body', async () => {
    const staff = await createStaff(t, 'support');
    const { response, cookie } = await signInThroughApi(t, staff);
    expect(response.statusCode).toBe(200);
    expect(cookie).not.toBeNull();
    const body = response.json() as Record<string, unknown>;
    expect(body).not.toHaveProperty('token');
    expect(body.user).toBeTruthy();
    const token = cookie!.split('=')[1]!.split('.')[0]!;
    expect(response.body).not.toContain(token);
  });

  it('still serves the endpoints the product uses', async () => {
    const signOut = await call(t, { method: 'POST', url: '/api/auth/sign-out', payload: {} });
    expect(signOut.statusCode).not.toBe(404);
    const reset = await call(t, {
      method: 'POST',
      url: '/api/auth/reset-password',
      payload: { token: 'nope', newPassword: 'a long new password' },
    });
    expect(reset.statusCode).toBe(400);
  });
});
