import type { Database } from '../db/client.ts';
import { type CommunityCount, type CommunityStep, people } from './community/plan.ts';
import { flags, moderatedPosts, posts } from './community/posts.ts';
import { conversations, stoneBatches, stones } from './community/stones.ts';
import { campaigns, locations, teamMembers, teamPlan, teams } from './community/teams.ts';
import { checkSeed, DEFAULT_DEMO_SEED, runDemoSteps, stopwatch } from './steps.ts';

/**
 * Demo community (seed 002): teams of both kinds with their members, campaigns in every state,
 * ~1,000 stones and pebbles in batches (some premapped, ~40 % activated, with conversation
 * metadata), 90 days of private posts and a few dozen open flags. Made from the demo members (run
 * after the members seed), deterministic and set-based like it, in one transaction.
 */
export const DEMO_COMMUNITY_DEFAULTS = { people: 2_000, stones: 1_000, posts: 6_000 };

export type SeedCommunityOptions = Partial<typeof DEMO_COMMUNITY_DEFAULTS> & {
  seed?: string;
  log?: (line: string) => void;
};

export type SeedCommunityResult = { created: boolean; timings: Record<string, number> } & Record<
  CommunityCount,
  number
>;

/** The steps, in order: people, places, teams before campaigns, stones before posts, flags last. */
export const COMMUNITY_STEPS: readonly CommunityStep[] = [
  people,
  locations,
  teamPlan,
  teams,
  teamMembers,
  campaigns,
  stoneBatches,
  stones,
  conversations,
  posts,
  flags,
  moderatedPosts,
];

const NO_COUNTS: Record<CommunityCount, number> = {
  people: 0,
  locations: 0,
  teams: 0,
  teamMembers: 0,
  campaigns: 0,
  batches: 0,
  stones: 0,
  conversations: 0,
  posts: 0,
  flags: 0,
};

/** True when the community tables hold anything already (demo or real). */
export async function hasCommunity(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM teams) OR EXISTS (SELECT 1 FROM stones) AS any',
  );
  return rows[0]?.any === true;
}

/** Creates the demo community (`COMMUNITY_STEPS`); adds nothing when teams or stones exist. */
export async function seedDemoCommunity(
  database: Database,
  options: SeedCommunityOptions = {},
): Promise<SeedCommunityResult> {
  const plan = { ...DEMO_COMMUNITY_DEFAULTS, ...definedOf(options) };
  for (const [name, value] of Object.entries(plan))
    if (!Number.isInteger(value) || value < 0 || value > 20_000_000)
      throw new Error(`${name} must be a whole number from 0 to 20,000,000 (got ${value})`);
  const seed = checkSeed(options.seed ?? DEFAULT_DEMO_SEED);
  const log = options.log ?? (() => {});
  if (await hasCommunity(database)) {
    log('community data exists already: nothing added');
    return { created: false, ...NO_COUNTS, timings: {} };
  }
  const watch = stopwatch(log);
  const counts = await runDemoSteps(
    database,
    COMMUNITY_STEPS,
    { seed, ...plan },
    { counts: NO_COUNTS, watch },
  );
  return { created: true, ...counts, timings: watch.timings };
}

function definedOf(options: SeedCommunityOptions) {
  const { people, stones, posts } = options;
  return Object.fromEntries(
    Object.entries({ people, stones, posts }).filter(([, value]) => value !== undefined),
  ) as Partial<typeof DEMO_COMMUNITY_DEFAULTS>;
}
