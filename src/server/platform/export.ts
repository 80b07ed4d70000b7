import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { type SQL, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { type Db, rows } from '../db/client.ts';
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

/** A cell that needs more than its text: a formula start, or a character that forces quoting. */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\n\r]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const QUOTED = /[",\n\r]/;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a text starting with = + - @ (or a
 * tab or carriage return) gets a leading apostrophe, so a spreadsheet shows it instead of running it.
 * Most cells need neither, so one test decides that before the two that say which.
 */
export function csvCell(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === null || value === undefined) return '';
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  if (!NEEDS_CARE.test(text)) return text;
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return QUOTED.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly unknown[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index += 1) {
    line += index === 0 ? csvCell(cells[index]) : `,${csvCell(cells[index])}`;
  }
  return `${line}\n`;
}

/** One row as a CSV line through the columns (csvLine without the array of cells per row). */
function csvRow<Row>(columns: readonly ExportColumn<Row>[], row: Row): string {
  let line = '';
  for (let index = 0; index < columns.length; index += 1) {
    const cell = csvCell(columns[index]!.value(row));
    line += index === 0 ? cell : `,${cell}`;
  }
  return `${line}\n`;
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

/**
 * `work_mem` of a whole-set read's transaction: each of its hash tables and sorts may take that much
 * (a hash table twice that, `hash_mem_multiplier`), so an export joining four tables holds a few
 * hundred megabytes of the database server's memory at most while it runs, and that many again for
 * each export downloading at the same time.
 */
const WHOLE_SET_WORK_MEM = '64MB';

/** Rows per batch a cursor hands over: few round trips, a few megabytes in memory at most. */
export const CURSOR_BATCH = 2_000;

/**
 * Every row of `query` in batches, read through a server-side cursor in one read-only transaction on
 * `db`: one plan over the whole set (each table read once, joined by hash) instead of a keyset page
 * query per few hundred rows, each looking its rows' extras up one by one. The transaction lasts as
 * long as the download; memory holds a batch or two. For Postgres only: on PGlite, the one connection
 * would be held by a slow download, so lists page there (`listPages`).
 */
export function cursorPages<Row>(db: Db, query: SQL, batchSize = CURSOR_BATCH): AsyncGenerator<Row[]> {
  return handedOver<Row[]>((handOver) =>
    db.transaction(
      async (tx) => {
        // Every row will be read: plan for the whole set (a cursor is planned for its first tenth by
        // default, which favours a lookup per row over one pass per table), and give its hash tables
        // room for whole tables (at the 4 MB default, a million members' identities were grouped
        // through an index, a row at a time, and every join spilled to disk in batches).
        await tx.execute(sql`SET LOCAL cursor_tuple_fraction = 1`);
        await tx.execute(sql.raw(`SET LOCAL work_mem = '${WHOLE_SET_WORK_MEM}'`));
        await tx.execute(sql`DECLARE mc_export NO SCROLL CURSOR FOR ${query}`);
        for (;;) {
          const batch = await rows<Row>(tx, sql.raw(`FETCH ${batchSize} FROM mc_export`));
          if (batch.length === 0) return;
          await handOver(batch);
        }
      },
      { accessMode: 'read only' },
    ),
  );
}

class ConsumerGone extends Error {}

/**
 * A promise with its resolve and reject (Promise.withResolvers, which Node 20 lacks). It may be
 * rejected before anyone awaits it (the producer fails while the consumer writes the previous value):
 * marked handled, so that is not an unhandled rejection; whoever awaits it still gets the error.
 */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * An async generator over what `produce` hands over, for a producer that must stay inside a callback
 * (a transaction) where a generator cannot yield. `handOver` resolves once the consumer has taken the
 * value, so the producer makes the next one while the current one is used, and never more; when the
 * consumer stops early, the pending `handOver` rejects, the producer unwinds (the transaction rolls
 * back) and the generator returns after it.
 */
export async function* handedOver<T>(
  produce: (handOver: (value: T) => Promise<void>) => Promise<void>,
): AsyncGenerator<T> {
  const END = Symbol('end');
  let next = deferred<T | typeof END>();
  let taken = deferred<void>();
  let stopped = false;
  const handOver = async (value: T) => {
    if (stopped) throw new ConsumerGone();
    next.resolve(value);
    await taken.promise;
    taken = deferred<void>();
    if (stopped) throw new ConsumerGone();
  };
  const finished = produce(handOver).then(
    () => next.resolve(END),
    (error: unknown) => next.reject(error),
  );
  try {
    for (;;) {
      const value = await next.promise;
      if (value === END) return;
      next = deferred<T | typeof END>();
      taken.resolve();
      yield value;
    }
  } finally {
    stopped = true;
    taken.resolve();
    await finished.catch(() => {});
  }
}

/**
 * The pages of `source` with the next one already asked for while the current one is written: the
 * database reads page n + 1 while this process turns page n into CSV, instead of each waiting on the
 * other. Memory holds two pages at most (the one written and the one read ahead).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // Stopped early (the client went away), the page read ahead is dropped: its failure is not news.
      next.catch(() => {});
      // Let the read ahead reach the database before the synchronous work on this page begins.
      await setImmediate();
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}

/** Rows per chunk written: a page goes out in pieces as it is made, not as one string of megabytes. */
const ROWS_PER_CHUNK = 1_000;

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
  const toJson = options.toJson ?? ((row: Row) => row);
  async function* chunks() {
    if (format === 'csv') yield csvLine(columns.map((column) => column.header));
    for await (const batch of readAhead(pages)) {
      for (let start = 0; start < batch.length; start += ROWS_PER_CHUNK) {
        const end = Math.min(start + ROWS_PER_CHUNK, batch.length);
        let chunk = '';
        for (let index = start; index < end; index += 1) {
          const row = batch[index]!;
          chunk += format === 'csv' ? csvRow(columns, row) : `${JSON.stringify(toJson(row))}\n`;
        }
        yield chunk;
      }
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="mission-control-${options.list}-${stamp}.${format}"`,
    )
    .send(Readable.from(chunks(), { highWaterMark: 4 }));
}
