import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 60 });
  await seedDemoCommunity(t.database, { people: 60, stones: 200, posts: 100 });
}, 120_000);
afterAll(async () => t?.close());

describe('/admin home', () => {
  it('answers the live counts of every section to any staff role', async () => {
    const { cookie } = await staffCookie(t, 'moderator');
    const response = await call(t, { method: 'GET', url: '/api/admin/home', cookie });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.stones.total).toBe(200);
    expect(body.stones.activated).toBeGreaterThan(40);
    expect(body.people.selfPairs).toBeGreaterThan(0);
    expect(body.people.completedGenesis).toBeGreaterThan(0);
    expect(body.campaigns.staged + body.campaigns.active + body.campaigns.closed).toBe(6);
    expect(body.moderation.openFlags).toBeGreaterThan(0);
    expect(body.batches.total).toBe(2);
  });
});
