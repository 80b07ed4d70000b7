import type { Database, Db } from '../db/client.ts';
import { appendEvents, type EventInput, type RequestContext } from './audit/append.ts';
import { sealerFor } from './audit/sealer.ts';
import { claimKey, type IdempotencyRequest, replayAnswer, storeAnswer } from './idempotency.ts';

export type MutationOutcome<T> = { result: T; events: EventInput[] };

/**
 * The mutation contract in one place: runs `work` and appends its events in the same transaction
 * (both or neither), stamped with the verified actor, request id and IP. With an idempotency key,
 * the key is claimed first in that same transaction and the answer stored there: a concurrent
 * duplicate waits on the claim and then replays the stored answer, so the effect happens exactly
 * once; the same key with a different request is refused with 422. Returns once the events are
 * sealed into the chain (platform/audit/sealer.ts), which happens after the commit, outside any lock.
 */
export async function mutate<T>(
  database: Database,
  context: RequestContext,
  work: (tx: Db) => Promise<MutationOutcome<T>>,
  idempotency?: IdempotencyRequest | null,
): Promise<T> {
  const actorId = context.actor.id;
  if (idempotency && !actorId) throw new Error('idempotency needs an identified actor');
  const done = await database.db.transaction(async (tx) => {
    if (idempotency && !(await claimKey(tx, actorId!, idempotency))) return { claimed: false as const };
    const outcome = await work(tx);
    await appendEvents(tx, context, outcome.events);
    if (idempotency) await storeAnswer(tx, actorId!, idempotency, outcome.result);
    return { claimed: true as const, result: outcome.result, appended: outcome.events.length > 0 };
  });
  if (done.claimed) {
    // Committed; now its events get their chain position (one round shared by concurrent writers),
    // so whoever reads after this call sees them in the stream, timelines and Audit tab. A failed
    // round does not undo the mutation: the rows stay unsealed until the sealer's timer retries.
    if (done.appended)
      await sealerFor(database)
        .seal()
        .catch(() => {});
    return done.result;
  }
  // A replay answers after the first request committed, perhaps before that request sealed: seal
  // too, so a replay reads the same sealed events the first answer did.
  await sealerFor(database)
    .seal()
    .catch(() => {});
  return replayAnswer<T>(database.db, actorId!, idempotency!);
}
