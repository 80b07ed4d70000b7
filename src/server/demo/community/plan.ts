import { DEMO_MEMBER_DOMAIN } from '../members/plan.ts';
import { countOf, createScratch, type DemoPlan, type DemoStep, sqlText } from '../steps.ts';

/** What the community steps are told. */
export type CommunityPlan = DemoPlan & {
  /** How many demo members take part (the first by id), at most. */
  people: number;
  /** Stones and pebbles to make (in batches of 100). */
  stones: number;
  /** Posts over the last 90 days. */
  posts: number;
};

/** The counts `seedDemoCommunity` reports, each one a step's. */
export type CommunityCount =
  | 'people'
  | 'locations'
  | 'teams'
  | 'teamMembers'
  | 'campaigns'
  | 'batches'
  | 'stones'
  | 'conversations'
  | 'posts'
  | 'flags';

export type CommunityStep = DemoStep<CommunityPlan, CommunityCount>;

/** Demo stones are made in batches of this many. */
export const DEMO_BATCH_SIZE = 100;

/** `demo_cp`: the people, numbered `k` 1… by id, with their first name (team names use it). */
export const people: CommunityStep = {
  name: 'community people',
  counts: 'people',
  async run(db, { people }) {
    await createScratch(
      db,
      'demo_cp',
      `
      SELECT row_number() OVER (ORDER BY id) AS k, id AS user_id, coalesce(first_name, 'Member') AS first_name,
             created_at
        FROM (SELECT id, first_name, created_at FROM users
               WHERE email LIKE ${sqlText(`%@${DEMO_MEMBER_DOMAIN}`)} AND status <> 'deleted'
               ORDER BY id LIMIT ${people}) u`,
      { analyze: true },
    );
    return countOf(db, 'SELECT count(*) AS n FROM demo_cp');
  },
};

/** How many group teams the people form: one per 20 people, at least one. */
export const groupsOf = (people: number) => Math.max(1, Math.floor(people / 20));
