import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  eventsOfType,
  staffCookie,
  startTestApp,
  type TestAccount,
  type TestApp,
  uniqueEmail,
} from '../../support/app.ts';
import { signInThroughApi } from '../../support/sign-in.ts';

// Per account + IP: 5 free failures, then 30 s doubling to 240 s; the ceiling: 12 failures an hour.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    TRUST_PROXY: 'true',
    SIGNIN_RATE_LIMIT: '1000/60s',
    SIGNIN_THROTTLE_AFTER: '5',
    SIGNIN_THROTTLE_WAIT: '30s',
    SIGNIN_THROTTLE_MAX_WAIT: '240s',
    SIGNIN_ACCOUNT_RATE_LIMIT: '12/3600s',
  });
});
afterAll(async () => t?.close());

const WRONG = 'not the right password';

async function attempt(account: { email: string }, ip: string, password = WRONG) {
  const { response, cookie } = await signInThroughApi(
    t,
    { email: account.email, password },
    { headers: { 'x-forwarded-for': ip } },
  );
  return {
    status: response.statusCode,
    retryAfter: response.headers['retry-after'],
    body: response.json(),
    cookie,
  };
}

/** Lets one IP's current wait pass, as time would. */
const waitPasses = (email: string, ip: string) =>
  t.database.sql.query(
    `UPDATE signin_throttles SET blocked_until = now() WHERE email = $1 AND client_ip = $2`,
    [email, ip],
  );

describe('POST /api/auth/sign-in/email throttles', () => {
  it('an attacker on IP A failing 50 times does not stop the owner on IP B', async () => {
    const owner = await createMember(t);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) statuses.push((await attempt(owner, '198.51.100.10')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const signedIn = await attempt(owner, '203.0.113.20', owner.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).not.toBeNull();
    // IP A still waits, even with the right password: it cannot tell that it was right.
    expect((await attempt(owner, '198.51.100.10', owner.password)).status).toBe(429);
  });

  it('makes one IP wait longer after each failure past the free ones, up to the cap', async () => {
    const member = await createMember(t);
    const ip = '198.51.100.11';
    for (let i = 0; i < 4; i += 1) expect((await attempt(member, ip)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      expect((await attempt(member, ip)).status).toBe(401);
      const refused = await attempt(member, ip);
      expect(refused.status).toBe(429);
      waits.push(Number(refused.retryAfter));
      await waitPasses(member.email, ip);
    }
    expect(waits).toEqual([30, 60, 120, 240, 240]);
  });

  it('answers a throttled unknown address exactly as a member, with Retry-After and no hint of existence', async () => {
    const member = await createMember(t);
    const nobody = { email: uniqueEmail('nobody') };
    const answers = [];
    for (const account of [member, nobody]) {
      for (let i = 0; i < 5; i += 1) await attempt(account, '198.51.100.12');
      answers.push(await attempt(account, '198.51.100.12'));
    }
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(answer.retryAfter).toBe('30');
      expect(answer.body).toEqual({
        code: 'rate_limited',
        message: 'Too many failed sign-ins; try again in 30 s',
        details: { retryAfterSeconds: 30 },
      });
    }
  });

  it('forgets an IP’s failures when it signs in successfully', async () => {
    const member = await createMember(t);
    for (let i = 0; i < 4; i += 1) await attempt(member, '198.51.100.13');
    expect((await attempt(member, '198.51.100.13', member.password)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await attempt(member, '198.51.100.13')).status).toBe(401);
  });
});

describe('the per-account ceiling', () => {
  let victim: TestAccount;
  let statuses: number[];
  beforeAll(async () => {
    victim = await createMember(t);
    statuses = [];
    // Three IPs, four failures each (none of them throttled on its own): 12, the ceiling.
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      for (let i = 0; i < 4; i += 1) statuses.push((await attempt(victim, ip)).status);
  });

  it('throttles every IP, the owner’s too, once the account reaches it', async () => {
    expect(statuses).toEqual(Array(12).fill(401));
    const owner = await attempt(victim, '203.0.113.99', victim.password);
    expect(owner.status).toBe(429);
    expect(Number(owner.retryAfter)).toBeGreaterThan(3500);
  });

  it('opens one urgent mission card on the board', async () => {
    const { cookie } = await staffCookie(t, 'admin');
    const board = await call(t, { method: 'GET', url: '/api/admin/missions', cookie });
    const cards = board
      .json()
      .missions.filter((card: { signalKey: string }) => card.signalKey === `signin_ceiling:${victim.email}`);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ status: 'DETECTED', priority: 'urgent' });
    expect(cards[0].title).toContain('throttled for everyone: 12 failures from 3 addresses');
  });

  it('shows staff with manage_users the throttles (IPs masked without view_pii), and lets them clear them, audited', async () => {
    const support = await staffCookie(t, 'support');
    const refused = await call(t, {
      method: 'GET',
      url: `/api/admin/users/${victim.userId}/sign-in-throttles`,
      cookie: support.cookie,
    });
    expect(refused.statusCode).toBe(403);

    const admin = await staffCookie(t, 'admin');
    const shown = await call(t, {
      method: 'GET',
      url: `/api/admin/users/${victim.userId}/sign-in-throttles`,
      cookie: admin.cookie,
    });
    expect(shown.statusCode).toBe(200);
    const throttles = shown.json().throttles as {
      clientIp: string;
      failures: number;
      blockedUntil: string | null;
    }[];
    expect(throttles[0]).toMatchObject({ clientIp: '*', failures: 12 });
    expect(throttles[0]!.blockedUntil).not.toBeNull();
    expect(throttles.map((row) => row.clientIp).sort()).toEqual([
      '*',
      '192.0.2.xxx',
      '192.0.2.xxx',
      '192.0.2.xxx',
    ]);

    const cleared = await call(t, {
      method: 'POST',
      url: `/api/admin/users/${victim.userId}/sign-in-throttles/clear`,
      cookie: admin.cookie,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toEqual({ cleared: 4 });
    const [event] = (await eventsOfType(t, 'user.signin_throttles_cleared')).filter(
      (row) => row.subject_id === victim.userId,
    );
    expect(event).toMatchObject({
      actor_id: admin.account.userId,
      payload: { cleared: 4, blocked: 1, ceiling: true },
    });

    expect((await attempt(victim, '203.0.113.99', victim.password)).status).toBe(200);
  });
});
