import { afterAll, describe, expect, it } from 'vitest';
import { codeAt } from '../../../src/server/modules/auth/totp.ts';
import { call, createMember, createStaff, staffCookie, startTestApp } from '../../support/app.ts';
import { signInThroughApi, stepUpThroughApi } from '../../support/sign-in.ts';

// One app for the file, started while the file loads and closed after its last test.
const t = await startTestApp();
afterAll(async () => t.close());

describe('cross-site and content-type refusal', () => {
  it('refuses a cookie-authenticated write from another site (Sec-Fetch-Site, Origin)', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    // The same write each time; only the headers that say where it comes from change.
    const write = (headers: Record<string, string>) =>
      call(t, {
        method: 'POST',
        url: '/api/admin/events/1/corrections',
        cookie,
        payload: { reason: 'cross-site attempt' },
        headers,
      });
    const crossSite = await write({ 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('cross_site_refused');
    const evilOrigin = await write({ origin: 'https://evil.example' });
    expect(evilOrigin.statusCode).toBe(403);
    const sameSiteSubdomain = await write({ 'sec-fetch-site': 'same-site' });
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
      const { response } = await signInThroughApi(staging, staff);
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
    const password = 'not the password at all';
    const { response: wrongPassword } = await signInThroughApi(t, { email: member.email, password });
    const { response: unknownEmail } = await signInThroughApi(t, {
      email: 'nobody-here@example.test',
      password,
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownEmail.json()).toEqual(wrongPassword.json());
  });

  it('renews the session token at sign-in: the cookie held before stops working', async () => {
    const staff = await createStaff(t, 'developer');
    const first = (await signInThroughApi(t, staff)).cookie!;
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: first })).statusCode).toBe(200);
    const second = (await signInThroughApi(t, staff, { cookie: first })).cookie!;
    expect(second).not.toBe(first);
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: first })).statusCode).toBe(401);
    expect((await call(t, { method: 'GET', url: '/api/admin/me', cookie: second })).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts per client', async () => {
    const limited = await startTestApp({ SIGNIN_RATE_LIMIT: '3/60s' });
    try {
      const statuses: number[] = [];
      const stranger = { email: 'someone@example.test', password: 'wrong password here' };
      for (let i = 0; i < 5; i++)
        statuses.push((await signInThroughApi(limited, stranger)).response.statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits wrong step-up codes per account', async () => {
    const limited = await startTestApp({ STEP_UP_RATE_LIMIT: '3/300s' });
    try {
      const staff = await createStaff(limited, 'admin');
      const cookie = (await signInThroughApi(limited, staff)).cookie!;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await stepUpThroughApi(limited, cookie, '000000')).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const right = await stepUpThroughApi(limited, cookie, codeAt(staff.totpSecret!));
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
    await signInThroughApi(t, { email: staff.email, password: canary });
    const cookie = (await signInThroughApi(t, staff)).cookie!;
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
