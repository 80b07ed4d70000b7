import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';
import type { SessionRenewalListener } from '../../platform/auth/session.ts';

type GeoIp = typeof import('geoip-lite');
let geoip: GeoIp | undefined;

/**
 * geoip-lite reads its 150 MB of tables synchronously when it is loaded: done on the first lookup,
 * not by every process that imports the server (the CLI, workers that never sign anyone in).
 */
export function geoDatabase(): GeoIp {
  geoip ??= createRequire(import.meta.url)('geoip-lite') as GeoIp;
  return geoip;
}

/** Where an IP is, from the GeoIP database geoip-lite ships (no network call); nulls when unknown. */
export function geoOf(ip: string | null): {
  country: string | null;
  region: string | null;
  city: string | null;
} {
  const found = ip ? geoDatabase().lookup(ip.replace(/^::ffff:/i, '')) : null;
  return {
    country: found?.country || null,
    region: found?.region || null,
    city: found?.city || null,
  };
}

/**
 * The sign-in risk score (seed 001), 0–100, the sum of: a device (user agent) this member never
 * signed in with +30; a country they never signed in from +30 (only once they have a history);
 * 3 or more failed attempts on the account in the last hour +20; impossible travel — their last
 * successful sign-in, under an hour ago, was from another country +40.
 */
const RISK_SCORE = (
  userId: string | null,
  email: string | null,
  userAgent: string | null,
  country: string | null,
) => sql`
  LEAST(100,
    CASE WHEN ${userId}::uuid IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM login_events p WHERE p.user_id = ${userId}::uuid AND p.success
         AND p.user_agent IS NOT DISTINCT FROM ${userAgent}) THEN 30 ELSE 0 END
  + CASE WHEN ${country}::text IS NOT NULL
          AND EXISTS (SELECT 1 FROM login_events p WHERE p.user_id = ${userId}::uuid AND p.success AND p.country IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM login_events p WHERE p.user_id = ${userId}::uuid AND p.success AND p.country = ${country})
         THEN 30 ELSE 0 END
  + CASE WHEN (SELECT count(*) FROM login_events p WHERE p.email = ${email} AND NOT p.success
                 AND p.created_at > now() - interval '1 hour') >= 3 THEN 20 ELSE 0 END
  + CASE WHEN ${country}::text IS NOT NULL AND EXISTS (
      SELECT 1 FROM (SELECT p.country FROM login_events p WHERE p.user_id = ${userId}::uuid AND p.success
                        AND p.created_at > now() - interval '1 hour' ORDER BY p.created_at DESC LIMIT 1) last
       WHERE last.country IS NOT NULL AND last.country <> ${country}) THEN 40 ELSE 0 END)`;

export type SignInProvider = 'password' | 'google';

export type SignInOutcome = {
  provider: SignInProvider;
  method: 'signin' | 'signup';
  success: boolean;
  email: string | null;
  errorCode: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The new session's token on success: it names the user and the session. */
  sessionToken: string | null;
};

// better-auth's error codes, in our vocabulary.
const ERROR_CODES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid_credentials',
  ACCOUNT_SUSPENDED: 'suspended',
  USER_ALREADY_EXISTS: 'user_exists',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'user_exists',
  EMAIL_NOT_VERIFIED: 'email_not_verified',
};

export function normalizeErrorCode(code: string | null | undefined): string {
  if (!code) return 'unknown';
  return (
    ERROR_CODES[code] ??
    code
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 64)
  );
}

const PROVIDER_FROM_IDENTITIES = sql`coalesce((
  SELECT CASE WHEN bool_or(i.provider = 'credential') AND bool_or(i.provider = 'google') THEN 'both'
              WHEN bool_or(i.provider = 'google') THEN 'google'
              WHEN bool_or(i.provider = 'credential') THEN 'password' END
    FROM user_identities i WHERE i.user_id = u.id), u.auth_provider)`;

/** Recomputes a member's auth_provider from their identities (after linking an account). */
export async function refreshAuthProvider(db: Db, sessionToken: string): Promise<void> {
  await db.execute(
    sql`UPDATE users u SET auth_provider = ${PROVIDER_FROM_IDENTITIES}, updated_at = now()
         WHERE u.id = (SELECT user_id FROM sessions WHERE token = ${sessionToken})`,
  );
}

/**
 * Records one sign-in or sign-up attempt (seed 001 §2): a `login_events` row either way; on
 * success also the member's last login, IP and user agent, and `auth_provider` recomputed from the
 * identities they have (password, google, or both). One transaction.
 */
export async function recordSignIn(db: Db, outcome: SignInOutcome): Promise<void> {
  const email = outcome.email?.trim().toLowerCase() ?? null;
  const userAgent = outcome.userAgent?.slice(0, 512) ?? null;
  await db.transaction(async (tx) => {
    let userId: string | null = null;
    let sessionId: string | null = null;
    if (outcome.sessionToken) {
      const [session] = await rows<{ id: string; user_id: string }>(
        tx,
        sql`SELECT id, user_id FROM sessions WHERE token = ${outcome.sessionToken}`,
      );
      userId = session?.user_id ?? null;
      sessionId = session?.id ?? null;
    }
    if (!userId && email) {
      const [user] = await rows<{ id: string }>(tx, sql`SELECT id FROM users WHERE email = ${email}`);
      userId = user?.id ?? null;
    }
    const geo = geoOf(outcome.ip);
    await tx.execute(sql`
      INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent, session_id,
                                country, region, city, risk_score)
      VALUES (${userId}, ${email}, ${outcome.provider}, ${outcome.method}, ${outcome.success},
              ${outcome.success ? null : outcome.errorCode}, ${outcome.ip}, ${userAgent}, ${sessionId},
              ${geo.country}, ${geo.region}, ${geo.city}, ${RISK_SCORE(userId, email, userAgent, geo.country)})`);
    if (outcome.success && userId) {
      const withSession = sessionId !== null;
      await tx.execute(sql`
        UPDATE users u SET
          last_login_at = CASE WHEN ${withSession} THEN now() ELSE u.last_login_at END,
          last_ip = CASE WHEN ${withSession} THEN ${outcome.ip}::inet ELSE u.last_ip END,
          last_user_agent = CASE WHEN ${withSession} THEN ${userAgent} ELSE u.last_user_agent END,
          auth_provider = ${PROVIDER_FROM_IDENTITIES},
          updated_at = now()
        WHERE u.id = ${userId}`);
    }
  });
}

/**
 * Records a session renewal (the guard's, platform/auth/session.ts) as a successful sign-in event
 * with `method: 'refresh'`, inside the renewal's transaction: provider of the sign-in that opened the
 * session, geo and risk score of the request that renewed it. The member's last login stays the
 * sign-in's: a renewal is not a login.
 */
export const recordRenewal: SessionRenewalListener = async (tx, { session, ip, userAgent }) => {
  const agent = userAgent?.slice(0, 512) ?? null;
  const geo = geoOf(ip);
  await tx.execute(sql`
    INSERT INTO login_events (user_id, email, provider, method, success, ip, user_agent, session_id,
                              country, region, city, risk_score)
    VALUES (${session.userId}::uuid, ${session.email},
            coalesce((SELECT p.provider FROM login_events p WHERE p.session_id = ${session.sessionId}
                         AND p.method <> 'refresh' ORDER BY p.id LIMIT 1),
                     (SELECT CASE WHEN u.auth_provider = 'google' THEN 'google' ELSE 'password' END
                        FROM users u WHERE u.id = ${session.userId}::uuid),
                     'password'),
            'refresh', true, ${ip}::inet, ${agent}, ${session.sessionId},
            ${geo.country}, ${geo.region}, ${geo.city},
            ${RISK_SCORE(session.userId, session.email, agent, geo.country)})`);
};
