import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, startTestApp, type TestApp } from '../../support/app.ts';
import { signInThroughApi } from '../../support/sign-in.ts';

// Issue 13 item 18: sign-in events carry country, region, city (geoip-lite) and a risk score.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'true' });
});
afterAll(async () => t?.close());

const eventsOf = (userId: string) =>
  t.database.sql.query<{
    country: string | null;
    region: string | null;
    city: string | null;
    risk_score: number;
  }>('SELECT country, region, city, risk_score FROM login_events WHERE user_id = $1 ORDER BY id', [userId]);

describe('geo and risk on sign-in events', () => {
  it('fills geo from the client IP and scores new device, new country and impossible travel', async () => {
    const member = await createMember(t);
    const from = (ip: string, agent = 'Firefox/1') =>
      signInThroughApi(t, member, { headers: { 'x-forwarded-for': ip, 'user-agent': agent } });
    expect((await from('81.2.69.142')).response.statusCode).toBe(200);
    expect((await from('81.2.69.142')).response.statusCode).toBe(200);
    expect((await from('8.8.8.8')).response.statusCode).toBe(200);
    const [first, known, travel] = await eventsOf(member.userId);
    expect(first).toMatchObject({ country: 'GB', region: 'ENG', city: 'St Albans', risk_score: 30 });
    expect(known).toMatchObject({ country: 'GB', risk_score: 0 });
    // Another country than every earlier sign-in (+30), and minutes after one from GB (+40).
    expect(travel).toMatchObject({ country: 'US', risk_score: 70 });
  });
});
