import type { Database } from '../../db/client.ts';

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

const PROVIDER_FROM_IDENTITIES = `coalesce((
  SELECT CASE WHEN bool_or(i.provider = 'credential') AND bool_or(i.provider = 'google') THEN 'both'
              WHEN bool_or(i.provider = 'google') THEN 'google'
              WHEN bool_or(i.provider = 'credential') THEN 'password' END
    FROM user_identities i WHERE i.user_id = u.id), u.auth_provider)`;

/** Recomputes a member's auth_provider from their identities (after linking an account). */
export async function refreshAuthProvider(database: Database, sessionToken: string): Promise<void> {
  await database.sql.query(
    `UPDATE users u SET auth_provider = ${PROVIDER_FROM_IDENTITIES}, updated_at = now()
      WHERE u.id = (SELECT user_id FROM sessions WHERE token = $1)`,
    [sessionToken],
  );
}

/**
 * Records one sign-in or sign-up attempt (seed 001 §2): a `login_events` row either way; on
 * success also the member's last login, IP and user agent, and `auth_provider` recomputed from the
 * identities they have (password, google, or both). One transaction.
 */
export async function recordSignIn(database: Database, outcome: SignInOutcome): Promise<void> {
  await database.sql.transaction(async (tx) => {
    let userId: string | null = null;
    let sessionId: string | null = null;
    if (outcome.sessionToken) {
      const [session] = await tx.query<{ id: string; user_id: string }>(
        'SELECT id, user_id FROM sessions WHERE token = $1',
        [outcome.sessionToken],
      );
      userId = session?.user_id ?? null;
      sessionId = session?.id ?? null;
    }
    if (!userId && outcome.email) {
      const [user] = await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
        outcome.email.trim().toLowerCase(),
      ]);
      userId = user?.id ?? null;
    }
    await tx.query(
      `INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent, session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        userId,
        outcome.email?.trim().toLowerCase() ?? null,
        outcome.provider,
        outcome.method,
        outcome.success,
        outcome.success ? null : outcome.errorCode,
        outcome.ip,
        outcome.userAgent?.slice(0, 512) ?? null,
        sessionId,
      ],
    );
    if (outcome.success && userId) {
      await tx.query(
        `UPDATE users u SET
           last_login_at = CASE WHEN $4 THEN now() ELSE u.last_login_at END,
           last_ip = CASE WHEN $4 THEN $2::inet ELSE u.last_ip END,
           last_user_agent = CASE WHEN $4 THEN $3 ELSE u.last_user_agent END,
           auth_provider = ${PROVIDER_FROM_IDENTITIES},
           updated_at = now()
         WHERE u.id = $1`,
        [userId, outcome.ip, outcome.userAgent?.slice(0, 512) ?? null, sessionId !== null],
      );
    }
  });
}
