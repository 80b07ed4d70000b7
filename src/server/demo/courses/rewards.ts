import { DEMO_MEMBER_DOMAIN } from '../members/plan.ts';
import { countInserted, countOf } from '../steps.ts';
import { type CourseStep, TOKENS_PER_COURSE, TOKENS_PER_DOLLAR, TOKENS_PER_LESSON } from './plan.ts';

/** Discord identities for ~20 % of the students (Catch Stragglers): snowflake-like ids, unique by student. */
export const discordIdentities: CourseStep = {
  name: 'discord identities',
  table: 'user_identities',
  counts: 'discordIdentities',
  run: (db, _plan, { r, hash, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO user_identities (id, user_id, provider, provider_user_id, scope, created_at, updated_at)
      SELECT ${uuid('discord', 's.k')}, s.user_id, 'discord',
             (900000000000000000 + s.k * 1000 + (${hash('s.k')} & 511))::text,
             'identify', u.created_at, u.created_at
        FROM demo_s s JOIN users u ON u.id = s.user_id
       WHERE ${r('s.k')} < 0.2
         AND NOT EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = s.user_id AND i.provider = 'discord')
       ORDER BY s.k`,
    ),
};

/** A `payments` row (`ch_demo_<n>`) for each paid or fulfilled order of a demo member. */
export const payments: CourseStep = {
  name: 'payments',
  table: 'payments',
  counts: 'payments',
  run: (db, _plan, { uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO payments (id, order_id, user_id, stripe_charge_id, amount_cents, currency, status, tokens_awarded, created_at)
      SELECT ${uuid('payment', 'p.number')}, p.id, p.user_id, 'ch_demo_' || p.n, round(p.total * 100)::int,
             p.currency, 'succeeded', round(p.total * ${TOKENS_PER_DOLLAR})::int, p.created_at
        FROM (SELECT o.*, row_number() OVER (ORDER BY o.number) AS n
                FROM orders o JOIN users u ON u.id = o.user_id
               WHERE u.email LIKE $1 AND o.status IN ('paid', 'fulfilled') AND o.total > 0) p
       ORDER BY p.n`,
      [`%@${DEMO_MEMBER_DOMAIN}`],
    ),
};

/**
 * Tokens, through award_tokens(): 10 per completed lesson (`lesson:<lesson id>:<user id>`), 50 per
 * completed course (`course:<course id>:<user id>`), a purchase's (`payment:<payment id>`).
 */
export const tokenAwards: CourseStep = {
  name: 'token awards',
  table: 'token_ledger',
  counts: 'tokenAwards',
  run: (db) =>
    countOf(
      db,
      `
      SELECT count(award_tokens(user_id, amount, reason, source_id)) AS n FROM (
        SELECT user_id, ${TOKENS_PER_LESSON} AS amount, 'Lesson completed: ' || title AS reason,
               'lesson:' || lesson_id || ':' || user_id AS source_id, completed_at AS at
          FROM demo_p
        UNION ALL
        SELECT e.user_id, ${TOKENS_PER_COURSE}, 'Course completed: ' || c.title,
               'course:' || e.course_id || ':' || e.user_id, e.last_activity_at
          FROM demo_e e JOIN demo_c c ON c.c = e.c WHERE e.state = 'completed'
        UNION ALL
        SELECT p.user_id, p.tokens_awarded, 'Purchase ' || p.stripe_charge_id, 'payment:' || p.id, p.created_at
          FROM payments p WHERE p.stripe_charge_id LIKE 'ch\\_demo\\_%' AND p.tokens_awarded > 0
        ORDER BY at, source_id
      ) a`,
    ),
};
