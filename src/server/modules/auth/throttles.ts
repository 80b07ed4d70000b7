import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Db, rows } from '../../db/client.ts';

/** The client_ip of an account's ceiling row: failures from every IP together (migration 0085). */
export const ALL_IPS = '*';

/** A run of failures from one IP is forgotten after a quiet day without any (or a success from it). */
const FORGET_AFTER = sql`interval '24 hours'`;

export type ThrottleRules = Pick<Config, 'signInThrottle' | 'signInAccountRateLimit'>;

/** One throttle on an account, as User 360 shows it (the IP is masked there without view_pii). */
export type SignInThrottle = {
  clientIp: string;
  failures: number;
  lastFailureAt: string;
  blockedUntil: string | null;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Seconds this client must still wait before trying this account again (its own throttle, or the
 * account's ceiling), or null. Keyed by the typed address whether or not a member has it, so the
 * answer is the same for unknown addresses.
 */
export async function signInWait(db: Db, email: string, ip: string): Promise<number | null> {
  const [row] = await rows<{ wait: number | null }>(
    db,
    sql`SELECT ceil(extract(epoch FROM max(blocked_until) - now()))::int AS wait FROM signin_throttles
         WHERE email = ${email} AND client_ip IN (${ip}, ${ALL_IPS}) AND blocked_until > now()`,
  );
  return row?.wait == null ? null : Math.max(1, row.wait);
}

/** The wait after the `failures`-th failure in a row from one IP: none, then doubling up to the cap. */
export function waitAfter(failures: number, rules: ThrottleRules['signInThrottle']): number | null {
  if (failures < rules.after) return null;
  return Math.min(rules.maxWaitMs, rules.waitMs * 2 ** Math.min(30, failures - rules.after));
}

/**
 * Counts one failed password sign-in against the account from this IP and against the account's
 * ceiling. Answers whether this failure is the one that brought the account to its ceiling (exactly
 * one concurrent failure sees that), so the caller opens the card once.
 */
export async function countSignInFailure(
  db: Db,
  email: string,
  ip: string,
  rules: ThrottleRules,
): Promise<{ ceilingReached: boolean }> {
  const [own] = await rows<{ failures: number }>(
    db,
    sql`INSERT INTO signin_throttles AS t (email, client_ip, failures) VALUES (${email}, ${ip}, 1)
        ON CONFLICT (email, client_ip) DO UPDATE SET
          failures = CASE WHEN t.last_failure_at < now() - ${FORGET_AFTER} THEN 1 ELSE t.failures + 1 END,
          last_failure_at = now()
        RETURNING failures`,
  );
  const wait = waitAfter(own!.failures, rules.signInThrottle);
  if (wait !== null) {
    await db.execute(sql`UPDATE signin_throttles SET blocked_until = now() + make_interval(secs => ${wait}::float8 / 1000)
                          WHERE email = ${email} AND client_ip = ${ip}`);
  }
  const { max, windowMs } = rules.signInAccountRateLimit;
  const window = sql`make_interval(secs => ${windowMs}::float8 / 1000)`;
  const [all] = await rows<{ failures: number }>(
    db,
    sql`INSERT INTO signin_throttles AS t (email, client_ip, failures) VALUES (${email}, ${ALL_IPS}, 1)
        ON CONFLICT (email, client_ip) DO UPDATE SET
          failures = CASE WHEN t.window_start <= now() - ${window} THEN 1 ELSE t.failures + 1 END,
          window_start = CASE WHEN t.window_start <= now() - ${window} THEN now() ELSE t.window_start END,
          blocked_until = NULL,
          last_failure_at = now()
        RETURNING failures`,
  );
  if (all!.failures < max) return { ceilingReached: false };
  await db.execute(sql`UPDATE signin_throttles SET blocked_until = window_start + ${window}
                        WHERE email = ${email} AND client_ip = ${ALL_IPS}`);
  return { ceilingReached: all!.failures === max };
}

/** A successful sign-in forgets that IP's failures; the account's ceiling keeps counting its window. */
export async function forgetSignInFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.execute(sql`DELETE FROM signin_throttles WHERE email = ${email} AND client_ip = ${ip}`);
}

/** The account's throttles of the last day, blocked first. */
export async function listSignInThrottles(db: Db, email: string): Promise<SignInThrottle[]> {
  const found = await rows<{
    client_ip: string;
    failures: number;
    last_failure_at: Date;
    blocked_until: Date | null;
  }>(
    db,
    sql`SELECT client_ip, failures, last_failure_at,
               CASE WHEN blocked_until > now() THEN blocked_until END AS blocked_until
          FROM signin_throttles
         WHERE email = ${lower(email)} AND (blocked_until > now() OR last_failure_at > now() - ${FORGET_AFTER})
         ORDER BY (blocked_until > now()) IS TRUE DESC, last_failure_at DESC LIMIT 100`,
  );
  return found.map((row) => ({
    clientIp: row.client_ip,
    failures: row.failures,
    lastFailureAt: iso(row.last_failure_at)!,
    blockedUntil: iso(row.blocked_until),
  }));
}

/** Lifts every throttle on the account (staff, from User 360); answers how many rows it removed. */
export async function clearSignInThrottles(db: Db, email: string): Promise<number> {
  const removed = await rows(db, sql`DELETE FROM signin_throttles WHERE email = ${lower(email)} RETURNING 1`);
  return removed.length;
}

/** Forgets throttles neither blocked nor failed on for two days (the `signin-throttles-cleanup` job). */
export async function forgetOldSignInThrottles(db: Db): Promise<number> {
  const forgotten = await rows(
    db,
    sql`DELETE FROM signin_throttles
         WHERE last_failure_at < now() - interval '2 days' AND (blocked_until IS NULL OR blocked_until < now())
        RETURNING 1`,
  );
  return forgotten.length;
}

const lower = (email: string) => email.trim().toLowerCase();
