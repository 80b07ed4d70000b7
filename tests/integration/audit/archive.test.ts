import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEventPartitions } from '../../../src/server/modules/audit/service.ts';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { archiveEvents, verifyArchiveFile } from '../../../src/server/platform/audit/archive.ts';
import { sealEvents } from '../../../src/server/platform/audit/sealer.ts';
import {
  type Checkpoint,
  makeCheckpoint,
  verifyChain,
  verifyMonth,
} from '../../../src/server/platform/audit/verify.ts';
import { deriveKeys } from '../../../src/server/platform/crypto.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { ENGINE } from '../../support/engines.ts';

const keys = deriveKeys(TEST_SECRET);
const CLI = { actor: { id: null, email: 'cli:test', role: 'cli' }, requestId: 'cli-audit:archive', ip: null };
let database: TestDatabase;
let dir: string;
let thisMonth: string;
let before: Checkpoint;

/** A month `back` months before the current one, as YYYY-MM (UTC). */
async function monthsAgo(back: number): Promise<string> {
  const [row] = await database.sql.query<{ month: string }>(
    `SELECT to_char(date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - make_interval(months => $1::int), 'YYYY-MM') AS month`,
    [back],
  );
  return row!.month;
}

/**
 * Events of a past month: a writer cannot choose ts (the insert trigger sets it), so the test writes
 * them the way an import of old history would, as a superuser with the insert trigger off.
 */
async function oldEvents(month: string, count: number) {
  await database.sql.exec(`ALTER TABLE events DISABLE TRIGGER events_chain;
    INSERT INTO events (id, ts, actor_role, type, subject_type, subject_id, payload)
    SELECT nextval('events_id_seq'), '${month}-10 12:00:00+00'::timestamptz + make_interval(mins => g), 'system',
           'test.old', 'test', '${month}-' || g, jsonb_build_object('g', g)
      FROM generate_series(1, ${count}) g;
    ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;`);
}

async function partitions(): Promise<string[]> {
  const rows = await database.sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'mc-archive-'));
  thisMonth = await monthsAgo(0);
  const [first] = await database.sql.query<{ first: string }>(
    `SELECT (date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - interval '3 months')::date::text AS first`,
  );
  await database.sql.query('SELECT events_ensure_partitions($1::date, 3)', [first!.first]);
  await oldEvents(await monthsAgo(2), 5);
  await oldEvents(await monthsAgo(1), 5);
  await appendEvents(database.db, SYSTEM_CONTEXT, [
    { type: 'test.recent', subjectType: 'test', subjectId: 'a' },
    { type: 'test.recent', subjectType: 'test', subjectId: 'b' },
  ]);
  await sealEvents(database);
  // Committed late: a row of last month sealed after this month's rows (its position is higher).
  await oldEvents(await monthsAgo(1), 1);
  await sealEvents(database);
  before = await makeCheckpoint(database.sql, keys.checkpoint);
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`audit:archive on ${ENGINE}`, () => {
  it('keeps the current month and three ahead as partitions (the partitions job)', async () => {
    expect(await ensureEventPartitions(database.db)).toBe(0);
    const names = await partitions();
    expect(names).toContain(`events_y${thisMonth.replace('-', 'm')}`);
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it('takes the time from the database: a writer cannot backdate an event', async () => {
    const [row] = await database.sql.query<{ late: boolean }>(
      `INSERT INTO events (ts, type) VALUES (date_trunc('month', clock_timestamp()) + interval '1 second', 'test.backdated')
       RETURNING ts > clock_timestamp() - interval '1 minute' AS late`,
    );
    expect(row?.late).toBe(true);
    await expect(
      database.sql.query(
        `INSERT INTO events (ts, type) VALUES (clock_timestamp() - interval '40 days', 'test.backdated')`,
      ),
    ).rejects.toThrow(/set by the database/);
    await expect(
      database.sql.query(`INSERT INTO events (ts, type) VALUES ('1999-01-01', 'test.backdated')`),
    ).rejects.toThrow(/no partition/);
    await sealEvents(database);
  });

  it('refuses the current month and a bad month', async () => {
    const file = join(dir, 'refused.jsonl');
    const [next] = await database.sql.query<{ month: string }>(
      `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC' + interval '1 month', 'YYYY-MM') AS month`,
    );
    await expect(
      archiveEvents(database.sql, { before: next!.month, file, key: keys.checkpoint, context: CLI }),
    ).rejects.toThrow(/current month/);
    await expect(
      archiveEvents(database.sql, { before: '2026-13', file, key: keys.checkpoint, context: CLI }),
    ).rejects.toThrow(/YYYY-MM/);
  });

  it('writes the months with their chain segment, proves the file, drops the partitions, audited', async () => {
    const file = join(dir, 'archive.jsonl');
    const result = await archiveEvents(database.sql, {
      before: thisMonth,
      file,
      key: keys.checkpoint,
      context: CLI,
    });
    await sealEvents(database);
    expect(result.months).toEqual([await monthsAgo(3), await monthsAgo(2), await monthsAgo(1)]);
    // Every row up to the late one: the 11 old rows and the 2 recent ones sealed before it.
    expect(result.events).toBe(13);
    expect(result.head.count).toBe(13);
    const lastArchived = `events_y${(await monthsAgo(1)).replace('-', 'm')}`;
    expect((await partitions()).some((name) => name <= lastArchived)).toBe(false);
    const [left] = await database.sql.query<{ old: string; recent: string }>(
      `SELECT count(*) FILTER (WHERE type = 'test.old')::text AS old, count(*) FILTER (WHERE type = 'test.recent')::text AS recent FROM events`,
    );
    expect(left).toEqual({ old: '0', recent: '2' });
    const [audited] = await database.sql.query<{ payload: { events: number; fileSha256: string } }>(
      `SELECT payload FROM events WHERE type = 'audit.archived' AND position IS NOT NULL`,
    );
    expect(audited?.payload).toMatchObject({ events: 13, fileSha256: result.fileSha256 });

    const proof = await verifyArchiveFile(file, keys.checkpoint);
    expect(proof).toMatchObject({ ok: true, events: 13 });
  });

  it('verifies the remaining chain as continuing from the archived head, also as it grows', async () => {
    await appendEvents(database.db, SYSTEM_CONTEXT, [
      { type: 'test.after', subjectType: 'test', subjectId: 'c' },
    ]);
    await sealEvents(database);
    const result = await verifyChain(database.sql, { checkpointKey: keys.checkpoint });
    expect(result.ok).toBe(true);
    // 13 archived, then test.backdated, audit.archived and test.after (the 2 recent rows are in the
    // archive's segment).
    expect(result.count).toBe(16);
    expect(result.archived?.count).toBe(13);
    expect(await verifyMonth(database.sql, thisMonth, { parallel: 2 })).toEqual({ ok: true, count: 5 });
    // A checkpoint taken before the archive is covered by it; one taken now verifies as usual.
    expect((await verifyChain(database.sql, { checkpoint: before, checkpointKey: keys.checkpoint })).ok).toBe(
      true,
    );
    const now = await makeCheckpoint(database.sql, keys.checkpoint);
    expect(now.count).toBe(16);
    expect((await verifyChain(database.sql, { checkpoint: now, checkpointKey: keys.checkpoint })).ok).toBe(
      true,
    );
  });

  it('fails the archive file when a line is altered, removed, or the head re-signed by someone else', async () => {
    const file = join(dir, 'archive.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const tampered = (name: string, edit: (lines: string[]) => string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${edit([...lines]).join('\n')}\n`);
      return verifyArchiveFile(path, keys.checkpoint);
    };
    const altered = await tampered('altered.jsonl', (copy) => {
      copy[3] = copy[3]!.replace('"test.old"', '"test.changed"');
      return copy;
    });
    expect(altered).toMatchObject({ ok: false });
    expect(altered.problem).toMatch(/line 4: .*differ from the canonical text/);

    const rehashed = await tampered('canonical.jsonl', (copy) => {
      const line = JSON.parse(copy[3]!);
      line.payload = { g: 99 };
      line.canonical = line.canonical.replace(/\{"g": \d+\}/, '{"g": 99}');
      copy[3] = JSON.stringify(line);
      return copy;
    });
    expect(rehashed.problem).toMatch(/line 4: .*does not match its hash/);

    const removed = await tampered('removed.jsonl', (copy) => copy.filter((_, i) => i !== 5));
    expect(removed.problem).toMatch(/prev_hash does not match/);

    const cut = await tampered('cut.jsonl', (copy) => copy.slice(0, -1));
    expect(cut.problem).toMatch(/no signed head/);

    const forged = await tampered('forged.jsonl', (copy) => {
      const head = JSON.parse(copy[copy.length - 1]!);
      head.count += 1;
      copy[copy.length - 1] = JSON.stringify(head);
      return copy;
    });
    expect(forged.problem).toMatch(/signed head is not valid/);
    expect((await verifyArchiveFile(file, deriveKeys(`${TEST_SECRET}-other`).checkpoint)).ok).toBe(false);
  });

  it('fails the database chain when the archive record is forged or a row after it is altered', async () => {
    await database.sql.exec(`UPDATE events_archives SET count = count + 1`);
    const forged = await verifyChain(database.sql, { checkpointKey: keys.checkpoint });
    expect(forged.ok).toBe(false);
    expect(forged.problem?.reason).toMatch(/archive record is not signed/);
    await database.sql.exec(`UPDATE events_archives SET count = count - 1`);
    expect((await verifyChain(database.sql, { checkpointKey: keys.checkpoint })).ok).toBe(true);

    const [victim] = await database.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM events WHERE type = 'test.after'`,
    );
    await database.sql.exec(`ALTER TABLE events DISABLE TRIGGER ALL;
      UPDATE events SET payload = '{"x": 1}' WHERE id = ${victim!.id};
      ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change; ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;
      ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;`);
    const altered = await verifyChain(database.sql, { checkpointKey: keys.checkpoint });
    expect(altered).toMatchObject({ ok: false, problem: { id: victim!.id } });
    // The month on its own (audit:verify --month) names the same row, split in two ranges or not.
    for (const parallel of [1, 2]) {
      expect(await verifyMonth(database.sql, thisMonth, { parallel })).toMatchObject({
        ok: false,
        problem: { id: victim!.id },
      });
    }
  });
});
