import { sql } from 'drizzle-orm';
import { maskIp } from '../../../../contracts/pii.ts';
import type { SignInThrottlesResponse } from '../../../../contracts/users.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';
import { clearSignInThrottles, listSignInThrottles } from '../../auth/index.ts';
import { lockUser } from './actions.ts';

async function emailOf(db: Db, userId: string): Promise<string> {
  const [user] = await rows<{ email: string }>(db, sql`SELECT email FROM users WHERE id = ${userId}::uuid`);
  if (!user) throw new AppError('not_found', `No member ${userId}`);
  return user.email;
}

/** The member's sign-in throttles, IPs masked without view_pii (the ceiling's `*` stays as it is). */
export async function memberSignInThrottles(
  db: Db,
  userId: string,
  canViewPii: boolean,
): Promise<SignInThrottlesResponse> {
  const throttles = await listSignInThrottles(db, await emailOf(db, userId));
  return {
    throttles: throttles.map((throttle) => ({
      ...throttle,
      clientIp: throttle.clientIp === '*' ? '*' : (maskIp(throttle.clientIp, canViewPii) ?? ''),
    })),
  };
}

/**
 * Lifts the member's sign-in throttles and ceiling (`user.signin_throttles_cleared`, with how many
 * and whether the ceiling was on). The failures stay in the member's sign-in activity.
 */
export async function clearMemberSignInThrottles(
  database: Database,
  context: RequestContext,
  userId: string,
  idempotency: IdempotencyRequest | null,
): Promise<{ cleared: number }> {
  return mutate(
    database,
    context,
    async (tx) => {
      const user = await lockUser(tx, userId, context);
      const blocked = (await listSignInThrottles(tx, user.email)).filter((t) => t.blockedUntil !== null);
      const cleared = await clearSignInThrottles(tx, user.email);
      return {
        result: { cleared },
        events: [
          {
            type: 'user.signin_throttles_cleared',
            subjectType: 'user',
            subjectId: userId,
            payload: {
              cleared,
              blocked: blocked.length,
              ceiling: blocked.some((throttle) => throttle.clientIp === '*'),
            },
          },
        ],
      };
    },
    idempotency,
  );
}
