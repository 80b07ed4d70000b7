import { type SQL, sql } from 'drizzle-orm';
import type { AuditEvent, CorrectionBody, EventsExportQuery, EventsQuery } from '../../../contracts/audit.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { EVENT_COLUMNS, type EventRow, toAuditEvent } from '../../platform/audit/rows.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';

type EventFilters = Omit<EventsQuery, 'cursor' | 'limit'> | Omit<EventsExportQuery, 'format'>;

/** Above every chain position: the `to` bound when no row is a second later than it. */
const MAX_POSITION = '9223372036854775807';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whereClause(filters: EventFilters, before: string | null): SQL {
  // Sealed rows only, in chain order: a row appears once, where the stream put it.
  const conditions: SQL[] = [sql`position IS NOT NULL`];
  if (filters.type) {
    if (filters.type.endsWith('.')) {
      // The first segment is indexed (idx_events_type_head, migration 0100): it gives the order,
      // LIKE narrows a longer prefix within it.
      conditions.push(sql`split_part(type, '.', 1) = ${filters.type.split('.')[0]}`);
      conditions.push(sql`type LIKE ${`${filters.type.replace(/[\\%_]/g, '\\$&')}%`}`);
    } else conditions.push(sql`type = ${filters.type}`);
  }
  if (filters.actor) {
    if (UUID.test(filters.actor)) conditions.push(sql`actor_id = ${filters.actor}::uuid`);
    else conditions.push(sql`lower(actor_email) = lower(${filters.actor})`);
  }
  if (filters.subjectType) conditions.push(sql`subject_type = ${filters.subjectType}`);
  if (filters.subjectId) conditions.push(sql`subject_id = ${filters.subjectId}`);
  // Each time bound also bounds the position (migration 0103): the page then starts at the right
  // place of its month instead of walking past every row on the wrong side of the time.
  if (filters.from)
    conditions.push(
      sql`ts >= ${filters.from}::timestamptz`,
      sql`events.position > coalesce((SELECT events_position_after(${filters.from}::timestamptz)), 0)`,
    );
  if (filters.to)
    conditions.push(
      sql`ts < ${filters.to}::timestamptz`,
      sql`events.position < coalesce((SELECT events_position_before(${filters.to}::timestamptz)), ${MAX_POSITION}::bigint)`,
    );
  if (before) conditions.push(sql`events.position < ${before}::bigint`);
  return sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** Newest first by chain position; `beforeId` (a position) continues below the previous page. */
export async function listEvents(
  db: Db,
  filters: EventFilters,
  page: { beforeId: string | null; limit: number },
): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`SELECT ${EVENT_COLUMNS} FROM events ${whereClause(filters, page.beforeId)}
         ORDER BY events.position DESC LIMIT ${Math.floor(page.limit)}`,
  );
}

/** Every matching row, newest first, read in batches so an export of millions streams in bounded memory. */
export async function* iterateEvents(db: Db, filters: EventFilters, batchSize = 1000) {
  let beforeId: string | null = null;
  for (;;) {
    const batch = await listEvents(db, filters, { beforeId, limit: batchSize });
    if (batch.length === 0) return;
    yield batch;
    beforeId = String(batch[batch.length - 1]!.position);
    if (batch.length < batchSize) return;
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
      const [original] = await rows<{ type: string; subject_type: string | null; subject_id: string | null }>(
        tx,
        sql`SELECT type, subject_type, subject_id FROM events WHERE id = ${input.id}::bigint`,
      );
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
  const [row] = await rows<EventRow>(
    database.db,
    sql`SELECT ${EVENT_COLUMNS} FROM events WHERE type = ${written.type} AND request_id = ${written.requestId}
           AND position IS NOT NULL ORDER BY events.position DESC LIMIT 1`,
  );
  if (!row) throw new AppError('internal', 'The correction was committed but could not be read back');
  return toAuditEvent(row, input.canViewPii);
}

/** Months of `events` kept created ahead of the clock: inserts into a month with no partition fail. */
export const PARTITION_MONTHS_AHEAD = 3;

/**
 * Creates the month partitions of `events` missing from this month through `ahead` months on
 * (migration 0100's `events_ensure_partitions`, which runs as the table's owner). Returns how many
 * it created: 0 on most days.
 */
export async function ensureEventPartitions(db: Db, ahead = PARTITION_MONTHS_AHEAD): Promise<number> {
  const [row] = await rows<{ created: number }>(
    db,
    sql`SELECT events_ensure_partitions((clock_timestamp() AT TIME ZONE 'UTC')::date, ${ahead}::int) AS created`,
  );
  return Number(row?.created ?? 0);
}
