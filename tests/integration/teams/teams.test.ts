import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let moderator: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 100 });
  await seedDemoCommunity(t.database, { people: 100, stones: 20, posts: 50 });
  moderator = (await staffCookie(t, 'moderator')).cookie;
}, 120_000);
afterAll(async () => t?.close());

const get = (url: string) => call(t, { method: 'GET', url, cookie: moderator });

describe('teams', () => {
  it('lists teams with members and campaigns, by kind, name and member, paged', async () => {
    const groups = (await get('/api/admin/teams?kind=group')).json().rows;
    expect(groups.length).toBe(5);
    for (const team of groups) expect(team.kind).toBe('group');
    expect(groups.some((team: { members: number }) => team.members > 1)).toBe(true);
    const pairs = (await get('/api/admin/teams?kind=self_pair&pageSize=2')).json();
    expect(pairs.rows.every((team: { members: number }) => team.members === 1)).toBe(true);
    const more = (
      await get(`/api/admin/teams?kind=self_pair&pageSize=2&cursor=${encodeURIComponent(pairs.nextCursor)}`)
    ).json();
    expect(more.rows[0].id).not.toBe(pairs.rows[0].id);
    const named = (
      await get(`/api/admin/teams?query=${encodeURIComponent(groups[0].name.slice(0, 5))}`)
    ).json();
    expect(named.rows.map((team: { id: string }) => team.id)).toContain(groups[0].id);
    expect((await get('/api/admin/teams?query=a%00b')).statusCode).toBe(400);
  });

  it('shows a team with its members (owner first) and campaigns; a member’s teams', async () => {
    const [group] = (await get('/api/admin/teams?kind=group')).json().rows;
    const team = (await get(`/api/admin/teams/${group.id}`)).json();
    expect(team.members[0].role).toBe('owner');
    expect(team.members).toHaveLength(group.members);
    expect(team.campaigns).toHaveLength(group.campaigns);
    const mine = (await get(`/api/admin/teams?member=${team.members[0].userId}`)).json().rows;
    expect(mine.map((row: { id: string }) => row.id)).toContain(group.id);
    expect((await get('/api/admin/teams/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('gives the Users tab a Teams column and filter, and the onboarding badge and filter', async () => {
    const list = (query: string) => get(`/api/admin/users?pageSize=100${query}`);
    const pairs = (await list('&onboarding=self_pair')).json().rows;
    expect(pairs.length).toBeGreaterThan(0);
    for (const row of pairs) {
      expect(row.onboarding).toBe('self_pair');
      expect(row.teams.some((team: { kind: string }) => team.kind === 'self_pair')).toBe(true);
    }
    for (const row of (await list('&onboarding=registered')).json().rows) {
      expect(row.onboarding).toBe('registered');
    }
    const none = (await list('&team=none')).json().rows;
    for (const row of none) expect(row.teamCount).toBe(0);
    const grouped = (await list('&team=group')).json().rows;
    expect(grouped.length).toBeGreaterThan(0);
    for (const row of grouped) expect(row.teamCount).toBeGreaterThan(0);
    expect((await list('&team=club')).statusCode).toBe(400);
  });
});
