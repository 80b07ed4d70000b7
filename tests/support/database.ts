import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { connectOnce, type Database, openDatabase } from '../../src/server/db/client.ts';
import { ENGINE, templateName, withDatabase } from './engines.ts';

export type TestDatabase = Database & {
  /** For Postgres: the URL of this test's own database (to start a second server process on it). */
  url: string | null;
  name: string;
};

/**
 * A fresh, migrated database of its own for one test file (or one test). `replicaServer` (Postgres
 * only): also read from the database of the same name on that server, a streaming replica of this one
 * (`TEST_REPLICA_URL`), or any server URL (a dead port, to test the fallback).
 */
export async function createTestDatabase(options: { replicaServer?: string } = {}): Promise<TestDatabase> {
  if (ENGINE === 'pglite') {
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    const database = await openDatabase({ kind: 'embedded-image', image });
    return Object.assign(database, { url: null, name: 'memory' });
  }
  const name = `mc_test_${randomBytes(6).toString('hex')}`;
  const admin = await connectOnce(withDatabase('postgres'));
  try {
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  } finally {
    await admin.close();
  }
  const url = withDatabase(name);
  const replicaUrl = options.replicaServer ? onServer(options.replicaServer, name) : undefined;
  const database = await openDatabase({
    kind: 'postgres',
    url,
    poolSize: 5,
    ...(replicaUrl ? { replicaUrl } : {}),
  });
  const close = database.close;
  return Object.assign(database, {
    url,
    name,
    async close() {
      await close();
      const cleanup = await connectOnce(withDatabase('postgres'));
      await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.close());
    },
  });
}

/** A server URL pointed at the database `name`. */
function onServer(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
