import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await appendEvents(t.database.db, SYSTEM_CONTEXT, [
    { type: 'test.happened', subjectType: 'test', subjectId: '0', payload: { i: 0 } },
  ]);
});
afterAll(async () => t?.close());

describe('POST /api/admin/events/:id/corrections (Idempotency-Key)', () => {
  async function originalId() {
    const [row] = await t.database.sql.query<{ id: string }>(
      `SELECT id::text AS id FROM events WHERE type = 'test.happened' ORDER BY id LIMIT 1`,
    );
    return row!.id;
  }

  it('appends a .corrected event pointing at the original, which stays unchanged', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const id = await originalId();
    const response = await call(t, {
      method: 'POST',
      url: `/api/admin/events/${id}/corrections`,
      cookie,
      payload: { reason: 'wrong subject recorded', corrected: { subjectId: '7' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      type: 'test.happened.corrected',
      payload: { correctsEventId: id, reason: 'wrong subject recorded' },
    });
  });

  it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
    const { cookie } = await staffCookie(t, 'admin');
    const id = await originalId();
    const send = (reason: string) =>
      call(t, {
        method: 'POST',
        url: `/api/admin/events/${id}/corrections`,
        cookie,
        headers: { 'idempotency-key': 'fix-1' },
        payload: { reason },
      });
    const first = await send('first reason');
    const again = await send('first reason');
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await send('another reason');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_conflict');
    const written = await t.database.sql.query(
      `SELECT 1 FROM events WHERE payload->>'reason' = 'first reason'`,
    );
    expect(written).toHaveLength(1);
  });

  it('lets exactly one of 20 concurrent duplicates take effect', async () => {
    const { cookie } = await staffCookie(t, 'super_admin');
    const id = await originalId();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(t, {
          method: 'POST',
          url: `/api/admin/events/${id}/corrections`,
          cookie,
          headers: { 'idempotency-key': 'burst-1' },
          payload: { reason: 'burst reason' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.json().id)).size).toBe(1);
    expect(
      await t.database.sql.query(`SELECT 1 FROM events WHERE payload->>'reason' = 'burst reason'`),
    ).toHaveLength(1);
  });

  it('answers 400 naming the field for bad input and 404 for an unknown event', async () => {
    const { cookie } = await staffCookie(t, 'developer');
    const bad = await call(t, {
      method: 'POST',
      url: `/api/admin/events/${await originalId()}/corrections`,
      cookie,
      payload: { reason: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ path: 'body.reason', message: 'say why (at least 3 characters)' }]);
    const missing = await call(t, {
      method: 'POST',
      url: '/api/admin/events/999999/corrections',
      cookie,
      payload: { reason: 'nothing there' },
    });
    expect(missing.statusCode).toBe(404);
    const badKey = await call(t, {
      method: 'POST',
      url: `/api/admin/events/${await originalId()}/corrections`,
      cookie,
      headers: { 'idempotency-key': 'x'.repeat(300) },
      payload: { reason: 'long key' },
    });
    expect(badKey.statusCode).toBe(400);
  });
});
