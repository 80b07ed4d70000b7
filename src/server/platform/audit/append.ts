import { type Db, executePrepared } from '../../db/client.ts';

/** Who did it, as verified by the server: never taken from the request body. */
export type Actor = {
  id: string | null;
  email: string | null;
  /** A staff role, `user` for a member, `system` for jobs, `cli` for the command line. */
  role: string;
};

export type RequestContext = { actor: Actor; requestId: string | null; ip: string | null };

export type EventInput = {
  /** `noun.verb_past`: `user.suspended`, `mission.moved`, `pii.revealed`; corrections end in `.corrected`. */
  type: string;
  subjectType?: string | null;
  subjectId?: string | null;
  payload?: Record<string, unknown>;
};

export const SYSTEM_CONTEXT: RequestContext = {
  actor: { id: null, email: null, role: 'system' },
  requestId: null,
  ip: null,
};

const OUTBOX_INSERT = `INSERT INTO event_outbox
  (actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`;

/**
 * Appends events on `db`, which should be the transaction that made the change they describe. They
 * go to the transaction's outbox; while it commits, a deferred trigger moves them into `events`, where
 * the chain trigger assigns id, time and hashes under the chain lock (migrations 0003 and 0007). So
 * ids and the chain follow commit order, and no round trip to this process happens inside the lock.
 * Returns what was appended; id, time and hash exist only once the transaction has committed.
 */
export async function appendEvents(
  db: Db,
  context: RequestContext,
  events: EventInput[],
): Promise<AppendedEvent[]> {
  const appended: AppendedEvent[] = [];
  for (const event of events) {
    const payload = event.payload ?? {};
    await executePrepared(db, 'mc_event_outbox_insert', OUTBOX_INSERT, [
      context.actor.id,
      context.actor.email,
      context.actor.role,
      event.type,
      event.subjectType ?? null,
      event.subjectId ?? null,
      JSON.stringify(payload),
      context.requestId,
      context.ip,
    ]);
    appended.push({ ...event, payload, actor: context.actor, requestId: context.requestId, ip: context.ip });
  }
  return appended;
}

export type AppendedEvent = EventInput & {
  payload: Record<string, unknown>;
  actor: Actor;
  requestId: string | null;
  ip: string | null;
};
