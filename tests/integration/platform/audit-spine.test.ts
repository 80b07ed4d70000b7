import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { sealEvents } from '../../../src/server/platform/audit/sealer.ts';
import { makeCheckpoint, verifyChain } from '../../../src/server/platform/audit/verify.ts';
import { mutate } from '../../../src/server/platform/mutation.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (let i = 0; i < 5; i++) {
    await appendEvents(t.database.db, SYSTEM_CONTEXT, [
      { type: 'test.happened', subjectType: 'test', subjectId: String(i), payload: { i } },
    ]);
  }
  // Appended outside mutate(): sealed here rather than by the timer, so the chain is known to cover them.
  await sealEvents(t.database);
});
afterAll(async () => t?.close());

const TRIGGERS = ['events_chain', 'events_no_change', 'events_no_truncate'];

/** Runs `work` as a superuser with the events triggers off, the way an attacker with DB access would. */
async function behindTheTriggers(work: string, target: TestApp = t) {
  const enable = TRIGGERS.map((name) => `ALTER TABLE events ENABLE ALWAYS TRIGGER ${name};`).join(' ');
  await target.database.sql.exec(`ALTER TABLE events DISABLE TRIGGER ALL; ${work}; ${enable}`);
}

describe(`audit spine on ${ENGINE}`, () => {
  it('refuses UPDATE, DELETE and TRUNCATE of events', async () => {
    await expect(t.database.sql.query(`UPDATE events SET payload = '{}'`)).rejects.toThrow(/append-only/);
    await expect(t.database.sql.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(t.database.sql.query('TRUNCATE events')).rejects.toThrow(/append-only/);
  });

  it('keeps its triggers under session_replication_role = replica (ENABLE ALWAYS)', async () => {
    await expect(
      t.database.sql.transaction(async (tx) => {
        await tx.exec('SET LOCAL session_replication_role = replica');
        await tx.query('DELETE FROM events');
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('chains every row to the one before it', async () => {
    const result = await verifyChain(t.database.sql);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(5);
  });

  it('names the first altered row when a superuser edits one behind the triggers', async () => {
    const [victim] = await t.database.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM events WHERE type = 'test.happened' ORDER BY id LIMIT 1 OFFSET 2`,
    );
    await behindTheTriggers(`UPDATE events SET payload = '{"i": 99}' WHERE id = ${victim!.id}`);
    const result = await verifyChain(t.database.sql);
    expect(result.ok).toBe(false);
    expect(result.problem?.id).toBe(victim!.id);
    expect(result.problem?.reason).toMatch(/altered/);
    await behindTheTriggers(`UPDATE events SET payload = '{"i": 2}' WHERE id = ${victim!.id}`);
    expect((await verifyChain(t.database.sql)).ok).toBe(true);
  });

  it('names the row after a deleted one', async () => {
    const fresh = await startTestApp();
    try {
      for (let i = 0; i < 4; i++)
        await appendEvents(fresh.database.db, SYSTEM_CONTEXT, [{ type: 'test.happened', payload: { i } }]);
      await sealEvents(fresh.database);
      const ids = (
        await fresh.database.sql.query<{ id: string }>('SELECT id::text AS id FROM events ORDER BY id')
      ).map((row) => row.id);
      await behindTheTriggers(`DELETE FROM events WHERE id = ${ids[1]}`, fresh);
      const result = await verifyChain(fresh.database.sql);
      expect(result.ok).toBe(false);
      expect(result.problem?.id).toBe(ids[2]);
      expect(result.problem?.reason).toMatch(/removed or altered/);
    } finally {
      await fresh.close();
    }
  });

  it('detects a truncated tail with a signed checkpoint, and a forged checkpoint', async () => {
    const fresh = await startTestApp();
    try {
      // More than 9 rows: ids must order as numbers, never as text.
      for (let i = 0; i < 12; i++)
        await appendEvents(fresh.database.db, SYSTEM_CONTEXT, [{ type: 'test.happened', payload: { i } }]);
      await sealEvents(fresh.database);
      const checkpoint = await makeCheckpoint(fresh.database.sql, fresh.keys.checkpoint);
      expect(
        await verifyChain(fresh.database.sql, { checkpoint, checkpointKey: fresh.keys.checkpoint }),
      ).toMatchObject({ ok: true });
      const forged = { ...checkpoint, count: checkpoint.count - 1 };
      expect(
        (await verifyChain(fresh.database.sql, { checkpoint: forged, checkpointKey: fresh.keys.checkpoint }))
          .problem?.reason,
      ).toMatch(/signature/);

      // Removing the newest rows leaves a chain that is internally valid: only the checkpoint notices.
      await behindTheTriggers(`DELETE FROM events WHERE id >= ${checkpoint.lastId}`, fresh);
      expect((await verifyChain(fresh.database.sql)).ok).toBe(true);
      const result = await verifyChain(fresh.database.sql, {
        checkpoint,
        checkpointKey: fresh.keys.checkpoint,
      });
      expect(result.ok).toBe(false);
      expect(result.problem?.reason).toMatch(/removed from the tail/);
    } finally {
      await fresh.close();
    }
  });
});

describe('mutation helper', () => {
  const context = {
    actor: { id: '00000000-0000-4000-8000-000000000001', email: 'a@example.test', role: 'admin' },
    requestId: 'req-1',
    ip: '203.0.113.9',
  };

  it('writes the state change and its event together, stamped with actor, request id and IP', async () => {
    await mutate(t.database, context, async (tx) => {
      await tx.execute(`INSERT INTO settings (key, value) VALUES ('test.together', '1')` as never);
      return {
        result: null,
        events: [{ type: 'setting.changed', subjectType: 'setting', subjectId: 'test.together' }],
      };
    });
    const [event] = await t.database.sql.query<Record<string, unknown>>(
      `SELECT actor_id::text AS actor_id, actor_email, actor_role, request_id, host(ip) AS ip FROM events WHERE subject_id = 'test.together'`,
    );
    expect(event).toEqual({
      actor_id: context.actor.id,
      actor_email: 'a@example.test',
      actor_role: 'admin',
      request_id: 'req-1',
      ip: '203.0.113.9',
    });
  });

  it('writes neither when the work fails, nor when the event is invalid', async () => {
    await expect(
      mutate(t.database, context, async (tx) => {
        await tx.execute(`INSERT INTO settings (key, value) VALUES ('test.neither', '1')` as never);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      mutate(t.database, context, async (tx) => {
        await tx.execute(`INSERT INTO settings (key, value) VALUES ('test.neither', '1')` as never);
        return { result: null, events: [{ type: 'Not A Valid Type' }] };
      }),
    ).rejects.toThrow();
    expect(await t.database.sql.query(`SELECT 1 FROM settings WHERE key = 'test.neither'`)).toEqual([]);
    expect(await t.database.sql.query(`SELECT 1 FROM events WHERE subject_id = 'test.neither'`)).toEqual([]);
  });
});
