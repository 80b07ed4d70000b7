import { countInserted, createScratch, type DemoSql } from '../steps.ts';
import { USER_AGENTS } from './lists.ts';
import { DEMO_MEMBER_DOMAIN, type MemberStep, place } from './plan.ts';

/** `demo_bursts`: credential stuffing, 30–120 failures from one address within minutes (one 40 minutes ago). */
export const signInBursts: MemberStep = {
  name: 'sign-in bursts',
  run: (db, { members }, { r }) =>
    createScratch(
      db,
      'demo_bursts',
      `
      SELECT b, 30 + floor(${r('b')} * 90)::int AS size,
             CASE WHEN b = 1 THEN now() - interval '40 minutes'
                  ELSE now() - interval '1 day' - ${r('b')} * interval '88 days' END AS start,
             ('203.0.113.' || (199 + b % 50))::inet AS ip
        FROM generate_series(1, ${Math.max(3, Math.floor(members / 50_000))}) b`,
    ),
};

/** A member's provider for one sign-in: theirs, or either for members with both. */
const providerOf = (r: DemoSql['r'], alias: string, key: string) =>
  `CASE ${alias}.auth_provider WHEN 'google' THEN 'google' WHEN 'password' THEN 'password'
        ELSE CASE WHEN ${r(key)} < 0.5 THEN 'google' ELSE 'password' END END`;
const geo = (alias: string) =>
  `(${place(0)})[${alias}.place], (${place(1)})[${alias}.place], (${place(2)})[${alias}.place]`;

/**
 * 90 days of login events: each member's last sign-in (matching users.last_login_at, last_ip and
 * last_user_agent), the sign-ups of the last 90 days of those members, the bursts, and a long tail up to the target
 * (member k gets a share ∝ 1/sqrt(k), so a few members have thousands). When the fixed part alone is
 * larger than the target, there are more.
 */
export const loginEvents: MemberStep = {
  name: 'login events',
  table: 'login_events',
  counts: 'loginEvents',
  async run(db, { members, loginEvents: target }, { r, pick, ip, uuid }) {
    const [sizes] = await db.query<{ fixed: string; logged_in: string }>(`
      SELECT (SELECT count(*) FROM demo_m WHERE last_login_at IS NOT NULL)
           + (SELECT count(*) FROM demo_m WHERE created_at > now() - interval '90 days' AND last_login_at IS NOT NULL)
           + (SELECT sum(size) FROM demo_bursts) AS fixed,
             (SELECT count(*) FROM demo_m WHERE last_login_at IS NOT NULL) AS logged_in`);
    const loggedIn = Number(sizes?.logged_in ?? 0);
    const tail = loggedIn > 0 ? Math.max(0, target - Number(sizes?.fixed ?? 0)) : 0;
    return countInserted(
      db,
      `
      INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent,
                               country, region, city, risk_score, session_id, created_at)
      SELECT * FROM (
        -- the last sign-in, matching users.last_login_at / last_ip / last_user_agent
        SELECT m.id, m.email, ${providerOf(r, 'm', 'm.n')}, 'signin', true, NULL::text, m.last_ip, m.last_user_agent,
               ${geo('m')}, floor(${r('m.n')} * 10)::int,
               CASE WHEN m.sessions_n > 0 THEN (${uuid('session', "m.n || '.1'")})::text END,
               m.last_login_at
          FROM demo_m m WHERE m.last_login_at IS NOT NULL
        UNION ALL
        -- sign-ups of the last 90 days (a sign-up signs in: only members who ever signed in have one)
        SELECT m.id, m.email, CASE WHEN m.auth_provider = 'google' THEN 'google' ELSE 'password' END, 'signup',
               true, NULL, m.last_ip, m.last_user_agent, ${geo('m')}, 0, NULL, m.created_at
          FROM demo_m m WHERE m.created_at > now() - interval '90 days' AND m.last_login_at IS NOT NULL
        UNION ALL
        -- credential stuffing: bursts of failures from one address, known and unknown emails
        SELECT CASE WHEN x.known THEN m.id END,
               CASE WHEN x.known THEN m.email ELSE 'no.such.member.' || d.b || '.' || i || '@unknown.${DEMO_MEMBER_DOMAIN}' END,
               'password', 'signin', false, 'invalid_credentials', d.ip, 'python-requests/2.31.0',
               'NL', 'North Holland', 'Amsterdam', 60 + floor(${r('d.b * 1000 + i')} * 40)::int, NULL,
               d.start + (i::float8 / d.size) * interval '12 minutes' + ${r('d.b * 1000 + i')} * interval '20 seconds'
          FROM demo_bursts d
          CROSS JOIN LATERAL generate_series(1, d.size) i
          CROSS JOIN LATERAL (SELECT ${r('d.b * 1000 + i')} < 0.6 AS known,
                                     1 + floor(${r('d.b * 1000 + i')} * ${members})::int AS target) x
          JOIN demo_m m ON m.n = x.target
        UNION ALL
        -- the long tail: member k gets a share ∝ 1/sqrt(k), so a few members have thousands
        SELECT m.id, m.email, p.provider, CASE WHEN p.ok AND ${r('e')} < 0.05 THEN 'refresh' ELSE 'signin' END,
               p.ok,
               CASE WHEN p.ok THEN NULL
                    WHEN p.provider = 'google' THEN CASE WHEN p.rc < 0.7 THEN 'access_denied' ELSE 'invalid_token' END
                    WHEN p.rc < 0.8 THEN 'invalid_credentials'
                    WHEN p.rc < 0.9 THEN 'email_not_verified' ELSE 'rate_limited' END,
               CASE WHEN ${r('e')} < 0.75 THEN m.last_ip ELSE ${ip('e')} END,
               CASE WHEN ${r('e')} < 0.8 THEN m.last_user_agent ELSE ${pick(USER_AGENTS, 'e')} END,
               ${geo('m')},
               CASE WHEN p.ok THEN floor(p.rc * 10)::int ELSE 20 + floor(p.rc * 50)::int END,
               NULL,
               lo + ${r('e')} * (m.last_login_at - lo)
          FROM generate_series(1, ${tail}) e
          JOIN demo_m m ON m.k = 1 + floor(${loggedIn} * ${r('e')} ^ 2)::int
          CROSS JOIN LATERAL (SELECT greatest(m.created_at, now() - interval '90 days') AS lo) l
          CROSS JOIN LATERAL (SELECT ${providerOf(r, 'm', 'e')} AS provider, ${r('e')} < 0.9 AS ok, ${r('e')} AS rc) p
      ) events
      ORDER BY 14`,
    );
  },
};
