import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFor } from '../../../src/server/config.ts';
import { connectOnce, type Database, openDatabase } from '../../../src/server/db/client.ts';
import { migrateConfigured } from '../../../src/server/db/open.ts';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { ENGINE, withDatabase } from '../../support/engines.ts';

// Roles exist only on a Postgres server; PGlite has one superuser (its immutability is tested in audit-spine).
describe.runIf(ENGINE === 'postgres')('the app role on a Postgres server', () => {
  const suffix = randomBytes(4).toString('hex');
  const role = `mc_app_${suffix}`;
  const dbName = `mc_role_${suffix}`;
  let app: Database;

  beforeAll(async () => {
    const admin = await connectOnce(withDatabase('postgres'));
    await admin.exec(`CREATE ROLE ${role} LOGIN`);
    await admin.exec(`CREATE DATABASE ${dbName}`);
    await admin.close();
    const appUrl = new URL(withDatabase(dbName));
    appUrl.username = role;
    const config = configFor({
      DATABASE_URL: appUrl.toString(),
      MIGRATION_DATABASE_URL: withDatabase(dbName),
    });
    app = await openDatabase({ kind: 'postgres', url: appUrl.toString(), poolSize: 2 });
    // Migrations run as the owner; the app role only receives grants.
    await migrateConfigured(config, app);
  });

  afterAll(async () => {
    await app?.close();
    const admin = await connectOnce(withDatabase('postgres'));
    await admin.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.exec(`DROP ROLE IF EXISTS ${role}`);
    await admin.close();
  });

  it('can append events and use the other tables', async () => {
    await appendEvents(app.db, SYSTEM_CONTEXT, [{ type: 'test.appended', payload: {} }]);
    await app.sql.query(`INSERT INTO settings (key, value) VALUES ('role.test', '1')`);
    expect(await app.sql.query(`SELECT type FROM events`)).toEqual([{ type: 'test.appended' }]);
  });

  it('cannot update, delete, truncate, or disable the triggers of events', async () => {
    await expect(app.sql.query(`UPDATE events SET payload = '{}'`)).rejects.toThrow(/permission denied/);
    await expect(app.sql.query('DELETE FROM events')).rejects.toThrow(/permission denied/);
    await expect(app.sql.query('TRUNCATE events')).rejects.toThrow(/permission denied/);
    await expect(app.sql.query('ALTER TABLE events DISABLE TRIGGER events_no_change')).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.sql.query('ALTER TABLE events DISABLE TRIGGER ALL')).rejects.toThrow(
      /must be owner|permission denied/,
    );
    await expect(app.sql.query('SET session_replication_role = replica')).rejects.toThrow(
      /permission denied/,
    );
  });

  it('can do nothing to a month partition of events directly, nor detach, drop or archive one', async () => {
    const [partition] = await app.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'events'::regclass ORDER BY 1 LIMIT 1`,
    );
    const name = partition!.name;
    for (const statement of [
      `UPDATE ${name} SET payload = '{}'`,
      `DELETE FROM ${name}`,
      `TRUNCATE ${name}`,
      `INSERT INTO ${name} (id, type) VALUES (1, 'test.direct')`,
    ])
      await expect(app.sql.query(statement), statement).rejects.toThrow(/permission denied/);
    await expect(app.sql.query(`ALTER TABLE events DETACH PARTITION ${name}`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.sql.query(`DROP TABLE ${name}`)).rejects.toThrow(/must be owner/);
    await expect(
      app.sql.query(`INSERT INTO events_archives (before_month, months, last_id, last_position, last_hash, count, file, file_sha256, at, signature)
      VALUES ('2020-01-01', '{}', '1', 1, 'x', 1, 'f', 'x', 'now', 'x')`),
    ).rejects.toThrow(/permission denied/);
    // The time filters trust events_late: only the sealer writes it.
    await expect(app.sql.query(`INSERT INTO events_late (position, ts) VALUES (1, now())`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.sql.query('DELETE FROM events_late')).rejects.toThrow(/permission denied/);
    // Creating the months ahead is allowed: the job calls the owner's function.
    await app.sql.query(`SELECT events_ensure_partitions((clock_timestamp() AT TIME ZONE 'UTC')::date, 4)`);
  });
});
