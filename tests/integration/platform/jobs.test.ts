import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/client.ts';
import { JobRunner } from '../../../src/server/platform/jobs/runner.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

// Two instances need two processes' worth of connections to one server; PGlite is a single process.
describe.runIf(ENGINE === 'postgres')('job locking across instances', () => {
  it('runs a job on exactly one of two instances that start it together', async () => {
    const slow = {
      name: 'test-slow',
      schedule: '0 0 1 1 *',
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return {};
      },
    };
    const other = await openDatabase({ kind: 'postgres', url: t.database.url!, poolSize: 2 });
    try {
      const first = new JobRunner(t.app.mc, [slow], t.app.log);
      const second = new JobRunner({ ...t.app.mc, database: other }, [slow], t.app.log);
      const outcomes = await Promise.all([first.runNow('test-slow'), second.runNow('test-slow')]);
      expect(outcomes.map((outcome) => outcome.ran).sort()).toEqual([false, true]);
      expect(outcomes.find((outcome) => !outcome.ran)?.detail).toEqual({
        skipped: 'running on another instance',
      });
    } finally {
      await other.close();
    }
  });
});
