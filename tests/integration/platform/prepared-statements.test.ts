import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

// Named statements live on each server connection; PGlite runs them as plain queries.
describe.runIf(ENGINE === 'postgres')('named prepared statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('keep answering after a migration changes their result type under a running instance', async () => {
    await t.database.sql.exec('CREATE TABLE prepared_probe (v int); INSERT INTO prepared_probe VALUES (7)');
    const read = () =>
      t.database.sql.prepared<{ v: string | number }>('probe', 'SELECT v FROM prepared_probe', []);
    // Prepared on several pooled connections at once.
    await Promise.all(Array.from({ length: 5 }, read));
    await t.database.sql.exec('ALTER TABLE prepared_probe ALTER COLUMN v TYPE bigint');
    for (let i = 0; i < 12; i++) {
      const [row] = await read();
      expect(String(row!.v)).toBe('7');
    }
  });
});
