import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt } from '../../../src/server/modules/auth/totp.ts';
import {
  call,
  cookieFrom,
  createMember,
  createStaff,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const signIn = (target: TestApp, email: string, password: string, cookie?: string) =>
  call(target, { method: 'POST', url: '/api/auth/sign-in/email', cookie, payload: { email, password } });

describe('cross-site and content-type refusal', () => {
  it('refuses a cookie-authenticated write from another site (Sec-Fetch-Site, Origin)', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const url = '/api/admin/events/1/corrections';
    const payload = { reason: 'cross-site attempt' };
    const crossSite = await call(t, {
      method: 'POST',
      url,
      cookie,
      payload,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('cross_site_refused');
    const evilOrigin = await call(t, {
      method: 'POST',
      url,
      cookie,
      payload,
      headers: { origin: 'https://evil.example' },
    });
    expect(evilOrigin.statusCode).toBe(403);
    const sameSiteSubdomain = await call(t, {
      method: 'POST',
      url,
      cookie,
      payload,
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(sameSiteSubdomain.statusCode).toBe(403);
  });

  it('refuses simple content types (a form or text/plain post) with 415', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await call(t, {
        method: 'POST',
        url: '/api/admin/events/1/corrections',
        cookie,
        headers: { 'content-type': type },
        payload: 'reason=hello',
      });
      expect(response.statusCode, type).toBe(415);
    }
  });
});

describe('security headers', () => {
  it('sets CSP, nosniff and Referrer-Policy on every answer, and no-store on /api/admin', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    for (const [url, withCookie] of [
      ['/api/healthz', false],
      ['/api/admin/me', true],
      ['/nowhere', false],
    ] as const) {
      const response = await call(t, { method: 'GET', url, cookie: withCookie ? cookie : undefined });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    const admin = await call(t, { method: 'GET', url: '/api/admin/me', cookie });
    expect(admin.headers['cache-control']).toBe('no-store');
    const denied = await call(t, { method: 'GET', url: '/api/admin/system' });
    expect(denied.headers['cache-control']).toBe('no-store');
  });

  it('sends HSTS and Secure cookies outside development', async () => {
    const staging = await startTestApp({ APP_ENV: 'staging', PUBLIC_URL: 'https://console.example.test' });
    try {
      const health = await staging.app.inject({ method: 'GET', url: '/api/healthz' });
      expect(health.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      const staff = await createStaff(staging, 'admin');
      const response = await staging.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: 'https://console.example.test' },
        payload: { email: staff.email, password: staff.password },
      });
      expect(response.statusCode).toBe(200);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-mc\.session_token=/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      // The __Host- cookie is the one the server reads: the session works.
      const cookie = setCookie.split(';')[0]!;
      const me = await staging.app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/SameSite=Lax/i);
    } finally {
      await staging.close();
    }
  });
});

describe('sign-in', () => {
  it('answers an unknown email exactly like a wrong password', async () => {
    const member = await createMember(t);
    const wrongPassword = await signIn(t, member.email, 'not the password at all');
    const unknownEmail = await signIn(t, 'nobody-here@example.test', 'not the password at all');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownEmail.json()).toEqual(wrongPassword.json());
  });

  it('renews the session token at sign-in: the cookie held before stops working', async () => {
    const staff = await createStaff(t, 'developer');
    const first = cookieFrom(await signIn(t, staff.email, staff.password), t)!;
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: first })).statusCode).toBe(200);
    const second = cookieFrom(await signIn(t, staff.email, staff.password, first), t)!;
    expect(second).not.toBe(first);
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: first })).statusCode).toBe(401);
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: second })).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per client', async () => {
    const limited = await startTestApp({ SIGNIN_RATE_LIMIT: '3/60s' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await signIn(limited, 'someone@example.test', 'wrong password here')).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits wrong step-up codes per account', async () => {
    const limited = await startTestApp({ STEP_UP_RATE_LIMIT: '3/300s' });
    try {
      const staff = await createStaff(limited, 'admin');
      const cookie = cookieFrom(await signIn(limited, staff.email, staff.password), limited)!;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await call(limited, {
              method: 'POST',
              url: '/api/admin/step-up',
              cookie,
              payload: { code: '000000' },
            })
          ).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const right = await call(limited, {
        method: 'POST',
        url: '/api/admin/step-up',
        cookie,
        payload: { code: codeAt(staff.totpSecret!) },
      });
      expect(right.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('never contain a password or a TOTP secret or code (canary sign-in and enrollment)', async () => {
    const canary = 'Canary-Passw0rd-7f3a9c';
    const staff = await createStaff(t, 'developer', { enrolled: false });
    await signIn(t, staff.email, canary);
    const cookie = cookieFrom(await signIn(t, staff.email, staff.password), t)!;
    const enroll = await call(t, { method: 'POST', url: '/api/admin/step-up/enroll', cookie });
    const secret = new URL(enroll.json().otpauthUri).searchParams.get('secret')!;
    const code = codeAt(secret);
    await call(t, { method: 'POST', url: '/api/admin/step-up/confirm', cookie, payload: { code } });
    // Query strings carry emails (audit filters) and, on OAuth callbacks, codes: paths only in logs.
    await call(t, { method: 'GET', url: '/api/admin/events?actor=query-canary%40example.test', cookie });
    await call(t, { method: 'GET', url: '/api/auth/oauth2/callback/google?code=code-canary-123&state=x' });
    const logs = t.logs.join('\n');
    expect(logs).toContain('/api/admin/events');
    expect(logs).not.toContain('query-canary');
    expect(logs).not.toContain('code-canary-123');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(canary);
    expect(logs).not.toContain(staff.password);
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(cookie.split('=')[1]!);
  });
});

describe('401 logging', () => {
  it('logs a guest probe at info with (guest), and other 401s at warn with their context', async () => {
    const before = t.logs.length;
    await call(t, { method: 'GET', url: '/api/admin/me' });
    await call(t, {
      method: 'GET',
      url: '/api/admin/system',
      headers: { referer: 'https://console.example/x', 'user-agent': 'LogTest/1' },
    });
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 30, msg: 'GET /api/admin/me 401 (guest)' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'unauthenticated request',
        path: '/api/admin/system',
        hasCookie: false,
        hasSession: false,
        referer: 'https://console.example/x',
        userAgent: 'LogTest/1',
      }),
    );
  });
});
