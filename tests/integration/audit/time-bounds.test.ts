import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateEvents } from '../../../src/server/modules/audit/service.ts';
import { sealEvents } from '../../../src/server/platform/audit/sealer.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
type Sealed = { position: number; ms: number; timed: boolean };
let sealed: Sealed[];

/**
 * Rows sealed in id order, an hour ahead of the app's own events, whose times mostly rise, with small steps back (under a second: not late)
 * and rows far older than the rows sealed before them (a long transaction's, a round's after an
 * outage: late). Written as the owner with the insert trigger off, unsealed, then sealed by the rounds.
 */
const OFFSETS_MS = [
  0, 400, 800, 1200, 900, 1600, 2000, 2400, -120_000, 2800, 3200, 2600, 3600, 4000, 4400, 4800, -60_000,
  -59_500, 5200, 5600, 6000, 6400, 6300, 6800, 7200, 7600, 1000, 8000, 8400, 8800, 9200, 9600, 10_000, 10_400,
  10_800, 5000, 11_200, 11_600, 12_000,
];

beforeAll(async () => {
  t = await startTestApp();
  await sealEvents(t.database);
  await t.database.sql.exec(`ALTER TABLE events DISABLE TRIGGER events_chain;
    INSERT INTO events (id, ts, actor_role, type, payload)
    SELECT nextval('events_id_seq'), date_trunc('second', clock_timestamp()) + interval '1 hour' + make_interval(secs => o / 1000.0),
           'system', 'test.timed', jsonb_build_object('i', i)
      FROM unnest(ARRAY[${OFFSETS_MS.join(',')}]::int[]) WITH ORDINALITY AS x(o, i) ORDER BY i;
    ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;`);
  await sealEvents(t.database);
  sealed = (
    await t.database.sql.query<{ position: string; ms: string; timed: boolean }>(
      `SELECT position::text AS position, (extract(epoch FROM ts) * 1000)::text AS ms, type = 'test.timed' AS timed
         FROM events WHERE position IS NOT NULL`,
    )
  ).map((row) => ({ position: Number(row.position), ms: Number(row.ms), timed: row.timed }));
});
afterAll(async () => t?.close());

/** Every page of the filter, five rows a page, as the Audit tab and its export walk it. */
async function positionsOf(filters: { from?: string; to?: string }): Promise<number[]> {
  const positions: number[] = [];
  for await (const batch of iterateEvents(t.database.db, filters, 5))
    positions.push(...batch.map((row) => Number(row.position)));
  return positions;
}

describe(`time filters bounded by position on ${ENGINE}`, () => {
  it('records as late exactly the rows sealed after a row over a second newer', async () => {
    const late = await t.database.sql.query<{ position: string }>(
      'SELECT position::text AS position FROM events_late ORDER BY events_late.position',
    );
    const byPosition = [...sealed].sort((a, b) => a.position - b.position);
    let newest = Number.NEGATIVE_INFINITY;
    const expected: number[] = [];
    for (const row of byPosition) {
      if (row.ms < newest - 1000) expected.push(row.position);
      newest = Math.max(newest, row.ms);
    }
    expect(expected).toHaveLength(5);
    expect(late.map((row) => Number(row.position))).toEqual(expected);
  });

  it('answers every from and to exactly as a full scan would, late rows included', async () => {
    // Around each timed row (whole milliseconds, so an ISO time states them exactly), and far off.
    const timed = sealed.filter((row) => row.timed).map((row) => row.ms);
    expect(timed).toHaveLength(OFFSETS_MS.length);
    // The row at offset 0: before it there are only late rows, which bound nothing.
    const base = Math.min(...timed) - Math.min(...OFFSETS_MS);
    const edges = [...new Set(timed)].flatMap((ms) => [ms - 1, ms, ms + 1, ms + 999, ms + 1000, ms + 1001]);
    edges.push(Math.min(...timed) - 86_400_000, Math.max(...timed) + 86_400_000);
    for (const ms of edges) {
      const at = new Date(ms).toISOString();
      const expectedTo = sealed
        .filter((row) => row.ms < ms)
        .map((row) => row.position)
        .sort((a, b) => b - a);
      const expectedFrom = sealed
        .filter((row) => row.ms >= ms)
        .map((row) => row.position)
        .sort((a, b) => b - a);
      // Inside the timed rows the bounds exist (a NULL bound would be correct but read everything).
      if (ms > base + 2000 && ms < Math.max(...timed) - 2000) {
        const [bounds] = await t.database.sql.query<{ before: string | null; after: string | null }>(
          'SELECT events_position_before($1::timestamptz)::text AS before, events_position_after($1::timestamptz)::text AS after',
          [at],
        );
        expect(bounds!.before, `before ${at}`).not.toBeNull();
        expect(bounds!.after, `after ${at}`).not.toBeNull();
      }
      expect(await positionsOf({ to: at }), `to ${at}`).toEqual(expectedTo);
      expect(await positionsOf({ from: at }), `from ${at}`).toEqual(expectedFrom);
    }
  });
});
