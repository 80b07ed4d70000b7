import { sql } from 'drizzle-orm';
import type { SessionRow } from '../../../contracts/users.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { type PasswordResets, sendPasswordReset } from '../../platform/auth/password-reset.ts';
import { mutate } from '../../platform/mutation.ts';
import { consumeRateLimit, type RateRule } from '../../platform/rate-limit.ts';
import { listSessions } from '../users/index.ts';

/**
 * A member's own live sessions, most recently seen first, the one making the request marked. A
 * member sees their own IPs in full: it is their own data.
 */
export async function listOwnSessions(
  db: Db,
  session: { userId: string; sessionId: string },
): Promise<{ sessions: SessionRow[] }> {
  const live = await listSessions(db, session.userId, { fullIps: true });
  return { sessions: live.map((row) => ({ ...row, current: row.id === session.sessionId })) };
}

/** Ends one of the member's own sessions (404 for anyone else's). */
export async function revokeOwnSession(
  database: Database,
  context: RequestContext,
  input: { userId: string; sessionId: string },
): Promise<{ revoked: number }> {
  return mutate(database, context, async (tx) => {
    const removed = await rows(
      tx,
      sql`DELETE FROM sessions WHERE id = ${input.sessionId} AND user_id = ${input.userId} RETURNING id`,
    );
    if (removed.length === 0) throw new AppError('not_found', 'No such session of yours');
    return {
      result: { revoked: 1 },
      events: [
        {
          type: 'session.revoked',
          subjectType: 'user',
          subjectId: input.userId,
          payload: { sessionId: input.sessionId, by: 'self' },
        },
      ],
    };
  });
}

export const FORGOT_PASSWORD_MESSAGE =
  'If an account uses that address, a link to choose a new password is on its way (valid for an hour).';

/**
 * "Forgot password?": mails a reset link when an active member has that email, and answers the
 * same either way, so the form tells nobody which addresses have accounts. Throttled per client IP
 * like sign-in.
 */
export async function requestOwnPasswordReset(
  deps: PasswordResets & { db: Db; rule: RateRule },
  input: { email: string; ip: string },
): Promise<{ sent: true; message: string }> {
  // Refused before the lookup, so "not configured" is the same answer for every address too.
  if (!deps.mailer.configured)
    throw new AppError('not_configured', deps.mailer.unavailableReason ?? 'Mail is not configured');
  await consumeRateLimit(deps.db, `forgot-password:${input.ip}`, deps.rule);
  const [member] = await rows<{ email: string }>(
    deps.db,
    sql`SELECT email FROM users WHERE lower(email) = lower(${input.email}) AND status = 'active'`,
  );
  if (member) await sendPasswordReset(deps, member.email);
  return { sent: true, message: FORGOT_PASSWORD_MESSAGE };
}
