import type { BulkResponse } from '../../../../contracts/users.ts';
import type { Database } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { alreadyAnswered, type IdempotencyRequest, replayAnswer } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';

/**
 * Runs one action per selected member, each its own mutation: a row that fails (unknown member,
 * invalid transition) is reported and the others stand. With an Idempotency-Key the whole answer
 * is stored once the rows are done, and a replay answers it without acting again.
 */
export async function runBulk(
  database: Database,
  context: RequestContext,
  input: { userIds: string[]; idempotency: IdempotencyRequest | null; onError?: (error: unknown) => void },
  action: (userId: string) => Promise<unknown>,
): Promise<BulkResponse> {
  const { idempotency } = input;
  if (idempotency && (await alreadyAnswered(database.db, context.actor.id, idempotency))) {
    return replayAnswer<BulkResponse>(database.db, context.actor.id!, idempotency);
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
  // Stored under the key; a duplicate that finished first has its answer replayed instead.
  return mutate(database, context, async () => ({ result: answer, events: [] }), idempotency);
}
