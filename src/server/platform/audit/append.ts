import { type Db, executePrepared } from '../../db/client.ts';
import { sealerOfHandle } from './sealer.ts';

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

/** The one insert of an event row; `eventValues` gives its parameters. */
export const EVENT_INSERT = `INSERT INTO events
  (actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`;

/**
 * Appends events on `db`, which should be the transaction that made the change they describe. They
 * are written unchained (id and time from the insert trigger, no lock), so writers commit in
 * parallel; once committed, the sealer gives them their chain position and hash (sealer.ts,
 * migration 0060). `mutate()` waits for that seal; a caller appending on its own may call
 * `sealEvents(database)` after its commit, or leave it to the sealer's next round (milliseconds).
 */
export async function appendEvents(
  db: Db,
  context: RequestContext,
  events: EventInput[],
): Promise<AppendedEvent[]> {
  const appended: AppendedEvent[] = [];
  for (const event of events) {
    const payload = event.payload ?? {};
    await executePrepared(db, 'mc_event_insert', EVENT_INSERT, eventValues(context, event));
    appended.push({ ...event, payload, actor: context.actor, requestId: context.requestId, ip: context.ip });
  }
  // On the database handle itself (no transaction) the rows are committed already: seal them now.
  const sealer = events.length ? sealerOfHandle(db) : undefined;
  if (sealer) await sealer.seal().catch(() => {});
  return appended;
}

/** The parameters of `EVENT_INSERT` for one event. */
export function eventValues(context: RequestContext, event: EventInput): unknown[] {
  return [
    context.actor.id,
    context.actor.email,
    context.actor.role,
    event.type,
    event.subjectType ?? null,
    event.subjectId ?? null,
    JSON.stringify(event.payload ?? {}),
    context.requestId,
    context.ip,
  ];
}

export type AppendedEvent = EventInput & {
  payload: Record<string, unknown>;
  actor: Actor;
  requestId: string | null;
  ip: string | null;
};
