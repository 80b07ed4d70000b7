import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlRunner } from './client.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', '..', 'migrations');
const MIGRATION_LOCK = 7243000;

type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const ensureTable = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name       text PRIMARY KEY,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

async function applied(sql: SqlRunner): Promise<Map<string, string>> {
  const exists = await sql.query<{ exists: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`,
  );
  if (!exists[0]?.exists) return new Map();
  const rows = await sql.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM schema_migrations',
  );
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

/** Names of migrations not yet applied, in order. */
export async function pendingMigrations(sql: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = await applied(sql);
  return readMigrations(dir)
    .filter((migration) => !done.has(migration.name))
    .map((migration) => migration.name);
}

/**
 * Applies every pending migration, each in its own transaction, under an advisory lock so that
 * instances booting together take turns. A landed migration whose file changed is refused:
 * schema changes are new migrations.
 */
export async function migrate(sql: SqlRunner, options: { appRole?: string; dir?: string } = {}) {
  const migrations = readMigrations(options.dir);
  const appliedNow: string[] = [];
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(ensureTable);
  });
  for (const migration of migrations) {
    const done = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE name = $1',
        [migration.name],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (done) appliedNow.push(migration.name);
  }
  if (options.appRole) await grantAppRole(sql, options.appRole);
  return appliedNow;
}

/**
 * The app's role may read and write everything but may only append to `events`: it does not own
 * the table, so it can neither update, delete, truncate nor disable the triggers.
 */
async function grantAppRole(sql: SqlRunner, role: string) {
  const ident = `"${role.replace(/"/g, '""')}"`;
  await sql.exec(`
    GRANT USAGE ON SCHEMA public TO ${ident};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${ident};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events FROM ${ident};
    -- setval() on the chain's sequence would make every later append fail.
    REVOKE UPDATE ON SEQUENCE events_id_seq FROM ${ident};
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${ident};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON events_archives FROM ${ident};
    -- The time filters' bounds trust it (migration 0103): only the sealer (its owner) writes it.
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON events_late FROM ${ident};
  `);
  // The month partitions of events are tables too: the GRANT above reached them. Through the parent
  // the app role may only append; directly, it may do nothing.
  const partitions = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass`,
  );
  for (const { name } of partitions)
    await sql.exec(`REVOKE ALL ON "${name.replace(/"/g, '""')}" FROM ${ident}`);
}
