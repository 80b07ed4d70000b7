import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/client.ts';
import { appendEvents, type RequestContext } from './audit/append.ts';

/**
 * The one way a list is exported (CSV, or JSON Lines where a list offers it). A list's export route
 * declares the list's own guard and filter schema, then hands this its rows page by page
 * (`followCursor` over the list's own keyset pages) and the columns, which read the rows the list
 * answers with — so the export is masked exactly as the viewer sees the list. It records
 * `export.created` with the list and the filter before the first byte, then streams: memory holds one
 * page, whatever the number of rows.
 *
 *   return sendExport(reply, { db, context: request.context, list: 'users', filter: request.query,
 *     columns: USER_COLUMNS, pages: followCursor((cursor) => listUsers(db, {...query, cursor}, …)) });
 */
export type ExportColumn<Row> = { header: string; value: (row: Row) => unknown };

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a text starting with = + - @ (or a
 * tab or carriage return) gets a leading apostrophe, so a spreadsheet shows it instead of running it.
 */
export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** Every page of a keyset-paginated list, from the first, following `nextCursor` until it ends. */
export async function* followCursor<Row>(
  page: (cursor: string | null) => Promise<{ rows: Row[]; nextCursor: string | null }>,
): AsyncGenerator<Row[]> {
  let cursor: string | null = null;
  for (;;) {
    const result = await page(cursor);
    if (result.rows.length > 0) yield result.rows;
    if (!result.nextCursor) return;
    cursor = result.nextCursor;
  }
}

/** Rows per page of an export: larger than a screen's, still one page in memory at a time. */
export const EXPORT_PAGE = 500;

/**
 * Every page of a list through the list's own keyset query, `EXPORT_PAGE` rows at a time: the one
 * glue every list's export route uses (`page` is the list's service call with the paging spread in).
 */
export function listPages<Row>(
  page: (paging: {
    pageSize: number;
    cursor?: string;
  }) => Promise<{ rows: Row[]; nextCursor: string | null }>,
): AsyncGenerator<Row[]> {
  return followCursor((cursor) => page({ pageSize: EXPORT_PAGE, ...(cursor ? { cursor } : {}) }));
}

/** Drops empty values, so the audited filter reads as the URL did. */
function cleanFilter(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
  );
}

export async function sendExport<Row>(
  reply: FastifyReply,
  options: {
    db: Db;
    context: RequestContext;
    /** The list's name: in the file name and the audit event. */
    list: string;
    filter: Record<string, unknown>;
    columns: readonly ExportColumn<Row>[];
    pages: AsyncIterable<Row[]>;
    format?: 'csv' | 'jsonl';
    /** For JSON Lines: the object written per row (the row itself by default). */
    toJson?: (row: Row) => unknown;
  },
): Promise<FastifyReply> {
  const { columns, pages, format = 'csv' } = options;
  await appendEvents(options.db, options.context, [
    {
      type: 'export.created',
      subjectType: 'list',
      subjectId: options.list,
      payload: { list: options.list, format, filter: cleanFilter(options.filter) },
    },
  ]);
  async function* chunks() {
    if (format === 'csv') yield csvLine(columns.map((column) => column.header));
    for await (const batch of pages) {
      let chunk = '';
      for (const row of batch) {
        chunk +=
          format === 'csv'
            ? csvLine(columns.map((column) => column.value(row)))
            : `${JSON.stringify(options.toJson ? options.toJson(row) : row)}\n`;
      }
      yield chunk;
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="mission-control-${options.list}-${stamp}.${format}"`,
    )
    .send(Readable.from(chunks()));
}
