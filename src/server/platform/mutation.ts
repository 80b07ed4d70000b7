import { sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from '../db/client.ts';
import { appendEvents, type EventInput, type RequestContext } from './audit/append.ts';
import { AppError } from './errors.ts';
import type { IdempotencyRequest } from './types.ts';

export type MutationOutcome<T> = { result: T; events: EventInput[] };

/**
 * The mutation contract in one place: runs `work` and appends its events in the same transaction
 * (both or neither), stamped with the verified actor, request id and IP. With an idempotency key,
 * the key is claimed first in that same transaction: a concurrent duplicate waits on the claim and
 * then replays the stored answer, so the effect happens exactly once; the same key with a
 * different request is refused with 422.
 */
export async function mutate<T>(
  database: Database,
  context: RequestContext,
  work: (tx: Db) => Promise<MutationOutcome<T>>,
  idempotency?: IdempotencyRequest | null,
): Promise<T> {
  if (idempotency && !context.actor.id) throw new Error('idempotency needs an identified actor');
  const replay = await database.db.transaction(async (tx) => {
    if (idempotency) {
      const claimed = rowsOf<{ key: string }>(
        await tx.execute(sql`
          INSERT INTO idempotency_keys (actor_id, key, route, request_hash, status_code)
          VALUES (${context.actor.id}, ${idempotency.key}, ${idempotency.route}, ${idempotency.requestHash}, 0)
          ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`),
      );
      if (claimed.length === 0) return { replayed: true as const };
    }
    const outcome = await work(tx);
    await appendEvents(tx, context, outcome.events);
    const result = outcome.result;
    if (idempotency) {
      await tx.execute(sql`
        UPDATE idempotency_keys SET status_code = 200, response = ${JSON.stringify(result ?? null)}::jsonb
         WHERE actor_id = ${context.actor.id} AND key = ${idempotency.key}`);
    }
    return { replayed: false as const, result };
  });
  if (!replay.replayed) return replay.result;
  return replayStored<T>(database, context, idempotency!);
}

async function replayStored<T>(
  database: Database,
  context: RequestContext,
  idempotency: IdempotencyRequest,
): Promise<T> {
  const rows = await database.sql.query<{ request_hash: string; response: unknown }>(
    'SELECT request_hash, response FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
    [context.actor.id, idempotency.key],
  );
  const stored = rows[0];
  if (!stored) throw new AppError('conflict', 'The earlier request with this Idempotency-Key is gone; retry');
  if (stored.request_hash !== idempotency.requestHash) {
    throw new AppError('idempotency_conflict', 'This Idempotency-Key was used for a different request');
  }
  return stored.response as T;
}
