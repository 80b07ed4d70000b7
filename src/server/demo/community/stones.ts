import { countInserted } from '../steps.ts';
import { type CommunityStep, DEMO_BATCH_SIZE } from './plan.ts';

const ELEMENTS = ['earth', 'water', 'fire', 'air', 'wood', 'metal'];
const INTENTIONS = ['patience', 'courage', 'gratitude', 'rest', 'curiosity', 'forgiveness', 'joy'];
const COLORS = ['slate', 'ochre', 'sea green', 'rose', 'charcoal', 'sand', 'moss'];
const SHAPES = ['round', 'oval', 'flat', 'heart', 'angular', 'egg'];
const TEXTURES = ['smooth', 'rough', 'speckled', 'banded', 'porous'];

/**
 * A demo code: 16 characters in the generator's alphabet (no 0/1/I/O), in groups of four. Made
 * from md5 (deterministic), which is fine for demo stones; real ones come from `randomBytes`.
 */
const demoCode = (seed: string, key: string) =>
  `(SELECT string_agg(substr(h, i, 4), '-' ORDER BY i) FROM (SELECT upper(translate(substr(md5('stone-code:' || ${seed} || ':' || ${key}), 1, 16), '01', 'xy')) AS h) x, generate_series(1, 13, 4) i)`;

/** Batch `b` (1…): pebbles every third batch, premapped every fourth, made 200 → 20 days ago. */
const batchKind = (b: string) => `CASE WHEN ${b} % 3 = 0 THEN 'pebble' ELSE 'stone' END`;
const batchLocation = (b: string, uuid: (kind: string, key: string) => string) =>
  `CASE WHEN ${b} % 4 = 1 THEN ${uuid('location', `1 + (${b} * 7) % 24`)} END`;
const batchTime = (b: string, batches: number) =>
  `now() - (200 - (${b} - 1) * ${Math.floor(180 / Math.max(1, batches))}) * interval '1 day'`;

export const batchesOf = (stones: number) => Math.ceil(stones / DEMO_BATCH_SIZE);

export const stoneBatches: CommunityStep = {
  name: 'stone batches',
  table: 'stone_batches',
  counts: 'batches',
  run: (db, { stones }, { uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO stone_batches (id, kind, count, location_id, created_by, created_at)
      SELECT ${uuid('batch', 'b')}, ${batchKind('b')}, least(${DEMO_BATCH_SIZE}, ${stones} - (b - 1) * ${DEMO_BATCH_SIZE}),
             ${batchLocation('b', uuid)}, (SELECT user_id FROM admin_users WHERE role = 'super_admin' ORDER BY granted_at LIMIT 1),
             ${batchTime('b', batchesOf(stones))}
        FROM generate_series(1, ${batchesOf(stones)}) b`,
    ),
};

/**
 * The stones of the batches; ~40 % activated by a person (after the batch was made), on the team
 * that person belongs to (their self-pair first), with genesis traits written at activation.
 */
export const stones: CommunityStep = {
  name: 'stones',
  table: 'stones',
  counts: 'stones',
  run: (db, { stones }, { r, pick, uuid, seed }) =>
    countInserted(
      db,
      `
      WITH s AS (
        SELECT n, 1 + (n - 1) / ${DEMO_BATCH_SIZE} AS b, ${r('n')} < 0.4 AS activated,
               1 + floor(${r('n')} * greatest(1, (SELECT count(*) FROM demo_cp)))::int AS person_k, ${r('n')} AS r_when,
               ${pick(ELEMENTS, 'n')} AS element, ${pick(INTENTIONS, 'n')} AS intention, ${pick(COLORS, 'n')} AS color,
               ${pick(SHAPES, 'n')} AS shape, ${pick(TEXTURES, 'n')} AS texture, 20 + floor(${r('n')} * 480)::int AS weight
          FROM generate_series(1, ${stones}) n
      ), t AS (
        SELECT s.*, ${batchTime('s.b', batchesOf(stones))} AS created_at FROM s
      )
      INSERT INTO stones (id, code, kind, status, location_id, batch_id, team_id, activated_by, activated_at,
                          genesis_traits, stone_traits, created_at)
      SELECT ${uuid('stone', 't.n')}, ${demoCode(seed, 't.n')}, ${batchKind('t.b')},
             CASE WHEN t.activated AND p.user_id IS NOT NULL THEN 'activated' ELSE 'unactivated' END,
             ${batchLocation('t.b', uuid)}, ${uuid('batch', 't.b')},
             CASE WHEN t.activated THEN team.team_id END,
             CASE WHEN t.activated THEN p.user_id END,
             CASE WHEN t.activated AND p.user_id IS NOT NULL THEN t.created_at + t.r_when * (now() - t.created_at) END,
             CASE WHEN t.activated AND p.user_id IS NOT NULL
                  THEN jsonb_build_object('element', t.element, 'intention', t.intention, 'color', t.color)
                  ELSE '{}'::jsonb END,
             jsonb_build_object('shape', t.shape, 'texture', t.texture, 'weightGrams', t.weight),
             t.created_at
        FROM t
        LEFT JOIN demo_cp p ON p.k = t.person_k
        LEFT JOIN LATERAL (
          SELECT m.team_id FROM team_members m JOIN teams tm ON tm.id = m.team_id
           WHERE m.user_id = p.user_id ORDER BY tm.kind DESC, m.joined_at LIMIT 1
        ) team ON true
       ORDER BY t.n`,
    ),
};

/** Conversation metadata for ~80 % of the activated stones: counts and times, never content. */
export const conversations: CommunityStep = {
  name: 'stone conversations',
  table: 'stone_conversations',
  counts: 'conversations',
  run: (db, _plan, { r }) =>
    countInserted(
      db,
      `
      WITH s AS (
        SELECT id, activated_at, ('x' || substr(id::text, 1, 8))::bit(32)::int::bigint AS key FROM stones
         WHERE status = 'activated'
      )
      INSERT INTO stone_conversations (stone_id, messages, participants, first_message_at, last_message_at)
      SELECT id, 1 + floor(${r('key')} ^ 2 * 200)::int, 1 + floor(${r('key')} * 4)::int,
             activated_at + interval '10 minutes',
             activated_at + interval '10 minutes' + ${r('key')} * (now() - activated_at - interval '10 minutes')
        FROM s WHERE ${r('key')} < 0.8`,
    ),
};
