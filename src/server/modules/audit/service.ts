import { sql } from 'drizzle-orm';
import type { AuditEvent, CorrectionBody, EventsExportQuery, EventsQuery } from '../../../contracts/audit.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { EVENT_COLUMNS, type EventRow, toAuditEvent } from '../../platform/audit/rows.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';

type EventFilters = Omit<EventsQuery, 'cursor' | 'limit'> | Omit<EventsExportQuery, 'format'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whereClause(filters: EventFilters, beforeId: string | null): { text: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filters.type) {
    if (filters.type.endsWith('.'))
      add((p) => `type LIKE ${p}`, `${filters.type.replace(/[\\%_]/g, '\\$&')}%`);
    else add((p) => `type = ${p}`, filters.type);
  }
  if (filters.actor) {
    if (UUID.test(filters.actor)) add((p) => `actor_id = ${p}::uuid`, filters.actor);
    else add((p) => `lower(actor_email) = lower(${p})`, filters.actor);
  }
  if (filters.subjectType) add((p) => `subject_type = ${p}`, filters.subjectType);
  if (filters.subjectId) add((p) => `subject_id = ${p}`, filters.subjectId);
  if (filters.from) add((p) => `ts >= ${p}::timestamptz`, filters.from);
  if (filters.to) add((p) => `ts < ${p}::timestamptz`, filters.to);
  if (beforeId) add((p) => `events.id < ${p}::bigint`, beforeId);
  return { text: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Newest first; `beforeId` continues below the last row of the previous page. */
export async function listEvents(
  database: Database,
  filters: EventFilters,
  page: { beforeId: string | null; limit: number },
): Promise<EventRow[]> {
  const where = whereClause(filters, page.beforeId);
  return database.sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events ${where.text} ORDER BY events.id DESC LIMIT ${Math.floor(page.limit)}`,
    where.params,
  );
}

/** Every matching row, newest first, read in batches so an export of millions streams in bounded memory. */
export async function* iterateEvents(database: Database, filters: EventFilters, batchSize = 1000) {
  let beforeId: string | null = null;
  for (;;) {
    const rows = await listEvents(database, filters, { beforeId, limit: batchSize });
    if (rows.length === 0) return;
    yield rows;
    beforeId = String(rows[rows.length - 1]!.id);
    if (rows.length < batchSize) return;
  }
}

/**
 * Records a correction of event `id`: a new `<type>.corrected` event that points at the original,
 * which stays as it was. Answers with the correction as committed (found by the request that wrote
 * it, so an idempotent replay answers with the same event).
 */
export async function correctEvent(
  database: Database,
  context: RequestContext,
  input: { id: string; body: CorrectionBody; canViewPii: boolean },
  idempotency: IdempotencyRequest | null,
): Promise<AuditEvent> {
  const written = await mutate(
    database,
    context,
    async (tx) => {
      const found = await tx.execute(
        sql`SELECT type, subject_type, subject_id FROM events WHERE id = ${input.id}::bigint`,
      );
      const original = rowsOf<{ type: string; subject_type: string | null; subject_id: string | null }>(
        found,
      )[0];
      if (!original) throw new AppError('not_found', `No event ${input.id}`);
      if (original.type.endsWith('.corrected'))
        throw new AppError('conflict', 'Correct the original event, not a correction');
      const type = `${original.type}.corrected`;
      return {
        result: { type, requestId: context.requestId },
        events: [
          {
            type,
            subjectType: original.subject_type,
            subjectId: original.subject_id,
            payload: {
              correctsEventId: input.id,
              reason: input.body.reason,
              corrected: input.body.corrected,
            },
          },
        ],
      };
    },
    idempotency,
  );
  const [row] = await database.sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE type = $1 AND request_id = $2 ORDER BY events.id DESC LIMIT 1`,
    [written.type, written.requestId],
  );
  if (!row) throw new AppError('internal', 'The correction was committed but could not be read back');
  return toAuditEvent(row, input.canViewPii);
}
