import { countInserted, sqlArray } from '../steps.ts';
import type { CommunityStep } from './plan.ts';

const OPENINGS = [
  'Today I walked to the river with my stone.',
  'I could not sleep, so I wrote instead.',
  'The campaign prompt asked what I am carrying.',
  'Found a pebble by the steps this morning.',
  'My sister called and we talked for an hour.',
  'Work was loud. The stone in my pocket was quiet.',
  'I keep coming back to the same question.',
  'Three things I noticed on the way home:',
];
const MIDDLES = [
  'It felt heavier than it looks, like it was holding the week for me.',
  'I wrote down the names of everyone who helped this month.',
  'The light on the water made me think of my grandfather.',
  'I am trying to be kinder to myself about the small failures.',
  'Someone left a painted stone on the bench; I left mine beside it.',
  'I do not know what to do about the job, but writing helps.',
  'We laughed about the time the tent collapsed in the rain.',
  'The moss, a heron, the smell of cut grass.',
];
const CLOSINGS = [
  'Tomorrow I will try again.',
  'Grateful, mostly.',
  'That is enough for today.',
  'More later.',
  'Still thinking about it.',
];

/**
 * 90 days of private posts by the people, more of them recent; a post is on the author's team (and
 * that team's campaign when one had started) and about the stone they activated, when they have one.
 * A few mention an email or an address, as people do: masking has something to mask.
 */
export const posts: CommunityStep = {
  name: 'posts',
  table: 'posts',
  counts: 'posts',
  run: (db, { posts }, { r, pick, uuid }) =>
    countInserted(
      db,
      `
      WITH p AS (
        SELECT n, 1 + floor(${r('n')} * greatest(1, (SELECT count(*) FROM demo_cp)))::int AS person_k,
               now() - interval '5 minutes' - (${r('n')} ^ 1.5) * interval '90 days' AS created_at,
               ${pick(OPENINGS, 'n')} || ' ' || ${pick(MIDDLES, 'n')} || ' ' || ${pick(CLOSINGS, 'n')} AS text,
               ${r('n')} AS r_extra
          FROM generate_series(1, ${posts}) n
      )
      INSERT INTO posts (id, author_id, team_id, campaign_id, stone_id, body, created_at, updated_at)
      SELECT ${uuid('post', 'p.n')}, a.user_id, team.team_id, campaign.id, stone.id,
             p.text || CASE WHEN p.r_extra < 0.02 THEN ' If you read this, write me at ' || lower(a.first_name) || '.' || p.n || '@example.com.'
                            WHEN p.r_extra < 0.03 THEN ' The cafe wifi said my address was 203.0.113.' || (p.n % 250 + 1) || '.'
                            ELSE '' END,
             p.created_at, p.created_at
        FROM p JOIN demo_cp a ON a.k = p.person_k
        LEFT JOIN LATERAL (
          SELECT m.team_id FROM team_members m WHERE m.user_id = a.user_id ORDER BY m.joined_at LIMIT 1
        ) team ON true
        LEFT JOIN LATERAL (
          SELECT c.id FROM campaigns c WHERE c.team_id = team.team_id AND c.activated_at < p.created_at
             AND (c.closed_at IS NULL OR c.closed_at > p.created_at) ORDER BY c.activated_at LIMIT 1
        ) campaign ON true
        LEFT JOIN LATERAL (
          SELECT s.id FROM stones s WHERE s.activated_by = a.user_id AND s.activated_at < p.created_at
           ORDER BY s.activated_at LIMIT 1
        ) stone ON true
       ORDER BY p.n`,
    ),
};

const REASONS = ['spam', 'harassment', 'self_harm', 'explicit', 'other'];
const NOTES = [
  'This looks like an ad.',
  'They wrote about me by name.',
  'I am worried about them.',
  'Not appropriate for the team.',
  'Reported by my partner, ask at someone@example.com',
  null,
];

/**
 * Flags from 1–3 people per post: the first 30 flagged posts have open flags (raised over the last
 * 12 days), the next 20 were resolved (dismissed, or actioned: that post is hidden by the next step).
 */
export const flags: CommunityStep = {
  name: 'post flags',
  table: 'post_flags',
  counts: 'flags',
  run: (db, { posts }, { r, pick, uuid }) =>
    countInserted(
      db,
      `
      WITH f AS (
        SELECT n, (n + 1) / 2 AS fp, ${r('n')} AS r_reporter, ${pick(REASONS, 'n')} AS reason,
               (${sqlArray(NOTES.map((note) => note ?? ''))})[1 + floor(${r('n')} * ${NOTES.length})::int] AS note,
               ${r('n')} AS r_when
          FROM generate_series(1, 100) n
      ), fp AS (
        SELECT DISTINCT ON (fp) fp, 1 + floor(${r('fp')} * ${posts})::int AS post_n FROM f ORDER BY fp
      )
      INSERT INTO post_flags (post_id, reporter_id, reason, note, status, resolved_by, resolved_at, created_at)
      SELECT post.id, reporter.user_id, f.reason, nullif(f.note, ''),
             CASE WHEN f.fp <= 30 THEN 'open' WHEN f.fp % 2 = 0 THEN 'dismissed' ELSE 'actioned' END,
             CASE WHEN f.fp > 30 THEN (SELECT user_id FROM admin_users WHERE role = 'super_admin' ORDER BY granted_at LIMIT 1) END,
             CASE WHEN f.fp > 30 THEN flagged.at + interval '6 hours' END,
             flagged.at
        FROM f JOIN fp ON fp.fp = f.fp
        JOIN posts post ON post.id = ${uuid('post', 'fp.post_n')}
        JOIN demo_cp reporter ON reporter.k = 1 + floor(f.r_reporter * (SELECT count(*) FROM demo_cp))::int
        CROSS JOIN LATERAL (
          SELECT least(now() - interval '7 hours', greatest(post.created_at + interval '1 hour',
                          now() - CASE WHEN f.fp <= 30 THEN 12 ELSE 60 END * f.r_when * interval '1 day')) AS at
        ) flagged
       WHERE reporter.user_id <> post.author_id
      ON CONFLICT DO NOTHING`,
    ),
};

/** The posts an actioned flag was about are hidden, with the reason moderation gave. */
export const moderatedPosts: CommunityStep = {
  name: 'moderated posts',
  run: (db) =>
    db.exec(`
      UPDATE posts SET status = 'hidden', status_reason = 'Hidden after a report', version = version + 1
       WHERE id IN (SELECT post_id FROM post_flags WHERE status = 'actioned')`),
};
