import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

// Issue 13 item 18: a session in use is renewed once a day, and each renewal is a sign-in event
// with method 'refresh', geo and risk score.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'true' });
});
afterAll(async () => t?.close());

const refreshes = (userId: string) =>
  t.database.sql.query<{ provider: string; country: string | null; risk_score: number; session_id: string }>(
    `SELECT provider, country, risk_score, session_id FROM login_events
      WHERE user_id = $1 AND method = 'refresh' ORDER BY id`,
    [userId],
  );

/** A member's session signed in `ageDays` ago (its week runs from then). */
async function sessionOfAge(ageDays: number) {
  const member = await createMember(t);
  const cookie = await sessionCookie(t, member.userId);
  await t.database.sql.query(
    `UPDATE sessions SET expires_at = now() + make_interval(days => 7 - $2::int) WHERE user_id = $1`,
    [member.userId, ageDays],
  );
  return { member, cookie };
}

const fromLondon = { 'x-forwarded-for': '81.2.69.142', 'user-agent': 'Firefox/1' };

describe('session renewal', () => {
  it('renews a session older than a day once, re-issues its cookie and records a refresh event', async () => {
    const { member, cookie } = await sessionOfAge(2);
    const first = await call(t, { method: 'GET', url: '/api/user/sessions', cookie, headers: fromLondon });
    expect(first.statusCode).toBe(200);
    expect(String(first.headers['set-cookie'])).toMatch(/Max-Age=60479\d/);
    const [session] = await t.database.sql.query<{ days: number }>(
      `SELECT round(extract(epoch FROM expires_at - now()) / 86400)::int AS days FROM sessions WHERE user_id = $1`,
      [member.userId],
    );
    expect(session!.days).toBe(7);
    // Renewed: the next requests are within the day, nothing more is recorded.
    await call(t, { method: 'GET', url: '/api/user/sessions', cookie, headers: fromLondon });
    const events = await refreshes(member.userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ provider: 'password', country: 'GB' });
    expect(events[0]!.risk_score).toBeGreaterThanOrEqual(0);
  });

  it('leaves a session signed in less than a day ago alone', async () => {
    const { member, cookie } = await sessionOfAge(0);
    const response = await call(t, { method: 'GET', url: '/api/user/sessions', cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await refreshes(member.userId)).toHaveLength(0);
  });

  it('records one renewal when several requests find the session due at once', async () => {
    const { member, cookie } = await sessionOfAge(3);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(t, { method: 'GET', url: '/api/user/sessions', cookie })),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await refreshes(member.userId)).toHaveLength(1);
  });

  it('shows the renewal in User 360 activity with method, geo and risk score', async () => {
    const { member, cookie } = await sessionOfAge(2);
    await call(t, { method: 'GET', url: '/api/user/sessions', cookie, headers: fromLondon });
    const { cookie: support } = await staffCookie(t, 'support');
    const response = await call(t, {
      method: 'GET',
      url: `/api/admin/users/${member.userId}`,
      cookie: support,
    });
    expect(response.statusCode).toBe(200);
    const [event] = response.json().activity;
    expect(event).toMatchObject({ method: 'refresh', success: true, country: 'GB', city: 'St Albans' });
    expect(event.riskScore).toBeTypeOf('number');
  });
});
