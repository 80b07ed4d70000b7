import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { type Database, rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { appendEvents } from '../../platform/audit/append.ts';
import { newSessionToken, type SessionInfo, setSessionCookie } from '../../platform/auth/session.ts';
import { decrypt, encrypt } from '../../platform/crypto.ts';
import { mutate } from '../../platform/mutation.ts';
import { consumeRateLimit, isRateLimited, resetRateLimit } from '../../platform/rate-limit.ts';
import type { Platform } from '../../platform/types.ts';
import { matchCounter, newTotpSecret, otpauthUri, qrSvg } from './totp.ts';

type StaffTotp = { secret_enc: string | null; enrolled_at: Date | null };

async function readTotp(database: Database, userId: string): Promise<StaffTotp> {
  const rows = await database.sql.query<StaffTotp>(
    'SELECT totp_secret_enc AS secret_enc, totp_enrolled_at AS enrolled_at FROM admin_users WHERE user_id = $1',
    [userId],
  );
  if (!rows[0]) throw new AppError('forbidden', 'This needs a staff account');
  return rows[0];
}

/** Starts (or restarts) enrollment: a new secret, stored encrypted, shown once as a URI and QR code. */
export async function startEnrollment(mc: Platform, session: SessionInfo, context: RequestContext) {
  const current = await readTotp(mc.database, session.userId);
  if (current.enrolled_at)
    throw new AppError('conflict', 'An authenticator is already enrolled for this account');
  const secret = newTotpSecret();
  await mutate(mc.database, context, async (tx) => {
    await tx.execute(sql`
      UPDATE admin_users SET totp_secret_enc = ${encrypt(mc.keys.totp, secret)}, totp_last_counter = NULL, updated_at = now()
       WHERE user_id = ${session.userId} AND totp_enrolled_at IS NULL`);
    return {
      result: null,
      events: [{ type: 'staff.totp_enrollment_started', subjectType: 'user', subjectId: session.userId }],
    };
  });
  const otpauthUriText = otpauthUri(secret, session.email);
  return { otpauthUri: otpauthUriText, qrSvg: await qrSvg(otpauthUriText) };
}

/**
 * Checks a code and, in one transaction: burns its time-step (a code is good once, even when two
 * arrive together: the guarded UPDATE lets exactly one through), marks the session stepped up,
 * rotates the session token, and appends the event.
 */
export async function stepUp(
  mc: Platform,
  reply: FastifyReply,
  session: SessionInfo,
  context: RequestContext,
  code: string,
  mode: 'confirm' | 'verify',
): Promise<{ expiresAt: string }> {
  const { database, config, keys } = mc;
  const bucket = `step-up:${session.userId}`;
  const dailyBucket = `step-up-failures:${session.userId}`;
  const lockedFor = await isRateLimited(database.sql, dailyBucket, config.stepUpDailyFailures);
  if (lockedFor !== null) {
    throw new AppError(
      'rate_limited',
      `Too many wrong codes today; step-up is locked for ${Math.ceil(lockedFor / 60)} min`,
      {
        retryAfterSeconds: lockedFor,
      },
    );
  }
  await consumeRateLimit(database.sql, bucket, config.stepUpRateLimit);
  const totp = await readTotp(database, session.userId);
  if (mode === 'confirm' && totp.enrolled_at) throw new AppError('conflict', 'Already enrolled');
  if (mode === 'verify' && !totp.enrolled_at) {
    throw new AppError('step_up_required', 'Enroll an authenticator first', { enrolled: false });
  }
  if (!totp.secret_enc) throw new AppError('conflict', 'Start enrollment first');

  const counter = matchCounter(decrypt(keys.totp, totp.secret_enc), code);
  if (counter === null) {
    await consumeRateLimit(database.sql, dailyBucket, config.stepUpDailyFailures).catch(() => {});
    await appendEvents(database.db, context, [
      {
        type: 'staff.step_up_failed',
        subjectType: 'user',
        subjectId: session.userId,
        payload: { reason: 'wrong_code' },
      },
    ]);
    throw new AppError('invalid_code', 'That code is not valid');
  }

  const token = newSessionToken();
  const result = await mutate(database, context, async (tx) => {
    const burned = await tx.execute(sql`
      UPDATE admin_users
         SET totp_last_counter = ${counter},
             totp_enrolled_at = coalesce(totp_enrolled_at, now()),
             updated_at = now()
       WHERE user_id = ${session.userId} AND (totp_last_counter IS NULL OR totp_last_counter < ${counter})
       RETURNING user_id`);
    if (rowsOf(burned).length === 0) {
      throw new AppError('invalid_code', 'That code was already used; wait for the next one');
    }
    const updated = await tx.execute(sql`
      UPDATE sessions SET token = ${token}, step_up_at = now(), updated_at = now()
       WHERE id = ${session.sessionId} AND token = ${session.token}
       RETURNING step_up_at`);
    const row = rowsOf<{ step_up_at: Date | string }>(updated)[0];
    if (!row) throw new AppError('unauthenticated', 'Your session ended; sign in again');
    const expiresAt = new Date(
      new Date(row.step_up_at).getTime() + config.adminSessionTimeoutMs,
    ).toISOString();
    return {
      result: { expiresAt },
      events: [
        {
          type: mode === 'confirm' ? 'staff.totp_enrolled' : 'staff.stepped_up',
          subjectType: 'user',
          subjectId: session.userId,
          payload: { until: expiresAt },
        },
      ],
    };
  });
  await resetRateLimit(database.sql, bucket);
  setSessionCookie(reply, config, keys.auth, token, session.expiresAt);
  return result;
}
