import { countInserted, createScratch, sqlArray } from '../steps.ts';
import { type CommunityStep, groupsOf } from './plan.ts';

const PLACE_NAMES = [
  'Cedar Ridge',
  'Harbor Point',
  'Juniper Flats',
  'Lantern Hill',
  'Maple Hollow',
  'Mill Creek',
  'North Shore',
  'Old Quarry',
  'Pine Bluff',
  'Quiet Cove',
  'Red Rock',
  'River Bend',
  'Saltmarsh',
  'Stonebridge',
  'Sunset Park',
  'Willow Lake',
  'Granite Pass',
  'Fern Gully',
  'Moss Bank',
  'Lighthouse Walk',
  'Blue Ridge',
  'Heron Pond',
  'Tide Pools',
  'Ember Field',
];
const ADJECTIVES = [
  'Quiet',
  'Bright',
  'Northern',
  'Gentle',
  'Wild',
  'Morning',
  'Evening',
  'Silver',
  'Hidden',
  'Open',
];
const NOUNS = [
  'Rivers',
  'Stones',
  'Trails',
  'Lanterns',
  'Pebbles',
  'Tides',
  'Pines',
  'Harbors',
  'Meadows',
  'Peaks',
];

/** 24 places stones can be premapped to. */
export const locations: CommunityStep = {
  name: 'locations',
  table: 'locations',
  counts: 'locations',
  run: (db, _plan, { r, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO locations (id, name, latitude, longitude, created_at)
      SELECT ${uuid('location', 'n')}, (${sqlArray(PLACE_NAMES)})[n],
             round((25 + ${r('n')} * 24)::numeric, 5)::float8, round((-123 + ${r('n')} * 52)::numeric, 5)::float8,
             now() - interval '400 days'
        FROM generate_series(1, ${PLACE_NAMES.length}) n`,
    ),
};

/**
 * `demo_t`: the teams. ~25 % of the people have a self-pair (a team of one, made a few minutes
 * after they joined); one group team per 20 people, owned by a person picked by the group number.
 */
export const teamPlan: CommunityStep = {
  name: 'team plan',
  run: (db, { people }, { r, uuid }) =>
    createScratch(
      db,
      'demo_t',
      `
      SELECT ${uuid('team-self', 'k')} AS id, 'self_pair'::text AS kind, first_name || '’s pair' AS name,
             k AS owner_k, user_id AS owner_id, created_at + interval '5 minutes' AS created_at, NULL::int AS g
        FROM demo_cp WHERE ${r('k')} < 0.25
      UNION ALL
      SELECT ${uuid('team-group', 'g')}, 'group',
             (${sqlArray(ADJECTIVES)})[1 + (g - 1) % ${ADJECTIVES.length}] || ' '
               || (${sqlArray(NOUNS)})[1 + ((g - 1) / ${ADJECTIVES.length}) % ${NOUNS.length}]
               || CASE WHEN g > ${ADJECTIVES.length * NOUNS.length} THEN ' ' || g ELSE '' END,
             p.k, p.user_id, now() - interval '1 day' - ${r('g')} * interval '300 days', g
        FROM generate_series(1, ${groupsOf(people)}) g
        JOIN demo_cp p ON p.k = 1 + floor(${r('g')} * (SELECT count(*) FROM demo_cp))::int`,
      { analyze: true },
    ),
};

export const teams: CommunityStep = {
  name: 'teams',
  table: 'teams',
  counts: 'teams',
  run: (db) =>
    countInserted(
      db,
      `INSERT INTO teams (id, name, kind, created_by, created_at)
       SELECT id, name, kind, owner_id, created_at FROM demo_t ORDER BY created_at`,
    ),
};

/** Owners of every team, and ~45 % of the people as members of a group (3–40 each). */
export const teamMembers: CommunityStep = {
  name: 'team members',
  table: 'team_members',
  counts: 'teamMembers',
  run: (db, { people }, { r }) =>
    countInserted(
      db,
      `
      INSERT INTO team_members (team_id, user_id, role, joined_at)
      SELECT id, owner_id, 'owner', created_at FROM demo_t
      UNION ALL
      SELECT t.id, p.user_id, 'member', t.created_at + ${r('p.k')} * (now() - t.created_at)
        FROM demo_cp p
        JOIN demo_t t ON t.g = 1 + floor(${r('p.k')} * ${groupsOf(people)})::int
       WHERE ${r('p.k')} < 0.45 AND t.owner_id <> p.user_id
      ON CONFLICT DO NOTHING`,
    ),
};

const CAMPAIGN_TITLES = [
  'Thirty days of gratitude',
  'Walk and write',
  'Letters to future me',
  'Stones of the season',
  'Morning pages',
  'What the river said',
  'A map of small joys',
  'Quiet week',
  'Seven questions',
  'The long way home',
];

/**
 * Two campaigns per group team on average, in every state: ~30 % staged (starting within a month),
 * ~35 % active (started within 30 days), ~35 % closed (ran 14–30 days, 40–90 days ago).
 */
export const campaigns: CommunityStep = {
  name: 'campaigns',
  table: 'campaigns',
  counts: 'campaigns',
  run: (db, { people }, { r, uuid }) =>
    countInserted(
      db,
      `
      WITH c AS (
        SELECT n, 1 + (n - 1) % ${groupsOf(people)} AS g, ${r('n')} AS r_state, ${r('n')} AS r_start,
               ${r('n')} AS r_len, 1 + floor(${r('n')} * ${CAMPAIGN_TITLES.length})::int AS title_n
          FROM generate_series(1, ${groupsOf(people) * 2}) n
      ), s AS (
        SELECT c.*, CASE WHEN r_state < 0.3 THEN 'staged' WHEN r_state < 0.65 THEN 'active' ELSE 'closed' END AS status,
               CASE WHEN r_state < 0.3 THEN now() + (1 + r_start * 29) * interval '1 day'
                    WHEN r_state < 0.65 THEN now() - (1 + r_start * 29) * interval '1 day'
                    ELSE now() - (40 + r_start * 50) * interval '1 day' END AS starts_at,
               (14 + r_len * 16) * interval '1 day' AS length
          FROM c
      )
      INSERT INTO campaigns (id, team_id, title, description, status, starts_at, ends_at, activated_at, closed_at, version, created_at)
      SELECT ${uuid('campaign', 's.n')}, t.id, (${sqlArray(CAMPAIGN_TITLES)})[title_n],
             'A shared journaling event for the ' || t.name || ' team.',
             status, starts_at, starts_at + length,
             CASE WHEN status <> 'staged' THEN starts_at END,
             CASE WHEN status = 'closed' THEN starts_at + length END,
             CASE status WHEN 'staged' THEN 1 WHEN 'active' THEN 2 ELSE 3 END,
             least(starts_at, now()) - interval '3 days'
        FROM s JOIN demo_t t ON t.g = s.g
       ORDER BY s.n`,
    ),
};
