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

/** A fresh, migrated database of its own for one test file (or one test). */
export async function createTestDatabase(): Promise<TestDatabase> {
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
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
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
