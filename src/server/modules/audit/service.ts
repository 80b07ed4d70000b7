import type { EventsExportQuery, EventsQuery } from '../../../contracts/events.ts';
import type { Database } from '../../db/client.ts';
import { EVENT_COLUMNS, type EventRow } from '../../platform/audit/rows.ts';

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
    if (filters.type.endsWith('.')) add((p) => `type LIKE ${p}`, `${filters.type.replace(/[\\%_]/g, '\\$&')}%`);
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
  if (beforeId) add((p) => `id < ${p}::bigint`, beforeId);
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
    `SELECT ${EVENT_COLUMNS} FROM events ${where.text} ORDER BY id DESC LIMIT ${Math.floor(page.limit)}`,
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
