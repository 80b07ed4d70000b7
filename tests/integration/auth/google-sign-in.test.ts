import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cookieFrom, createMember, startTestApp, type TestApp } from '../../support/app.ts';
import { startOidcServer } from '../../support/oidc.ts';

let t: TestApp;
let oidc: Awaited<ReturnType<typeof startOidcServer>>;
const CLIENT_ID = 'mission-control-test-client';

beforeAll(async () => {
  oidc = await startOidcServer();
  t = await startTestApp({
    GOOGLE_CLIENT_ID: CLIENT_ID,
    GOOGLE_CLIENT_SECRET: 'test-secret',
    GOOGLE_ISSUER: oidc.issuer,
  });
});
afterAll(async () => {
  await t?.close();
  await oidc?.close();
});

function cookiePairs(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [String(header)] : [];
  return all.map((line: string) => line.split(';')[0]!).filter((pair) => !pair.endsWith('='));
}

/** The whole browser round trip: start → the provider's /authorize → our callback. */
async function googleSignIn(
  claims: Record<string, unknown>,
  options: { cookie?: string; path?: string } = {},
) {
  oidc.state.claims = claims;
  const body = { providerId: 'google', callbackURL: '/account' };
  const start = await call(t, {
    method: 'POST',
    url: options.path ?? '/api/auth/sign-in/oauth2',
    payload: body,
    cookie: options.cookie,
  });
  expect(start.statusCode, start.body).toBe(200);
  const authorize = new URL(start.json().url);
  expect(authorize.origin).toBe(oidc.issuer);
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const provider = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(provider.headers.get('location')!);
  const cookies = [...cookiePairs(start), ...(options.cookie ? [options.cookie] : [])].join('; ');
  return call(t, { method: 'GET', url: `${callback.pathname}${callback.search}`, cookie: cookies });
}

const lastLoginEvent = async () =>
  (
    await t.database.sql.query<{
      provider: string;
      success: boolean;
      error_code: string | null;
      user_id: string | null;
    }>(
      `SELECT provider, success, error_code, user_id::text AS user_id FROM login_events ORDER BY id DESC LIMIT 1`,
    )
  )[0];

describe('Google sign-in (OpenID Connect against a local provider)', () => {
  it('creates the member on first sign-in, linked by issuer sub, and records the sign-in', async () => {
    const response = await googleSignIn({
      sub: 'google-sub-1001',
      email: 'ada@gmail.test',
      email_verified: true,
      name: 'Ada L',
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toMatch(/\/account$/);
    const cookie = cookieFrom(response, t);
    expect(cookie).toBeTruthy();
    const [identity] = await t.database.sql.query<{
      provider: string;
      provider_user_id: string;
      auth_provider: string;
      last_ip: string;
    }>(
      `SELECT i.provider, i.provider_user_id, u.auth_provider, host(u.last_ip) AS last_ip
         FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.email = 'ada@gmail.test'`,
    );
    expect(identity).toEqual({
      provider: 'google',
      provider_user_id: 'google-sub-1001',
      auth_provider: 'google',
      last_ip: '127.0.0.1',
    });
    expect(await lastLoginEvent()).toMatchObject({ provider: 'google', success: true });
    const me = await call(t, { method: 'GET', url: '/api/user', cookie: cookie! });
    expect(me.json()).toMatchObject({ auth: true, user: { email: 'ada@gmail.test' } });

    const again = await googleSignIn({
      sub: 'google-sub-1001',
      email: 'ada@gmail.test',
      email_verified: true,
    });
    expect(cookieFrom(again, t)).toBeTruthy();
    const count = await t.database.sql.query(`SELECT 1 FROM users WHERE email = 'ada@gmail.test'`);
    expect(count).toHaveLength(1);
  });

  it.each([
    ['a wrong audience', (payload: Record<string, unknown>) => (payload.aud = 'someone-else')],
    ['a wrong issuer', (payload: Record<string, unknown>) => (payload.iss = 'https://evil.example')],
    [
      'an expired token',
      (payload: Record<string, unknown>) => {
        payload.iat = Math.floor(Date.now() / 1000) - 7200;
        payload.exp = Math.floor(Date.now() / 1000) - 3600;
      },
    ],
    ['a wrong nonce', (payload: Record<string, unknown>) => (payload.nonce = 'not-the-nonce')],
  ])('rejects %s and records the failure', async (name, tamper) => {
    oidc.state.tamper = tamper;
    const email = `mallory-${name.replace(/\W+/g, '-')}@gmail.test`;
    try {
      const response = await googleSignIn({ sub: `google-sub-${email}`, email, email_verified: true });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toMatch(/error=/);
      expect(cookieFrom(response, t)).toBeNull();
      expect(await t.database.sql.query('SELECT 1 FROM users WHERE email = $1', [email])).toEqual([]);
      expect(await lastLoginEvent()).toMatchObject({ provider: 'google', success: false });
    } finally {
      oidc.state.tamper = null;
    }
  });

  it('never links to an existing member by email alone', async () => {
    const member = await createMember(t);
    const response = await googleSignIn({
      sub: 'google-sub-2002',
      email: member.email,
      email_verified: true,
    });
    expect(response.headers.location).toMatch(/error=/);
    expect(cookieFrom(response, t)).toBeNull();
    const identities = await t.database.sql.query(
      `SELECT 1 FROM user_identities WHERE user_id = $1 AND provider = 'google'`,
      [member.userId],
    );
    expect(identities).toEqual([]);
  });

  it('links Google explicitly for a signed-in member, who then has both providers', async () => {
    const member = await createMember(t);
    const signedIn = await call(t, {
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: member.email, password: member.password },
    });
    const cookie = cookieFrom(signedIn, t)!;
    const response = await googleSignIn(
      { sub: 'google-sub-3003', email: member.email, email_verified: true },
      { cookie, path: '/api/auth/oauth2/link' },
    );
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).not.toMatch(/error=/);
    const [user] = await t.database.sql.query<{ auth_provider: string }>(
      'SELECT auth_provider FROM users WHERE id = $1',
      [member.userId],
    );
    expect(user!.auth_provider).toBe('both');
    const viaGoogle = await googleSignIn({
      sub: 'google-sub-3003',
      email: member.email,
      email_verified: true,
    });
    expect(cookieFrom(viaGoogle, t)).toBeTruthy();
  });

  it('answers 404 for Google sign-in when it is not configured', async () => {
    const plain = await startTestApp();
    try {
      const response = await call(plain, {
        method: 'POST',
        url: '/api/auth/sign-in/oauth2',
        payload: { providerId: 'google', callbackURL: '/account' },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('GET /api/user/providers', () => {
  it('tells the member page which sign-in methods exist, without starting a sign-in', async () => {
    expect((await call(t, { method: 'GET', url: '/api/user/providers' })).json()).toEqual({
      password: true,
      google: true,
    });
    const plain = await startTestApp();
    try {
      expect((await call(plain, { method: 'GET', url: '/api/user/providers' })).json()).toEqual({
        password: true,
        google: false,
      });
    } finally {
      await plain.close();
    }
  });
});
