import { type Db, executePrepared } from '../../db/client.ts';
import { type EventKey, sealerOfHandle } from './sealer.ts';

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
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
  RETURNING id::text, ts::text, position`;

/**
 * The same insert by a writer whose commit follows: it sets `mc.seal_at_insert` for its transaction,
 * so the insert trigger seals the row as it inserts it when the chain lock is free (migration 0103),
 * and answers the position it got (null: left to a seal round).
 */
const EVENT_INSERT_SEALING = `WITH commit_follows AS MATERIALIZED (SELECT set_config('mc.seal_at_insert', 'on', true))
  INSERT INTO events (actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip)
  SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::text, $9::inet FROM commit_follows
  RETURNING id::text, ts::text, position`;

/**
 * Appends events on `db`, which should be the transaction that made the change they describe. They
 * are written unchained (id and time from the insert trigger, no lock), so writers commit in
 * parallel; once committed, the sealer gives them their chain position and hash (sealer.ts,
 * migrations 0060, 0101). With `sealAtInsert`, which only a caller that commits right after may
 * ask for (as `mutate()` does), or on the database handle itself (each insert commits at once), the
 * row is sealed as it is inserted when the chain lock is free (migration 0103): the lock is then held
 * to the commit, which is why a transaction that goes on working after its events must not ask. Answers the rows
 * left unsealed, for the caller to hand to `Sealer.seal()` after its commit; events appended on the
 * handle are sealed before this returns either way.
 */
export async function appendEvents(
  db: Db,
  context: RequestContext,
  events: EventInput[],
  options: { sealAtInsert?: boolean } = {},
): Promise<{ unsealed: EventKey[] }> {
  // On the database handle itself (no transaction) each insert is committed as it returns.
  const handleSealer = events.length ? sealerOfHandle(db) : undefined;
  const sealAtInsert = options.sealAtInsert === true || handleSealer !== undefined;
  const unsealed: EventKey[] = [];
  for (const event of events) {
    const [row] = await executePrepared<EventKey & { position: string | null }>(
      db,
      sealAtInsert ? 'mc_event_insert_sealing' : 'mc_event_insert',
      sealAtInsert ? EVENT_INSERT_SEALING : EVENT_INSERT,
      eventValues(context, event),
    );
    // Once one is left unsealed the trigger leaves the transaction's later ones too (their order).
    if (row && row.position == null) unsealed.push({ id: row.id, ts: row.ts });
  }
  if (handleSealer && unsealed.length) await handleSealer.seal(unsealed).catch(() => {});
  return { unsealed };
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
