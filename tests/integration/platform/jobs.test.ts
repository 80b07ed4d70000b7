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

// Issue 13 item 3: a schedule slot runs at most once across instances, however fast the job.
describe('one run per slot', () => {
  const fast = (name: string) => ({ name, schedule: '0 0 1 1 *', run: async () => ({}) });

  async function twoInstances(job: ReturnType<typeof fast>) {
    const other =
      ENGINE === 'postgres'
        ? await openDatabase({ kind: 'postgres', url: t.database.url!, poolSize: 2 })
        : t.app.mc.database;
    // A warm pool, as a running instance has (a first connection takes longer than a fast job).
    await Promise.all([other.sql.query('SELECT 1'), other.sql.query('SELECT 1')]);
    const first = new JobRunner(t.app.mc, [job], t.app.log);
    const second = new JobRunner({ ...t.app.mc, database: other }, [job], t.app.log);
    return { first, second, close: async () => (other === t.app.mc.database ? undefined : other.close()) };
  }

  async function runsOf(name: string): Promise<number> {
    const [found] = await t.database.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM job_runs WHERE job = $1',
      [name],
    );
    return Number(found?.n);
  }

  it('runs a scheduled slot once when both instances fire it, even one after the other', async () => {
    const { first, second, close } = await twoInstances(fast('test-slot'));
    try {
      const slot = new Date('2026-01-01T00:00:00Z');
      const outcomes = await Promise.all([
        first.runNow('test-slot', { slot }),
        second.runNow('test-slot', { slot }),
      ]);
      expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
      const late = await second.runNow('test-slot', { slot });
      expect(late).toMatchObject({ ran: false, detail: { skipped: 'this slot already ran' } });
      expect(await runsOf('test-slot')).toBe(1);
      const next = await second.runNow('test-slot', { slot: new Date('2026-01-02T00:00:00Z') });
      expect(next.ran).toBe(true);
    } finally {
      await close();
    }
  });

  it('runs "run now" once when pressed on two instances at once, and again when pressed later', async () => {
    const { first, second, close } = await twoInstances(fast('test-now'));
    try {
      for (let round = 0; round < 8; round += 1) {
        const outcomes = await Promise.all([first.runNow('test-now'), second.runNow('test-now')]);
        expect(
          outcomes.filter((outcome) => outcome.ran),
          `round ${round}`,
        ).toHaveLength(1);
      }
      expect(await runsOf('test-now')).toBe(8);
    } finally {
      await close();
    }
  });
});
