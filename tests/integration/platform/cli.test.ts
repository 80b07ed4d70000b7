import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPglite, type Database, openDatabase } from '../../../src/server/db/client.ts';
import { TEST_SECRET } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { ENGINE } from '../../support/engines.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/**
 * Each call starts a process (Node, the CLI's imports, the database): a few seconds on a quiet
 * machine, ten times that while the rest of the suite keeps both cores busy. A bound, not a wait.
 */
const CLI_TEST_TIMEOUT = 300_000;
let dataDir: string;
let server: TestDatabase | null = null;

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = {
    ...process.env,
    MC_SECRET_KEY: TEST_SECRET,
    ...(server ? { DATABASE_URL: server.url! } : { MC_DATA_DIR: dataDir }),
  };
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/server/cli/index.ts'), ...args],
      { env, cwd: ROOT },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** Opens the same database the CLI uses, for tampering behind its back (only while no CLI runs). */
async function direct(): Promise<Database> {
  return server ?? openDatabase({ kind: 'embedded', dataDir });
}
async function done(database: Database) {
  if (!server) await database.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mc-cli-'));
  if (ENGINE === 'postgres') server = await createTestDatabase();
  else {
    // The CLI's data folder starts as the run's migrated image (as a Postgres test database starts
    // from the migrated template), so no CLI call spends its time migrating.
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    await (await createPglite({ dataDir, loadDataDir: image })).close();
  }
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`CLI on ${ENGINE}`, () => {
  it(
    'grants staff (creating the account with a one-time password), lists, changes and revokes',
    async () => {
      const granted = await cli('admin:grant', 'new.staff@example.test', 'support');
      expect(granted.code, granted.err).toBe(0);
      expect(granted.out).toMatch(/Password \(shown once; hand it over privately\): \S{12,}/);
      const changed = await cli('admin:grant', 'new.staff@example.test', 'developer');
      expect(changed.out).toContain('role support → developer');
      expect(changed.out).not.toMatch(/Password/);
      const listed = await cli('admin:list');
      expect(listed.out).toMatch(/developer\s+new\.staff@example\.test\s+not enrolled/);
      expect((await cli('admin:revoke', 'new.staff@example.test')).code).toBe(0);
      expect((await cli('admin:list')).out).not.toContain('new.staff@example.test');
      const bad = await cli('admin:grant', 'x@example.test', 'emperor');
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/roles: super_admin/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'refuses to make staff of an unverified account someone signed up with, unless told how',
    async () => {
      const database = await direct();
      const { createPasswordAccount } = await import('../../../src/server/platform/auth/accounts.ts');
      await createPasswordAccount(database.db, {
        email: 'squatter@example.test',
        name: 'Squatter',
        password: 'squatters password',
      });
      await done(database);
      const refused = await cli('admin:grant', 'squatter@example.test', 'admin');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/never verified.*--reset-password/s);
      const reset = await cli('admin:grant', 'squatter@example.test', 'admin', '--reset-password');
      expect(reset.code, reset.err).toBe(0);
      expect(reset.out).toMatch(/Password \(shown once; hand it over privately\): \S{12,}/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'archives past months, proves the file, and verifies the chain continuing from it',
    async () => {
      const database = await direct();
      const [month] = await database.sql.query<{ now: string; past: string; first: string }>(
        `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM') AS now,
              to_char(clock_timestamp() AT TIME ZONE 'UTC' - interval '1 month', 'YYYY-MM') AS past,
              (date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 month')::date::text AS first`,
      );
      // History from last month, written as an import would (a writer cannot choose ts).
      await database.sql.query('SELECT events_ensure_partitions($1::date, 3)', [month!.first]);
      await database.sql.exec(`ALTER TABLE events DISABLE TRIGGER events_chain;
      INSERT INTO events (id, ts, actor_role, type, payload)
      SELECT nextval('events_id_seq'), '${month!.past}-03 10:00:00+00'::timestamptz + make_interval(mins => g), 'system', 'test.old', '{}'
        FROM generate_series(1, 20) g;
      ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;`);
      await done(database);

      const file = join(dataDir, 'archive.jsonl');
      const archived = await cli('audit:archive', '--before', month!.now, '--file', file);
      expect(archived.code, archived.err).toBe(0);
      expect(archived.out).toMatch(new RegExp(`Archived \\d+ event\\(s\\) of ${month!.past}`));
      const verified = await cli('audit:verify');
      expect(verified.code, verified.err).toBe(0);
      expect(verified.out).toMatch(new RegExp(`continuing from the archive of months before ${month!.now}`));
      const proof = await cli('audit:verify', '--archive', file);
      expect(proof.code, proof.err).toBe(0);
      expect(proof.out).toMatch(/Archive OK: \d+ event/);

      writeFileSync(file, readFileSync(file, 'utf8').replace('"test.old"', '"test.new"'));
      const broken = await cli('audit:verify', '--archive', file);
      expect(broken.code).toBe(1);
      expect(broken.err).toMatch(/Archive BROKEN: line \d+: event \d+: its fields differ/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'verifies the chain, writes a checkpoint, and names the first bad row after tampering',
    async () => {
      const ok = await cli('audit:verify');
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toMatch(/Audit chain OK: \d+ event/);
      const file = join(dataDir, 'checkpoint.json');
      expect((await cli('audit:checkpoint', file)).code).toBe(0);
      expect((await cli('audit:verify', '--checkpoint', file)).code).toBe(0);

      const database = await direct();
      const [row] = await database.sql.query<{ id: string }>('SELECT min(id)::text AS id FROM events');
      await database.sql.exec(
        `ALTER TABLE events DISABLE TRIGGER ALL; UPDATE events SET actor_email = 'someone-else' WHERE id = ${row!.id};
       ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain; ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change;
       ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;`,
      );
      await done(database);
      const broken = await cli('audit:verify');
      expect(broken.code).toBe(1);
      expect(broken.err).toContain(`row ${row!.id}`);

      writeFileSync(
        file,
        JSON.stringify({ lastId: '1', hash: 'x', count: 1, at: 'now', signature: 'forged' }),
      );
      expect((await cli('audit:verify', '--checkpoint', file)).err).toMatch(/signature/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'reports migration status',
    async () => {
      const status = await cli('db:status');
      expect(status.code).toBe(0);
      expect(status.out).toContain('Up to date');
    },
    CLI_TEST_TIMEOUT,
  );
});
