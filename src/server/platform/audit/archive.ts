import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import type { SqlRunner } from '../../db/client.ts';
import { EVENT_INSERT, eventValues, type RequestContext } from './append.ts';
import { type ArchiveHead, signArchiveHead, trustedArchivedHead, validArchiveHead } from './archive-head.ts';
import { CANONICAL, chainHash } from './verify.ts';

type Start = { position: string; hash: string | null; count: number };
type Header = { before: string; months: string[]; start: Start };

/** The fields of an event as its canonical text holds them (the same order as CANONICAL). */
const FIELDS = [
  'id',
  'ts',
  'actorId',
  'actorEmail',
  'actorRole',
  'type',
  'subjectType',
  'subjectId',
  'payload',
  'requestId',
  'ip',
] as const;

type Month = { name: string; month: string };

/** The month partitions of events that end on or before `before` (YYYY-MM), oldest first. */
async function monthsBefore(sql: SqlRunner, before: string): Promise<Month[]> {
  const partitions = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
  );
  return partitions
    .map(({ name }) => {
      const match = /^events_y(\d{4})m(\d{2})$/.exec(name);
      return match ? { name, month: `${match[1]}-${match[2]}` } : null;
    })
    .filter((entry): entry is Month => entry !== null && entry.month < before);
}

export type ArchiveResult = {
  file: string;
  months: string[];
  events: number;
  head: ArchiveHead;
  fileSha256: string;
};

/**
 * `audit:archive --before YYYY-MM` (README → Scaling out): writes the chain segment that ends at the
 * highest position in the months before `before` to a JSONL file (a header naming where it starts,
 * one line per event with its canonical text and hashes, a signed head), proves the file, then in
 * one transaction records the signed head in `events_archives`, appends `audit.archived` and
 * detaches and drops those months' partitions. Runs as the table's owner (detach and drop need it).
 * Refuses the current month, months with rows not sealed yet, and an existing file.
 */
export async function archiveEvents(
  owner: SqlRunner,
  options: { before: string; file: string; key: Buffer; context: RequestContext },
): Promise<ArchiveResult> {
  const { before, file, key } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(before)) throw new Error('--before takes a month: YYYY-MM');
  const [now] = await owner.query<{ month: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM') AS month`,
  );
  if (before > now!.month) throw new Error(`--before ${before}: the current month (${now!.month}) stays`);
  if (existsSync(file)) throw new Error(`${file} exists already: an archive is never overwritten`);
  const months = await monthsBefore(owner, before);
  if (months.length === 0) throw new Error(`no month before ${before} is left to archive`);
  const bound = `${before}-01 00:00:00+00`;
  const [unsealed] = await owner.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM events WHERE position IS NULL AND ts < $1::timestamptz',
    [bound],
  );
  if (Number(unsealed!.n) > 0)
    throw new Error(
      `${unsealed!.n} event(s) before ${before} are not sealed yet: seal first (the server does)`,
    );

  const previous = await trustedArchivedHead(owner, key);
  if (previous.problem) throw new Error(previous.problem);
  const start: Start = previous.head
    ? { position: previous.head.lastPosition, hash: previous.head.hash, count: previous.head.count }
    : { position: '0', hash: null, count: 0 };
  const [top] = await owner.query<{ position: string | null }>(
    'SELECT max(position)::text AS position FROM events WHERE ts < $1::timestamptz',
    [bound],
  );
  const end = top?.position ?? start.position;

  // The segment is every row up to `end`: a row of a later month sealed before a row of these months
  // (its transaction committed first) is in it too, and stays in the database, where verify skips it.
  const fd = openSync(file, 'wx', 0o600);
  const digest = createHash('sha256');
  const write = (line: unknown) => {
    const text = `${JSON.stringify(line)}\n`;
    digest.update(text);
    writeSync(fd, text);
  };
  let head: ArchiveHead;
  let events = 0;
  try {
    write({ kind: 'header', format: 1, before, months: months.map((m) => m.month), start });
    let after = start.position;
    let last: { id: string; hash: string } | null = null;
    for (;;) {
      const batch = await owner.query<{
        id: string;
        position: string;
        prev_hash: string | null;
        hash: string;
        canonical: string;
      }>(
        `SELECT e.id::text AS id, e.position::text AS position, e.prev_hash, e.hash, ${CANONICAL} AS canonical
           FROM events e WHERE e.position > $1 AND e.position <= $2 ORDER BY e.position LIMIT 5000`,
        [after, end],
      );
      for (const row of batch) {
        const values = JSON.parse(row.canonical) as unknown[];
        write({
          kind: 'event',
          position: row.position,
          ...Object.fromEntries(FIELDS.map((field, i) => [field, values[i]])),
          prevHash: row.prev_hash,
          hash: row.hash,
          canonical: row.canonical,
        });
        last = { id: row.id, hash: row.hash };
        events += 1;
      }
      if (batch.length < 5000) break;
      after = batch[batch.length - 1]!.position;
    }
    const unsigned = {
      before,
      lastId: last?.id ?? previous.head?.lastId ?? null,
      lastPosition: end,
      hash: last?.hash ?? start.hash,
      count: start.count + events,
      at: new Date().toISOString(),
    };
    head = { ...unsigned, signature: signArchiveHead(key, unsigned) };
    write({ kind: 'head', ...head });
  } finally {
    closeSync(fd);
  }
  const fileSha256 = digest.digest('hex');

  const proof = await verifyArchiveFile(file, key);
  if (!proof.ok) throw new Error(`the archive file does not verify (${proof.problem}); nothing was dropped`);

  await owner.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO events_archives (before_month, months, last_id, last_position, last_hash, count, file, file_sha256, at, signature)
       VALUES ($1::date, $2::text[], $3, $4::bigint, $5, $6, $7, $8, $9, $10)`,
      [
        `${before}-01`,
        months.map((m) => m.month),
        head.lastId ?? '',
        head.lastPosition,
        head.hash ?? '',
        head.count,
        file,
        fileSha256,
        head.at,
        head.signature,
      ],
    );
    await tx.query(
      EVENT_INSERT,
      eventValues(options.context, {
        type: 'audit.archived',
        subjectType: 'audit',
        subjectId: before,
        payload: {
          months: months.map((m) => m.month),
          events,
          lastPosition: head.lastPosition,
          lastHash: head.hash,
          file,
          fileSha256,
        },
      }),
    );
    for (const { name } of months) {
      await tx.exec(`ALTER TABLE events DETACH PARTITION "${name}"; DROP TABLE "${name}"`);
    }
  });
  return { file, months: months.map((m) => m.month), events, head, fileSha256 };
}

export type ArchiveProof = {
  ok: boolean;
  problem?: string;
  before?: string;
  months?: string[];
  start?: Start;
  head?: ArchiveHead;
  events: number;
};

/**
 * `audit:verify --archive FILE`: recomputes the file's chain segment from the start its header
 * names (genesis, or the previous archive's head), checks every line's fields against the canonical
 * text they were hashed from, and the signed head at the end against the last line.
 */
export async function verifyArchiveFile(file: string, key: Buffer): Promise<ArchiveProof> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  let header: Header | null = null;
  let previous: string | null = null;
  let lastId: string | null = null;
  let lastPosition = '0';
  let events = 0;
  let head: ArchiveHead | null = null;
  const fail = (problem: string): ArchiveProof => ({
    ok: false,
    problem: `line ${number}: ${problem}`,
    events,
  });
  for await (const text of lines) {
    number += 1;
    if (!text.trim()) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fail('not JSON');
    }
    if (head) return fail('lines after the signed head');
    if (number === 1) {
      if (line.kind !== 'header' || line.format !== 1) return fail('not an events archive (no header)');
      header = line as unknown as Header;
      previous = header.start.hash;
      lastPosition = header.start.position;
      continue;
    }
    if (!header) return fail('no header');
    if (line.kind === 'event') {
      const canonical = String(line.canonical);
      let values: unknown[];
      try {
        values = JSON.parse(canonical) as unknown[];
      } catch {
        return fail('canonical text is not JSON');
      }
      const fields = FIELDS.map((field) => line[field] ?? null);
      if (
        !isDeepStrictEqual(
          fields,
          values.map((value) => value ?? null),
        )
      )
        return fail(`event ${String(line.id)}: its fields differ from the canonical text it was hashed from`);
      if ((line.prevHash ?? null) !== previous)
        return fail(
          `event ${String(line.id)}: prev_hash does not match the event before it (one was removed or altered)`,
        );
      if (chainHash(previous, canonical) !== line.hash)
        return fail(`event ${String(line.id)}: content does not match its hash (the event was altered)`);
      if (BigInt(String(line.position)) <= BigInt(lastPosition))
        return fail(`event ${String(line.id)}: positions go backwards`);
      previous = String(line.hash);
      lastId = String(line.id);
      lastPosition = String(line.position);
      events += 1;
      continue;
    }
    if (line.kind === 'head') {
      head = line as unknown as ArchiveHead;
      continue;
    }
    return fail(`unknown line kind ${String(line.kind)}`);
  }
  if (!header) return { ok: false, problem: 'empty file', events };
  if (!head) return { ok: false, problem: 'no signed head at the end (the file was cut short)', events };
  if (!validArchiveHead(key, head))
    return { ok: false, problem: 'the signed head is not valid for this server key', events };
  if (
    head.hash !== previous ||
    head.count !== header.start.count + events ||
    (events > 0 && (head.lastId !== lastId || head.lastPosition !== lastPosition)) ||
    head.before !== header.before
  )
    return { ok: false, problem: 'the signed head does not match the events in the file', events };
  return { ok: true, before: header.before, months: header.months, start: header.start, head, events };
}
