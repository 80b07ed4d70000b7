import { countInserted } from '../steps.ts';
import { NOTES } from './lists.ts';
import type { MemberStep } from './plan.ts';

/** The mail log: welcome, verification, a password reset now and then (95 % sent, a few failed). */
export const emails: MemberStep = {
  name: 'emails',
  table: 'emails',
  counts: 'emails',
  run: (db, _plan, { seed, r }) =>
    countInserted(
      db,
      `
      INSERT INTO emails (user_id, to_address, template, subject, status, provider_message_id, error, created_at, sent_at)
      SELECT m.id, m.email, t.template, t.subject, s.status,
             CASE WHEN s.status = 'sent' THEN 'demo-' || md5(${seed} || ':mail:' || m.n || '.' || j) END,
             CASE WHEN s.status = 'failed' THEN '550 mailbox unavailable' END,
             t.at, CASE WHEN s.status = 'sent' THEN t.at + interval '2 seconds' END
        FROM demo_m m
        CROSS JOIN LATERAL generate_series(1, m.emails_n) j
        CROSS JOIN LATERAL (
          SELECT (ARRAY['welcome', 'verify_email', 'password_reset'])[j] AS template,
                 (ARRAY['Welcome aboard', 'Confirm your email address', 'Reset your password'])[j] AS subject,
                 CASE WHEN j = 3 THEN m.created_at + ${r('m.n * 4 + j')} * (now() - m.created_at)
                      ELSE m.created_at + j * interval '1 second' END AS at
        ) t
        CROSS JOIN LATERAL (
          SELECT CASE WHEN x < 0.95 THEN 'sent' WHEN x < 0.97 THEN 'queued' ELSE 'failed' END AS status
            FROM (SELECT ${r('m.n * 4 + j')} AS x) rs
        ) s
       WHERE m.emails_n > 0
       ORDER BY t.at`,
    ),
};

/** Staff notes on 2 % of the members, by the first staff member when there is one. */
export const notes: MemberStep = {
  name: 'notes',
  table: 'notes',
  counts: 'notes',
  run: (db, _plan, { r, pick }) =>
    countInserted(
      db,
      `
      INSERT INTO notes (user_id, author_id, body, created_at)
      SELECT m.id, (SELECT user_id FROM admin_users ORDER BY granted_at, user_id LIMIT 1),
             ${pick(NOTES, 'm.n')},
             m.created_at + ${r('m.n')} * (now() - m.created_at)
        FROM demo_m m WHERE m.r_notes < 0.02
       ORDER BY 4`,
    ),
};
