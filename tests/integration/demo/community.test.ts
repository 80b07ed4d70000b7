import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedCommunityResult, seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

/** The demo community seed: deterministic, teams of both kinds, campaigns in every state, stones, flags. */
let a: TestDatabase;
let b: TestDatabase;
let first: SeedCommunityResult;
let second: SeedCommunityResult;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedDemoMembers(a, { members: 200 });
  await seedDemoMembers(b, { members: 200 });
  first = await seedDemoCommunity(a, { people: 200, stones: 1000, posts: 600 });
  second = await seedDemoCommunity(b, { people: 200, stones: 1000, posts: 600 });
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('seedDemoCommunity', () => {
  it('is deterministic and makes every kind of row', async () => {
    const { timings: _a, ...firstCounts } = first;
    const { timings: _b, ...secondCounts } = second;
    expect(secondCounts).toEqual(firstCounts);
    expect(first).toMatchObject({ created: true, stones: 1000, batches: 10, posts: 600 });
    expect(first.people).toBeGreaterThan(180);
    const codes = (db: TestDatabase) =>
      db.sql.query<{ code: string }>('SELECT code FROM stones ORDER BY id LIMIT 20');
    expect(await codes(b)).toEqual(await codes(a));
    const again = await seedDemoCommunity(a);
    expect(again.created).toBe(false);
  });

  it('has teams of both kinds, campaigns in every state, ~40 % activated stones and open flags', async () => {
    const [row] = await a.sql.query<Record<string, string>>(`
      SELECT (SELECT count(*) FROM teams WHERE kind = 'self_pair') AS self_pairs,
             (SELECT count(*) FROM teams WHERE kind = 'group') AS groups,
             (SELECT count(DISTINCT status) FROM campaigns) AS campaign_states,
             (SELECT count(*) FROM stones WHERE status = 'activated') AS activated,
             (SELECT count(*) FROM stones WHERE location_id IS NOT NULL) AS premapped,
             (SELECT count(DISTINCT kind) FROM stones) AS kinds,
             (SELECT count(*) FROM post_flags WHERE status = 'open') AS open_flags,
             (SELECT count(*) FROM posts WHERE status = 'hidden') AS hidden,
             (SELECT count(*) FROM stone_conversations) AS conversations,
             (SELECT min(created_at) > now() - interval '91 days' FROM posts) AS recent`);
    expect(Number(row!.self_pairs)).toBeGreaterThan(25);
    expect(Number(row!.groups)).toBe(10);
    expect(Number(row!.campaign_states)).toBe(3);
    expect(Number(row!.activated)).toBeGreaterThan(320);
    expect(Number(row!.activated)).toBeLessThan(480);
    expect(Number(row!.premapped)).toBeGreaterThan(0);
    expect(Number(row!.kinds)).toBe(2);
    expect(Number(row!.open_flags)).toBeGreaterThan(24);
    expect(Number(row!.hidden)).toBeGreaterThan(0);
    expect(Number(row!.conversations)).toBeGreaterThan(0);
    expect(row!.recent).toBe(true);
  });
});
