import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app.ts';
import { configFor } from '../../../src/server/config.ts';
import { openDatabase } from '../../../src/server/db/client.ts';
import { deriveKeys } from '../../../src/server/platform/crypto.ts';
import { call, staffCookie, startTestApp, TEST_SECRET, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

// Issue 13 item 1: backends terminated under load (a failover, a network reset) on two instances:
// no crash, clean 503s, the pools come back, nothing acknowledged is lost. Postgres only: PGlite
// runs in the process and has no backends to end.
describe.runIf(ENGINE === 'postgres')('database connections ended under load', () => {
  let t: TestApp;
  let second: TestApp['app'];
  let secondDatabase: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    t = await startTestApp();
    secondDatabase = await openDatabase({ kind: 'postgres', url: t.database.url!, poolSize: 4 });
    second = await buildApp({
      config: configFor({ MC_SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'silent', SIGNIN_RATE_LIMIT: '1000/60s' }),
      database: secondDatabase,
      keys: deriveKeys(TEST_SECRET),
    });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await secondDatabase?.close();
    await t?.close();
  });

  it('answers 200 or a clean 503, keeps every acknowledged write, and recovers by itself', async () => {
    const { cookie } = await staffCookie(t, 'admin');
    const instances = [t.app, second];
    const killer = new pg.Client({ connectionString: t.database.url! });
    await killer.connect();
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let stop = false;
    const load = async (index: number) => {
      for (let n = 0; !stop; n += 1) {
        const app = instances[(index + n) % 2]!;
        const write = n % 2 === 0;
        const title = `fault ${index}-${n}`;
        const response = await app.inject({
          method: write ? 'POST' : 'GET',
          url: write ? '/api/admin/missions' : '/api/admin/users?pageSize=5',
          headers: { origin: t.config.publicUrl, cookie },
          ...(write ? { payload: { title } } : {}),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (write && response.statusCode === 200) acknowledged.push(title);
        if (response.statusCode === 503) expect(response.json().code).toBe('unavailable');
      }
    };
    const clients = Array.from({ length: 6 }, (_, index) => load(index));
    for (let round = 0; round < 10; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await killer.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
    }
    stop = true;
    await Promise.all(clients);
    await killer.end();

    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    // Both instances are back without a restart.
    for (const app of instances) {
      await expect
        .poll(
          async () =>
            (await app.inject({ method: 'GET', url: '/api/admin/users?pageSize=1', headers: { cookie } }))
              .statusCode,
          { timeout: 10_000 },
        )
        .toBe(200);
    }
    const board = await call(t, { method: 'GET', url: '/api/admin/missions', cookie });
    const titles = new Set((board.json().missions as { title: string }[]).map((mission) => mission.title));
    for (const title of acknowledged) expect(titles.has(title), title).toBe(true);
  }, 60_000);
});
