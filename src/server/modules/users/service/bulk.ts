import type { BulkResponse } from '../../../../contracts/users.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { AppError } from '../../../platform/errors.ts';
import { mutate } from '../../../platform/mutation.ts';
import type { IdempotencyRequest, Platform } from '../../../platform/types.ts';
import { alreadyAnswered } from './actions.ts';

/**
 * Runs one action per selected member, each its own mutation: a row that fails (unknown member,
 * invalid transition) is reported and the others stand. With an Idempotency-Key the whole answer
 * is stored once the rows are done, and a replay answers it without acting again.
 */
export async function runBulk(
  mc: Platform,
  context: RequestContext,
  input: { userIds: string[]; idempotency: IdempotencyRequest | null; onError?: (error: unknown) => void },
  action: (userId: string) => Promise<unknown>,
): Promise<BulkResponse> {
  const { idempotency } = input;
  if (idempotency && (await alreadyAnswered(mc.database, context, idempotency))) {
    return mutate<BulkResponse>(
      mc.database,
      context,
      async () => {
        throw new AppError('conflict', 'This bulk request is still running; retry in a moment');
      },
      idempotency,
    );
  }
  const results: BulkResponse['results'] = [];
  for (const userId of [...new Set(input.userIds)]) {
    try {
      await action(userId);
      results.push({ userId, ok: true });
    } catch (error) {
      if (error instanceof AppError) {
        results.push({ userId, ok: false, code: error.code, message: error.message });
      } else {
        input.onError?.(error);
        results.push({ userId, ok: false, code: 'internal', message: 'Internal error' });
      }
    }
  }
  const answer: BulkResponse = { results };
  if (!idempotency) return answer;
  return mutate(mc.database, context, async () => ({ result: answer, events: [] }), idempotency);
}
