import { createScratch, type DemoPlan, type DemoStep, sqlArray } from '../steps.ts';
import { FIRST_NAMES, LAST_NAMES, PLACES, USER_AGENTS } from './lists.ts';

export const DEMO_MEMBER_DOMAIN = 'demo-members.test';

/** What the member steps are told. */
export type MemberPlan = DemoPlan & {
  members: number;
  /** Login events to aim for (see `SeedMembersOptions.loginEvents`). */
  loginEvents: number;
  /** The hash every demo credential holds. */
  passwordHash: string;
};

/** The counts `seedDemoMembers` reports, each one a step's. */
export type MemberCount =
  | 'members'
  | 'identities'
  | 'sessions'
  | 'loginEvents'
  | 'addresses'
  | 'orders'
  | 'orderItems'
  | 'emails'
  | 'notes';

export type MemberStep = DemoStep<MemberPlan, MemberCount>;

/** A column of PLACES as an SQL array, indexed by a member's `place`. */
export const place = (column: number) => sqlArray(PLACES.map((p) => p[column]!));

/**
 * `demo_m`: who the members are, with every per-member choice the later steps read (how many
 * sessions, orders, addresses and mails each has; `k` numbers those who ever signed in).
 */
export const membersPlan: MemberStep = {
  name: 'members plan',
  run: (db, { members }, { r, pick, ip, uuid }) =>
    createScratch(
      db,
      'demo_m',
      `
      WITH a AS (
        SELECT n,
               ${pick(FIRST_NAMES, 'n')} AS first_name,
               ${pick(LAST_NAMES, 'n')} AS last_name,
               ${r('n')} AS r_provider, ${r('n')} AS r_verified, ${r('n')} AS r_status, ${r('n')} AS r_login,
               now() - interval '1 minute' - ${r('n')} * interval '730 days' AS created_at,
               ${r('n')} < 0.12 AS mfa_enabled, ${r('n')} < 0.35 AS marketing_opt_in,
               ${ip('n')} AS last_ip, ${pick(USER_AGENTS, 'n')} AS last_user_agent,
               floor(${r('n')} * ${PLACES.length})::int + 1 AS place,
               ${r('n')} AS r_sessions, ${r('n')} AS r_orders, ${r('n')} AS r_addresses,
               ${r('n')} AS r_emails, ${r('n')} AS r_notes, ${r('n')} AS r_both
          FROM generate_series(1, ${members}) n
      ), b AS (
        SELECT a.*,
               CASE WHEN r_provider < 0.6 THEN 'password' WHEN r_provider < 0.9 THEN 'google' ELSE 'both' END AS auth_provider,
               CASE WHEN r_status < 0.94 THEN 'active' WHEN r_status < 0.98 THEN 'suspended' ELSE 'deleted' END AS status,
               -- 8 % never signed in; the rest last did within 90 days (more of them recently), never before joining
               CASE WHEN r_login < 0.08 THEN NULL
                    ELSE greatest(created_at + interval '1 minute', now() - ((r_login - 0.08) / 0.92) ^ 2 * interval '90 days')
               END AS last_login_at
          FROM a
      )
      SELECT b.*,
             ${uuid('member', 'n')} AS id,
             lower(first_name || '.' || last_name || '.' || n) || '@${DEMO_MEMBER_DOMAIN}' AS email,
             CASE WHEN auth_provider <> 'password' OR r_verified < 0.85
                  THEN created_at + r_verified * interval '2 hours' END AS email_verified_at,
             CASE WHEN status = 'active' AND last_login_at > now() - interval '30 days' AND r_sessions < 0.6
                  THEN 1 + floor(r_sessions / 0.6 * 3)::int ELSE 0 END AS sessions_n,
             CASE WHEN r_orders < 0.35 THEN 1 + floor((r_orders / 0.35) ^ 2 * 5)::int ELSE 0 END AS orders_n,
             CASE WHEN r_addresses < 0.25 THEN 2 WHEN r_addresses < 0.45 THEN 1 ELSE 0 END AS addresses_n,
             CASE WHEN r_emails < 0.3 THEN 1 + floor(r_emails / 0.3 * 3)::int ELSE 0 END AS emails_n,
             CASE WHEN last_login_at IS NOT NULL
                  THEN row_number() OVER (PARTITION BY last_login_at IS NULL ORDER BY n) END AS k
        FROM b`,
      { analyze: true },
    ),
};
