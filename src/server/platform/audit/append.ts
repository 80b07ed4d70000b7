import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.ts';
import { EVENT_COLUMNS, type EventRow } from './rows.ts';

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

/**
 * Appends events on `db`, which should be the transaction that made the change they describe.
 * The chain trigger assigns id, time and hashes. Call it last in a transaction: from here to the
 * commit, other writers of events wait (that wait is what keeps ids and the chain in commit order).
 */
export async function appendEvents(
  db: Db,
  context: RequestContext,
  events: EventInput[],
): Promise<EventRow[]> {
  const written: EventRow[] = [];
  for (const event of events) {
    const result = await db.execute(sql`
      INSERT INTO events (actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip)
      VALUES (${context.actor.id}, ${context.actor.email}, ${context.actor.role}, ${event.type},
              ${event.subjectType ?? null}, ${event.subjectId ?? null}, ${JSON.stringify(event.payload ?? {})}::jsonb,
              ${context.requestId}, ${context.ip})
      RETURNING ${sql.raw(EVENT_COLUMNS)}`);
    const row = rowsOf<EventRow>(result)[0];
    if (row) written.push(row);
  }
  return written;
}
