import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../src/server/modules/auth/password-policy.ts';
import { call, createMember, startTestApp, type TestApp, uniqueEmail } from '../../support/app.ts';
import { signInThroughApi } from '../../support/sign-in.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SIGNIN_ACCOUNT_RATE_LIMIT: '3/900s' });
});
afterAll(async () => t?.close());

type LoginEvent = {
  user_id: string | null;
  email: string;
  provider: string;
  method: string;
  success: boolean;
  error_code: string | null;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
};
const loginEvents = (email: string) =>
  t.database.sql.query<LoginEvent>(
    `SELECT user_id::text AS user_id, email, provider, method, success, error_code, host(ip) AS ip, user_agent, session_id
       FROM login_events WHERE email = $1 ORDER BY id`,
    [email],
  );

describe('password policy', () => {
  it('needs 8+ characters, allows long passphrases, has no composition rules, refuses common passwords', () => {
    expect(passwordProblem('short1!')).toMatch(/at least 8/);
    expect(passwordProblem('password123')).toMatch(/common/);
    expect(passwordProblem('Password1')).toMatch(/common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem(`${'x'.repeat(64)}y`)).toBeNull();
    expect(passwordProblem('alllowercaseletters')).toBeNull();
  });

  it('refuses a common password at sign-up with 400 naming the field', async () => {
    const response = await call(t, {
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: uniqueEmail(), password: 'iloveyou123', name: 'X' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([
      { path: 'body.password', message: 'is one of the most common passwords; choose another' },
    ]);
  });
});

describe('POST /api/auth/sign-up/email and sign-in', () => {
  it('signs a member up and in, recording both, and updating last login, IP, user agent and provider', async () => {
    const email = uniqueEmail('newbie');
    const signUp = await call(t, {
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email, password: 'a perfectly fine passphrase', name: 'New Bie' },
      headers: { 'user-agent': 'Pipeline/1.0' },
    });
    expect(signUp.statusCode).toBe(200);
    const signedIn = await signInThroughApi(
      t,
      { email, password: 'a perfectly fine passphrase' },
      { headers: { 'user-agent': 'Pipeline/2.0' } },
    );
    expect(signedIn.response.statusCode).toBe(200);
    const cookie = signedIn.cookie!;

    const events = await loginEvents(email);
    expect(events.map((event) => [event.method, event.success])).toEqual([
      ['signup', true],
      ['signin', true],
    ]);
    const [session] = await t.database.sql.query<{ id: string; ip: string; user_agent: string }>(
      `SELECT id, host(ip) AS ip, user_agent FROM sessions WHERE user_id = $1`,
      [events[1]!.user_id],
    );
    expect(events[1]).toMatchObject({
      provider: 'password',
      ip: '127.0.0.1',
      user_agent: 'Pipeline/2.0',
      session_id: session!.id,
    });
    expect(session).toMatchObject({ ip: '127.0.0.1', user_agent: 'Pipeline/2.0' });
    const [user] = await t.database.sql.query<{
      auth_provider: string;
      last_ip: string;
      last_user_agent: string;
      last_login_at: Date | null;
    }>(
      `SELECT auth_provider, host(last_ip) AS last_ip, last_user_agent, last_login_at FROM users WHERE email = $1`,
      [email],
    );
    expect(user).toMatchObject({
      auth_provider: 'password',
      last_ip: '127.0.0.1',
      last_user_agent: 'Pipeline/2.0',
    });
    expect(user!.last_login_at).not.toBeNull();

    const me = await call(t, { method: 'GET', url: '/api/user', cookie });
    expect(me.json()).toMatchObject({ auth: true, user: { email } });
    const sessions = await call(t, { method: 'GET', url: '/api/user/sessions', cookie });
    expect(sessions.json().sessions).toEqual([
      expect.objectContaining({ id: session!.id, current: true, ip: '127.0.0.1' }),
    ]);
  });

  it('records a failed sign-in with its error code and the account it was for', async () => {
    const member = await createMember(t);
    const { response } = await signInThroughApi(t, {
      email: member.email,
      password: 'not my password at all',
    });
    expect(response.statusCode).toBe(401);
    const [event] = await loginEvents(member.email);
    expect(event).toMatchObject({
      user_id: member.userId,
      success: false,
      error_code: 'invalid_credentials',
      provider: 'password',
      session_id: null,
    });
  });

  it('answers guests of GET /api/user with 200 {auth:false}', async () => {
    const response = await call(t, { method: 'GET', url: '/api/user' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ auth: false });
  });

  it('refuses a suspended member with error_code suspended', async () => {
    const member = await createMember(t);
    await t.database.sql.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [member.userId]);
    const { response, cookie } = await signInThroughApi(t, member);
    expect(response.statusCode).toBe(403);
    expect(cookie).toBeNull();
    const [event] = await loginEvents(member.email);
    expect(event).toMatchObject({ success: false, error_code: 'suspended' });
  });

  it('throttles every IP at the account ceiling (failures from all IPs together), and keeps counting them', async () => {
    const throttled = await startTestApp({ SIGNIN_ACCOUNT_RATE_LIMIT: '3/900s', TRUST_PROXY: 'true' });
    try {
      const member = await createMember(throttled);
      const attempt = async (ip: string, password = 'wrong password here') =>
        (
          await signInThroughApi(
            throttled,
            { email: member.email, password },
            { headers: { 'x-forwarded-for': ip } },
          )
        ).response;
      const statuses = [];
      for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
        statuses.push((await attempt(ip)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Even the right password waits out the window: the attacker cannot tell it was right.
      expect((await attempt('198.51.100.5', member.password)).statusCode).toBe(429);
      const codes = await throttled.database.sql.query<{ error_code: string; ip: string }>(
        `SELECT error_code, host(ip) AS ip FROM login_events WHERE email = $1 ORDER BY id`,
        [member.email],
      );
      expect(codes.map((row) => row.error_code)).toEqual([
        'invalid_credentials',
        'invalid_credentials',
        'invalid_credentials',
        'throttled',
        'throttled',
      ]);
      expect(codes[3]!.ip).toBe('198.51.100.4');
    } finally {
      await throttled.close();
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const member = await createMember(t);
    await signInThroughApi(
      t,
      { email: member.email, password: 'wrong password again' },
      { headers: { 'x-forwarded-for': '203.0.113.50' } },
    );
    const [event] = await loginEvents(member.email);
    expect(event!.ip).toBe('127.0.0.1');
  });

  it('lets a member revoke one of their own sessions, and only their own', async () => {
    const member = await createMember(t);
    const first = (await signInThroughApi(t, member)).cookie!;
    const second = (await signInThroughApi(t, member)).cookie!;
    const { sessions } = (await call(t, { method: 'GET', url: '/api/user/sessions', cookie: second })).json();
    const other = sessions.find((session: { current: boolean }) => !session.current);
    expect(other).toBeDefined();
    const revoked = await call(t, {
      method: 'POST',
      url: `/api/user/sessions/${other.id}/revoke`,
      cookie: second,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await call(t, { method: 'GET', url: '/api/user/sessions', cookie: first })).statusCode).toBe(401);
    const stranger = await createMember(t);
    const strangerCookie = (await signInThroughApi(t, stranger)).cookie!;
    const mine = (await call(t, { method: 'GET', url: '/api/user/sessions', cookie: second })).json()
      .sessions[0].id;
    expect(
      (await call(t, { method: 'POST', url: `/api/user/sessions/${mine}/revoke`, cookie: strangerCookie }))
        .statusCode,
    ).toBe(404);
  });
});
