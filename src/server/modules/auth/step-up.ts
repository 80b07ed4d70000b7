import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { appendEvents } from '../../platform/audit/append.ts';
import { newSessionToken, type SessionInfo } from '../../platform/auth/session.ts';
import { decrypt, encrypt } from '../../platform/crypto.ts';
import { mutate } from '../../platform/mutation.ts';
import { consumeRateLimit, isRateLimited, resetRateLimit } from '../../platform/rate-limit.ts';
import { matchCounter, newTotpSecret, otpauthUri, qrSvg } from './totp.ts';

type StaffTotp = { secret_enc: string | null; enrolled_at: string | null };

/** What the step-up needs: the database, the key TOTP secrets are encrypted with, and its limits. */
export type StepUpDeps = {
  database: Database;
  totpKey: Buffer;
  config: Pick<Config, 'adminSessionTimeoutMs' | 'stepUpRateLimit' | 'stepUpDailyFailures'>;
};

async function readTotp(db: Db, userId: string): Promise<StaffTotp> {
  const [totp] = await rows<StaffTotp>(
    db,
    sql`SELECT totp_secret_enc AS secret_enc, totp_enrolled_at AS enrolled_at FROM admin_users WHERE user_id = ${userId}`,
  );
  if (!totp) throw new AppError('forbidden', 'This needs a staff account');
  return totp;
}

/** Starts (or restarts) enrollment: a new secret, stored encrypted, shown once as a URI and QR code. */
export async function startEnrollment(
  deps: Pick<StepUpDeps, 'database' | 'totpKey'>,
  session: SessionInfo,
  context: RequestContext,
) {
  const current = await readTotp(deps.database.db, session.userId);
  if (current.enrolled_at)
    throw new AppError('conflict', 'An authenticator is already enrolled for this account');
  const secret = newTotpSecret();
  await mutate(deps.database, context, async (tx) => {
    await tx.execute(sql`
      UPDATE admin_users SET totp_secret_enc = ${encrypt(deps.totpKey, secret)}, totp_last_counter = NULL, updated_at = now()
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
 * rotates the session token, and appends the event. Answers the new token, for the cookie.
 */
export async function stepUp(
  deps: StepUpDeps,
  session: SessionInfo,
  context: RequestContext,
  code: string,
  mode: 'confirm' | 'verify',
): Promise<{ expiresAt: string; token: string }> {
  const { database, config, totpKey } = deps;
  const { db } = database;
  const bucket = `step-up:${session.userId}`;
  const dailyBucket = `step-up-failures:${session.userId}`;
  const lockedFor = await isRateLimited(db, dailyBucket, config.stepUpDailyFailures);
  if (lockedFor !== null) {
    throw new AppError(
      'rate_limited',
      `Too many wrong codes today; step-up is locked for ${Math.ceil(lockedFor / 60)} min`,
      {
        retryAfterSeconds: lockedFor,
      },
    );
  }
  await consumeRateLimit(db, bucket, config.stepUpRateLimit);
  const totp = await readTotp(db, session.userId);
  if (mode === 'confirm' && totp.enrolled_at) throw new AppError('conflict', 'Already enrolled');
  if (mode === 'verify' && !totp.enrolled_at) {
    throw new AppError('step_up_required', 'Enroll an authenticator first', { enrolled: false });
  }
  if (!totp.secret_enc) throw new AppError('conflict', 'Start enrollment first');

  const counter = matchCounter(decrypt(totpKey, totp.secret_enc), code);
  if (counter === null) {
    await consumeRateLimit(db, dailyBucket, config.stepUpDailyFailures).catch(() => {});
    await appendEvents(db, context, [
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
    const burned = await rows(
      tx,
      sql`UPDATE admin_users
             SET totp_last_counter = ${counter},
                 totp_enrolled_at = coalesce(totp_enrolled_at, now()),
                 updated_at = now()
           WHERE user_id = ${session.userId} AND (totp_last_counter IS NULL OR totp_last_counter < ${counter})
          RETURNING user_id`,
    );
    if (burned.length === 0) {
      throw new AppError('invalid_code', 'That code was already used; wait for the next one');
    }
    const [row] = await rows<{ step_up_at: string }>(
      tx,
      sql`UPDATE sessions SET token = ${token}, step_up_at = now(), updated_at = now()
           WHERE id = ${session.sessionId} AND token = ${session.token}
          RETURNING step_up_at`,
    );
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
  await resetRateLimit(db, bucket);
  return { ...result, token };
}
