import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOnce, rows } from '../../../src/server/db/client.ts';
import { DEFAULT_THRESHOLDS, DETECTORS } from '../../../src/server/modules/signals/detectors.ts';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import {
  CHAIN_LOCK,
  type EventKey,
  sealEvents,
  sealerFor,
} from '../../../src/server/platform/audit/sealer.ts';
import { readUnsealed, verifyChain } from '../../../src/server/platform/audit/verify.ts';
import { mutate } from '../../../src/server/platform/mutation.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** One mutation with one event, as a route makes it. */
function writeOne(marker: string) {
  return mutate(t.database, SYSTEM_CONTEXT, async () => ({
    result: marker,
    events: [{ type: 'test.sealed', subjectType: 'test', subjectId: marker }],
  }));
}

async function positionOf(marker: string): Promise<string | null> {
  const [row] = await t.database.sql.query<{ position: string | null }>(
    `SELECT position::text AS position FROM events WHERE type = 'test.sealed' AND subject_id = $1`,
    [marker],
  );
  if (!row) throw new Error(`no event for ${marker}`);
  return row.position;
}

describe(`the audit sealer on ${ENGINE}`, () => {
  it('returns from mutate() with its events sealed, and 200 concurrent writers leave one unbroken chain', async () => {
    await writeOne('alone');
    expect(await positionOf('alone')).not.toBeNull();
    const markers = Array.from({ length: 200 }, (_, index) => `w${index}`);
    await Promise.all(markers.map((marker) => writeOne(marker)));
    const positions = await t.database.sql.query<{ position: string }>(
      `SELECT position::text AS position FROM events WHERE type = 'test.sealed' AND subject_id LIKE 'w%'`,
    );
    expect(positions).toHaveLength(200);
    expect(positions.every((row) => row.position !== null)).toBe(true);
    const [gaps] = await t.database.sql.query<{ count: number; span: number }>(
      'SELECT count(*)::int AS count, (max(position) - min(position) + 1)::int AS span FROM events',
    );
    expect(gaps!.span).toBe(gaps!.count);
    expect((await verifyChain(t.database.sql)).ok).toBe(true);
  });

  it('seals the event of an uncontended writer as it is inserted, holding the chain lock to the commit', async () => {
    let inside: { position: string | null; locked: boolean } | undefined;
    await t.database.db.transaction(async (tx) => {
      const { unsealed } = await appendEvents(
        tx,
        SYSTEM_CONTEXT,
        [{ type: 'test.sealed', subjectId: 'inline' }],
        {
          sealAtInsert: true,
        },
      );
      expect(unsealed).toEqual([]);
      [inside] = await rows<{ position: string | null; locked: boolean }>(
        tx,
        sql`
        SELECT e.position::text AS position,
               EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objid = ${CHAIN_LOCK}
                          AND l.pid = pg_backend_pid() AND l.granted) AS locked
          FROM events e WHERE e.type = 'test.sealed' AND e.subject_id = 'inline'`,
      );
    });
    expect(inside?.position).not.toBeNull();
    if (ENGINE === 'postgres') expect(inside?.locked).toBe(true);
    expect(await positionOf('inline')).toBe(inside?.position);
    expect((await verifyChain(t.database.sql)).ok).toBe(true);
  });

  it('leaves the events of a transaction that goes on working to a round after its commit, in the order sealed', async () => {
    const sealer = sealerFor(t.database);
    sealer.stop();
    try {
      let left: EventKey[] = [];
      await t.database.db.transaction(async (tx) => {
        left = (await appendEvents(tx, SYSTEM_CONTEXT, [{ type: 'test.sealed', subjectId: 'later' }]))
          .unsealed;
        const [lock] = await rows<{ held: boolean }>(
          tx,
          sql`
          SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objid = ${CHAIN_LOCK}
                            AND l.pid = pg_backend_pid()) AS held`,
        );
        expect(lock?.held).toBe(false);
      });
      expect(left).toHaveLength(1);
      expect(await positionOf('later')).toBeNull();
      // The next writer seals its own row at the head and leaves the other to its round.
      await writeOne('after-later');
      expect(await positionOf('later')).toBeNull();
      expect(await sealer.seal(left)).toBe(1);
      expect(Number(await positionOf('later'))).toBe(Number(await positionOf('after-later')) + 1);
      // Named again, a sealed row is skipped.
      expect(await sealer.seal(left)).toBe(0);
      expect((await verifyChain(t.database.sql)).ok).toBe(true);
    } finally {
      sealer.start(100);
    }
  });

  it('never undoes a change when sealing fails, in the insert or in the round after the commit', async () => {
    const owner = t.database.sql;
    const [original] = await owner.query<{ definition: string }>(
      `SELECT pg_get_functiondef('events_seal_head()'::regprocedure) AS definition`,
    );
    const sealer = sealerFor(t.database);
    sealer.stop();
    try {
      await owner.exec(`CREATE OR REPLACE FUNCTION events_seal_head(OUT head_position bigint, OUT head_hash text, OUT newest_ts timestamptz)
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'seal broken for the test'; END $$`);
      expect(await writeOne('broken-seal')).toBe('broken-seal');
      expect(await positionOf('broken-seal')).toBeNull();
      expect(sealer.lastError).toMatch(/seal broken for the test/);
    } finally {
      await owner.exec(original!.definition);
      sealer.start(100);
    }
    expect(await sealer.seal()).toBe(1);
    expect(sealer.lastError).toBeNull();
    expect(await positionOf('broken-seal')).not.toBeNull();
    expect((await verifyChain(t.database.sql)).ok).toBe(true);
  });

  // The lock is busy at the first event and free at the second: the second is not sealed ahead of it.
  it.runIf(ENGINE === 'postgres')(
    "keeps a transaction's events in their order when the lock frees between them",
    async () => {
      const holder = await connectOnce(t.database.url!);
      let left: EventKey[] = [];
      try {
        await holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
        await t.database.db.transaction(async (tx) => {
          const first = await appendEvents(
            tx,
            SYSTEM_CONTEXT,
            [{ type: 'test.sealed', subjectId: 'first' }],
            {
              sealAtInsert: true,
            },
          );
          await holder.exec('COMMIT');
          const second = await appendEvents(
            tx,
            SYSTEM_CONTEXT,
            [{ type: 'test.sealed', subjectId: 'second' }],
            {
              sealAtInsert: true,
            },
          );
          left = [...first.unsealed, ...second.unsealed];
        });
      } finally {
        await holder.close();
      }
      expect(left).toHaveLength(2);
      await sealerFor(t.database).seal(left);
      expect(Number(await positionOf('second'))).toBe(Number(await positionOf('first')) + 1);
    },
  );

  // A second connection holds the chain lock (another instance's seal round): the writer cannot seal
  // in its transaction, commits anyway, and returns once a round after the lock sealed its event.
  it.runIf(ENGINE === 'postgres')(
    'commits while the chain lock is held elsewhere and seals after it',
    async () => {
      const holder = await connectOnce(t.database.url!);
      try {
        await holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
        let returned = false;
        const writing = writeOne('contended').then(() => {
          returned = true;
        });
        // Committed, visible to others, unsealed, and mutate() still waiting for its seal.
        await expect
          .poll(() => positionOf('contended').catch(() => 'absent'), { timeout: 10_000 })
          .toBeNull();
        expect(returned).toBe(false);
        await holder.exec('COMMIT');
        await writing;
        expect(await positionOf('contended')).not.toBeNull();
      } finally {
        await holder.close();
      }
    },
  );

  it('shows committed events left unsealed in System and opens a mission-card signal for stale ones', async () => {
    // Signed in first: making the account appends (and seals) events of its own.
    const { cookie } = await staffCookie(t, 'developer');
    const system = async () => (await call(t, { method: 'GET', url: '/api/admin/system', cookie })).json();
    const sealer = sealerFor(t.database);
    sealer.stop();
    try {
      // As an instance that committed and died before any round, long enough ago to be stale.
      await t.database.sql.exec(`ALTER TABLE events DISABLE TRIGGER ALL;
        INSERT INTO events (id, ts, actor_role, type, payload)
          VALUES (nextval('events_id_seq'), clock_timestamp() - interval '90 seconds', 'system', 'test.stale', '{}');
        ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;
        ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change;
        ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;`);
      expect((await readUnsealed(t.database.sql)).count).toBe(1);
      const stale = (await system()).health;
      expect(stale.auditSeal).toMatchObject({ unsealed: 1, lastError: null });
      expect(stale.checks.find((check: { key: string }) => check.key === 'auditSeal').level).toBe('red');
      const detector = DETECTORS.find((candidate) => candidate.name === 'unsealed_events')!;
      const [signal] = await detector.detect(t.database.db, DEFAULT_THRESHOLDS);
      expect(signal).toMatchObject({ key: 'unsealed_events', severity: 'urgent', evidence: { unsealed: 1 } });

      expect(await sealEvents(t.database)).toBe(1);
      const sealed = (await system()).health;
      expect(sealed.auditSeal).toMatchObject({ unsealed: 0 });
      expect(sealed.checks.find((check: { key: string }) => check.key === 'auditSeal').level).toBe('green');
      expect(await detector.detect(t.database.db, DEFAULT_THRESHOLDS)).toEqual([]);
      expect((await verifyChain(t.database.sql)).ok).toBe(true);
    } finally {
      sealer.start(100);
    }
  });
});
