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
 * sealed into the chain (platform/audit/sealer.ts): as they are inserted when the chain lock is free
 * (the events are the transaction's last statements, so the lock is held only to the commit),
 * otherwise by a seal round right after the commit.
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
    if (idempotency) await storeAnswer(tx, actorId!, idempotency, outcome.result);
    // Last before COMMIT: a writer that finds the chain lock free seals its events as it inserts them,
    // unless this process's writers already queue for seal rounds (then one round serves them all).
    const { unsealed } = await appendEvents(tx, context, outcome.events, {
      sealAtInsert: !sealerFor(database).busy,
    });
    return { claimed: true as const, result: outcome.result, unsealed };
  });
  if (done.claimed) {
    // Committed; events the writer could not seal itself get their chain position now (one round
    // shared by concurrent writers), so whoever reads after this call sees them in the stream,
    // timelines and Audit tab. A failed round does not undo the mutation: the rows stay unsealed
    // until the sealer's timer retries.
    if (done.unsealed.length)
      await sealerFor(database)
        .seal(done.unsealed)
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
