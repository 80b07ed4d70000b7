import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEvents, sealerFor } from '../../../src/server/platform/audit/sealer.ts';
import { verifyChain } from '../../../src/server/platform/audit/verify.ts';
import { staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';
import { startServerProcess } from '../../support/server-process.ts';

// A second server process on the same Postgres, writing from eight loops while it seals — in the
// insert when the chain lock is free, in rounds when it is not — killed with -9 mid-flight.
describe.runIf(ENGINE === 'postgres')('a sealing instance killed with -9', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('loses and reorders nothing: every committed change has its one event, and the chain goes on', async () => {
    const { child, url } = await startServerProcess({
      DATABASE_URL: t.database.url!,
      PGAPPNAME: 'mc-killed',
    });
    const { cookie } = await staffCookie(t, 'support');
    // The child is the only sealer until it dies: this process's timer waits.
    sealerFor(t.database).stop();
    const answered: string[] = [];
    let killed = false;
    const loops = Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; !killed; i += 1) {
        const response = await fetch(`${url}/api/admin/missions`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `killed mid-flight ${writer}-${i}` }),
        }).catch(() => null);
        if (!response) return;
        if (response.ok) answered.push((await response.json()).mission.id);
      }
    });
    await expect.poll(() => answered.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
    const sealedBefore = await t.database.sql.query<{ id: string; position: string }>(
      `SELECT id::text, position::text FROM events WHERE position IS NOT NULL ORDER BY events.position`,
    );
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(loops);

    // Its open transactions end with its connections (once the server sees them gone); what it
    // committed unsealed is sealed from here.
    await expect
      .poll(
        async () =>
          (await t.database.sql.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'mc-killed'`))
            .length,
        { timeout: 15_000 },
      )
      .toBe(0);
    await sealEvents(t.database);
    sealerFor(t.database).start(100);
    const missions = await t.database.sql.query<{ id: string; events: number; sealed: number }>(
      `SELECT m.id::text AS id, count(e.id)::int AS events, count(e.position)::int AS sealed
         FROM missions m LEFT JOIN events e ON e.subject_type = 'mission' AND e.subject_id = m.id::text
                                            AND e.type = 'mission.created'
        WHERE m.title LIKE 'killed mid-flight %' GROUP BY m.id`,
    );
    // Every answered change is there; every change there (answered or cut off) has exactly one event, sealed.
    expect(missions.map((mission) => mission.id)).toEqual(expect.arrayContaining(answered));
    expect(missions.filter((mission) => mission.events !== 1 || mission.sealed !== 1)).toEqual([]);
    // Positions sealed before the kill kept their rows; the chain runs 1..n without a gap and verifies.
    const sealedAfter = await t.database.sql.query<{ id: string; position: string }>(
      `SELECT id::text, position::text FROM events WHERE position IS NOT NULL ORDER BY events.position`,
    );
    expect(sealedAfter.slice(0, sealedBefore.length)).toEqual(sealedBefore);
    expect(sealedAfter.map((row) => Number(row.position))).toEqual(
      Array.from({ length: sealedAfter.length }, (_, index) => index + 1),
    );
    expect((await t.database.sql.query(`SELECT 1 FROM events WHERE position IS NULL`)).length).toBe(0);
    expect((await verifyChain(t.database.sql)).ok).toBe(true);
  }, 60_000);
});
