import { afterAll, describe, expect, it } from 'vitest';
import { codeAt } from '../../../src/server/modules/auth/totp.ts';
import {
  call,
  cookieFrom,
  createStaff,
  eventsOfType,
  sessionCookie,
  startTestApp,
} from '../../support/app.ts';
import { signInThroughApi, stepUpThroughApi } from '../../support/sign-in.ts';

// One app for the file, started while the file loads and closed after its last test.
const t = await startTestApp();
afterAll(async () => t.close());

describe('sign-in and TOTP step-up', () => {
  it('signs in with email + password and needs a step-up before admin calls', async () => {
    const staff = await createStaff(t, 'developer');
    const { response, cookie } = await signInThroughApi(t, staff);
    expect(response.statusCode).toBe(200);
    expect(cookie).toBeTruthy();

    const me = await call(t, { method: 'GET', url: '/api/admin/me', cookie: cookie! });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ role: 'developer', stepUp: { enrolled: true, expiresAt: null } });

    const system = await call(t, { method: 'GET', url: '/api/admin/system', cookie: cookie! });
    expect(system.statusCode).toBe(401);
    expect(system.json()).toMatchObject({ code: 'step_up_required', details: { enrolled: true } });

    const stepped = await stepUpThroughApi(t, cookie!, codeAt(staff.totpSecret!));
    expect(stepped.statusCode).toBe(200);
    const rotated = cookieFrom(stepped, t);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(cookie);

    // The token rotates at step-up: the old cookie no longer works at all.
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: cookie! })).statusCode).toBe(401);
    const after = await call(t, { method: 'GET', url: '/api/admin/system', cookie: rotated! });
    expect(after.statusCode).toBe(200);
    expect((await eventsOfType(t, 'staff.stepped_up')).at(-1)).toMatchObject({ actor_id: staff.userId });
  });

  it('accepts a code once: two parallel submissions, exactly one succeeds', async () => {
    const staff = await createStaff(t, 'admin');
    const cookies = await Promise.all([
      sessionCookie(t, staff.userId, { steppedUp: false }),
      sessionCookie(t, staff.userId, { steppedUp: false }),
    ]);
    const code = codeAt(staff.totpSecret!);
    const answers = await Promise.all(cookies.map((cookie) => stepUpThroughApi(t, cookie, code)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
    const again = await stepUpThroughApi(t, cookies[0]!, code);
    expect(again.statusCode).toBe(401);
  });

  it('accepts codes one step either side of now and refuses two steps away', async () => {
    const staff = await createStaff(t, 'support');
    const cookie = await sessionCookie(t, staff.userId, { steppedUp: false });
    const tryCode = (offsetSteps: number) =>
      stepUpThroughApi(t, cookie, codeAt(staff.totpSecret!, Date.now() + offsetSteps * 30_000));
    expect((await tryCode(-2)).statusCode).toBe(401);
    expect((await tryCode(2)).statusCode).toBe(401);
    const previous = await tryCode(-1);
    expect(previous.statusCode).toBe(200);
  });

  it('expires after ADMIN_SESSION_TIMEOUT: the next admin call answers step_up_required', async () => {
    const short = await startTestApp({ ADMIN_SESSION_TIMEOUT: '1s' });
    try {
      const staff = await createStaff(short, 'developer');
      const cookie = await sessionCookie(short, staff.userId, { steppedUp: false });
      const stepped = await stepUpThroughApi(short, cookie, codeAt(staff.totpSecret!));
      expect(stepped.statusCode).toBe(200);
      const fresh = cookieFrom(stepped, short)!;
      expect(new Date(stepped.json().expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(1000);
      expect((await call(short, { method: 'GET', url: '/api/admin/system', cookie: fresh })).statusCode).toBe(
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const stale = await call(short, { method: 'GET', url: '/api/admin/system', cookie: fresh });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().code).toBe('step_up_required');
      const me = await call(short, { method: 'GET', url: '/api/admin/me', cookie: fresh });
      expect(me.json().stepUp.expiresAt).toBeNull();
    } finally {
      await short.close();
    }
  });

  it('enrolls a staff member without an authenticator: enroll → confirm with a code from the secret', async () => {
    const staff = await createStaff(t, 'moderator', { enrolled: false });
    const cookie = await sessionCookie(t, staff.userId, { steppedUp: false });
    const blocked = await call(t, { method: 'GET', url: '/api/admin/events', cookie });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json()).toMatchObject({ code: 'step_up_required', details: { enrolled: false } });
    const me = await call(t, { method: 'GET', url: '/api/admin/me', cookie });
    expect(me.json().stepUp.enrolled).toBe(false);
    const enroll = await call(t, { method: 'POST', url: '/api/admin/step-up/enroll', cookie });
    expect(enroll.statusCode).toBe(200);
    const { otpauthUri, qrSvg } = enroll.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Mission%20Control:.*secret=[A-Z2-7]+/);
    expect(qrSvg).toMatch(/^<svg/);
    const secret = new URL(otpauthUri).searchParams.get('secret')!;
    const stored = await t.database.sql.query<{ totp_secret_enc: string }>(
      'SELECT totp_secret_enc FROM admin_users WHERE user_id = $1',
      [staff.userId],
    );
    expect(stored[0]!.totp_secret_enc).not.toContain(secret);
    const confirmed = await call(t, {
      method: 'POST',
      url: '/api/admin/step-up/confirm',
      cookie,
      payload: { code: codeAt(secret) },
    });
    expect(confirmed.statusCode).toBe(200);
    const after = await call(t, { method: 'GET', url: '/api/admin/me', cookie: cookieFrom(confirmed, t)! });
    expect(after.json().stepUp).toMatchObject({ enrolled: true });
    expect(after.json().stepUp.expiresAt).not.toBeNull();
    const again = await call(t, {
      method: 'POST',
      url: '/api/admin/step-up/enroll',
      cookie: cookieFrom(confirmed, t)!,
    });
    expect(again.statusCode).toBe(409);
    expect(await eventsOfType(t, 'staff.totp_enrollment_started')).toHaveLength(1);
    expect(await eventsOfType(t, 'staff.totp_enrolled')).toHaveLength(1);
  });

  it('rejects a malformed code with 400 naming the field', async () => {
    const staff = await createStaff(t, 'support');
    const cookie = await sessionCookie(t, staff.userId, { steppedUp: false });
    const response = await stepUpThroughApi(t, cookie, '12ab');
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([{ path: 'body.code', message: 'must be a 6-digit code' }]);
  });
});
