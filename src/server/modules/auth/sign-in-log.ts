import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';

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
    await tx.execute(sql`
      INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent, session_id)
      VALUES (${userId}, ${email}, ${outcome.provider}, ${outcome.method}, ${outcome.success},
              ${outcome.success ? null : outcome.errorCode}, ${outcome.ip}, ${userAgent}, ${sessionId})`);
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
