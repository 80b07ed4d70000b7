import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOnce, createPglite, fromPglite, type SqlRunner } from '../../../src/server/db/client.ts';
import { MIGRATIONS_DIR, migrate } from '../../../src/server/db/migrate.ts';
import { sealEvents } from '../../../src/server/platform/audit/sealer.ts';
import { chainHash, verifyChain } from '../../../src/server/platform/audit/verify.ts';
import { ENGINE, withDatabase } from '../../support/engines.ts';

// Migration 0100 converts a live, unpartitioned events table: migrate up to it, write history (some
// of it sealed, one row not yet), then apply 0100 and every later migration.
const dir = mkdtempSync(join(tmpdir(), 'mc-0100-'));
const name = `mc_conv_${randomBytes(4).toString('hex')}`;
let sql: SqlRunner;
let close: () => Promise<void>;

function copyMigrations(below: string | null) {
  for (const file of readdirSync(MIGRATIONS_DIR)) {
    if (/^\d{4}_.*\.sql$/.test(file) && (below === null || file < below))
      copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  }
}

type Row = { id: string; position: string | null; hash: string | null; ts: string };
const snapshot = () =>
  sql.query<Row>(
    'SELECT id::text AS id, position::text AS position, hash, ts::text AS ts FROM events ORDER BY id',
  );
let before: Row[];

beforeAll(async () => {
  if (ENGINE === 'pglite') {
    const client = await createPglite();
    const database = fromPglite(client, 'memory');
    sql = database.sql;
    close = () => database.close();
  } else {
    const admin = await connectOnce(withDatabase('postgres'));
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const runner = await connectOnce(withDatabase(name));
    sql = runner;
    close = async () => {
      await runner.close();
      const cleanup = await connectOnce(withDatabase('postgres'));
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.close());
    };
  }
  copyMigrations('0100');
  await migrate(sql, { dir });
  // The sealer of 0060, by hand: positions after the head, hashes over the canonical text.
  await sql.exec(`INSERT INTO events (type, subject_type, subject_id, payload)
    SELECT 'test.before', 'test', g::text, jsonb_build_object('g', g) FROM generate_series(1, 25) g`);
  const rows = await sql.query<{ id: string; canonical: string }>(
    `SELECT e.id::text AS id, events_canonical(e) AS canonical FROM events e ORDER BY e.id LIMIT 24`,
  );
  let previous: string | null = null;
  const positions: string[] = [];
  const prevs: (string | null)[] = [];
  const hashes: string[] = [];
  for (const [i, row] of rows.entries()) {
    const hash = chainHash(previous, row.canonical);
    positions.push(String(i + 1));
    prevs.push(previous);
    hashes.push(hash);
    previous = hash;
  }
  await sql.query('SELECT events_apply_seal($1::bigint[], $2::bigint[], $3::text[], $4::text[])', [
    rows.map((row) => row.id),
    positions,
    prevs,
    hashes,
  ]);
  before = await snapshot();
  copyMigrations(null);
  await migrate(sql, { dir });
});
afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe(`migration 0100 on ${ENGINE}`, () => {
  it('keeps every row as it was, now in month partitions, and the chain verifies', async () => {
    expect(await snapshot()).toEqual(before);
    const [where] = await sql.query<{ partitioned: boolean; partitions: string }>(
      `SELECT (SELECT relkind = 'p' FROM pg_class WHERE oid = 'events'::regclass) AS partitioned,
              (SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass)::text AS partitions`,
    );
    expect(where).toEqual({ partitioned: true, partitions: '4' });
    expect(await verifyChain(sql)).toMatchObject({ ok: true, count: 24 });
  });

  it('seals the row left unsealed after the old head, and the chain still verifies', async () => {
    const [unsealed] = await sql.query<{ id: string }>(
      `SELECT id::text AS id FROM events WHERE position IS NULL`,
    );
    expect(await sealEvents({ sql })).toBe(1);
    const [sealed] = await sql.query<{ position: string }>(
      `SELECT position::text AS position FROM events WHERE id = $1::bigint`,
      [unsealed!.id],
    );
    expect(sealed!.position).toBe('25');
    expect(await verifyChain(sql)).toMatchObject({ ok: true, count: 25 });
  });
});
