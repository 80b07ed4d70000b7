import { countInserted, sqlText } from '../steps.ts';
import { USER_AGENTS } from './lists.ts';
import type { MemberStep } from './plan.ts';

/** The users rows of `demo_m`. */
/**
 * A Google member's picture: a small SVG of their initials on one of eight colours, inline as a
 * data: URL, so the demo's avatars load on any machine, offline, within the app's CSP.
 */
const DEMO_AVATAR_SQL = `'data:image/svg+xml,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%20viewBox=%270%200%2040%2040%27%3E'
  || '%3Crect%20width=%2740%27%20height=%2740%27%20fill=%27%23'
  || (ARRAY['4f46e5','0891b2','059669','d97706','db2777','7c3aed','2563eb','dc2626'])[1 + n % 8]
  || '%27/%3E%3Ctext%20x=%2720%27%20y=%2726%27%20font-size=%2716%27%20font-family=%27sans-serif%27%20text-anchor=%27middle%27%20fill=%27white%27%3E'
  || upper(left(first_name, 1) || left(last_name, 1)) || '%3C/text%3E%3C/svg%3E'`;

export const users: MemberStep = {
  name: 'users',
  table: 'users',
  counts: 'members',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO users (id, email, name, email_verified, first_name, last_name, picture_url, auth_provider,
                         email_verified_at, last_login_at, last_ip, last_user_agent, mfa_enabled, status,
                         stripe_customer_id, marketing_opt_in, onboarded_at, created_at, updated_at)
      SELECT id, email, first_name || ' ' || last_name, email_verified_at IS NOT NULL, first_name, last_name,
             CASE WHEN auth_provider <> 'password' THEN ${DEMO_AVATAR_SQL} END,
             auth_provider, email_verified_at, last_login_at,
             CASE WHEN last_login_at IS NOT NULL THEN last_ip END,
             CASE WHEN last_login_at IS NOT NULL THEN last_user_agent END,
             mfa_enabled, status,
             CASE WHEN orders_n > 0 THEN 'cus_demo' || lpad(n::text, 10, '0') END,
             marketing_opt_in,
             CASE WHEN last_login_at IS NOT NULL THEN created_at + interval '3 minutes' END,
             created_at, coalesce(last_login_at, created_at)
        FROM demo_m ORDER BY n`,
    ),
};

/** A credential (the demo password) and/or a Google subject, as the member's provider says. */
export const identities: MemberStep = {
  name: 'identities',
  table: 'user_identities',
  counts: 'identities',
  run: (db, { passwordHash }, { hash, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO user_identities (id, user_id, provider, provider_user_id, email, password, scope, created_at, updated_at)
      SELECT ${uuid('credential', 'n')}, id, 'credential', id::text, email, ${sqlText(passwordHash)}, NULL,
             created_at, created_at
        FROM demo_m WHERE auth_provider IN ('password', 'both')
      UNION ALL
      SELECT ${uuid('google', 'n')}, id, 'google',
             '10' || lpad((${hash('n')} & 281474976710655)::text, 19, '0'),
             email, NULL, 'openid email profile',
             t, t
        FROM (SELECT m.*, CASE WHEN auth_provider = 'google' THEN created_at
                               ELSE created_at + r_both * (coalesce(last_login_at, now()) - created_at) END AS t
                FROM demo_m m WHERE auth_provider IN ('google', 'both')) g`,
    ),
};

/** Live sessions (0–3) for active members seen in the last 30 days; the first is the last sign-in. */
export const sessions: MemberStep = {
  name: 'sessions',
  table: 'sessions',
  counts: 'sessions',
  run: (db, _plan, { r, pick, ip, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO sessions (id, token, user_id, expires_at, ip, user_agent, created_at, updated_at, last_seen_at)
      SELECT ${uuid('session', "m.n || '.' || j")},
             -- the one thing not derived from the seed: a session token is a secret
             replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
             m.id, now() + interval '1 day' + ${r('m.n * 4 + j')} * interval '29 days',
             CASE WHEN j = 1 THEN m.last_ip ELSE ${ip('m.n * 4 + j')} END,
             CASE WHEN j = 1 THEN m.last_user_agent ELSE ${pick(USER_AGENTS, 'm.n * 4 + j')} END,
             s.created_at, s.created_at, s.last_seen_at
        FROM demo_m m
        CROSS JOIN LATERAL generate_series(1, m.sessions_n) j
        CROSS JOIN LATERAL (
          SELECT CASE WHEN j = 1 THEN m.last_login_at
                      ELSE greatest(m.created_at, m.last_login_at - ${r('m.n * 4 + j')} * interval '20 days') END AS created_at,
                 CASE WHEN j = 1 THEN m.last_login_at
                      ELSE least(now(), m.last_login_at + ${r('m.n * 4 + j')} * interval '3 days') END AS last_seen_at
        ) s
       WHERE m.sessions_n > 0`,
    ),
};
