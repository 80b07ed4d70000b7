import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../../../src/server/platform/audit/append.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let developer: string;
let admin: string;
const alice = { id: '00000000-0000-4000-8000-0000000000a1', email: 'alice@example.test', role: 'admin' };

beforeAll(async () => {
  t = await startTestApp();
  developer = (await staffCookie(t, 'developer')).cookie;
  admin = (await staffCookie(t, 'admin')).cookie;
  for (let i = 0; i < 12; i++) {
    await appendEvents(t.database.db, { actor: alice, requestId: `r${i}`, ip: '192.0.2.77' }, [
      {
        type: i % 2 ? 'user.suspended' : 'user.enabled',
        subjectType: 'user',
        subjectId: `u${i % 3}`,
        payload: { i, '=cmd': '=HYPERLINK("x")' },
      },
    ]);
  }
});
afterAll(async () => t?.close());

const list = (query: string, cookie = developer) =>
  call(t, { method: 'GET', url: `/api/admin/events?${query}`, cookie });

describe('GET /api/admin/events', () => {
  it('filters by exact type, type prefix, actor (email or id) and subject', async () => {
    expect((await list('type=user.suspended')).json().events).toHaveLength(6);
    expect((await list('type=user.')).json().events).toHaveLength(12);
    expect((await list('actor=ALICE@example.test')).json().events).toHaveLength(12);
    expect((await list(`actor=${alice.id}&subjectType=user&subjectId=u1`)).json().events).toHaveLength(4);
  });

  it('filters by time range', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`type=user.&from=${encodeURIComponent(future)}`)).json().events).toHaveLength(0);
    expect((await list(`type=user.&to=${encodeURIComponent(future)}`)).json().events).toHaveLength(12);
  });

  it('pages newest first with an opaque cursor, and rejects a tampered one', async () => {
    const first = (await list('type=user.&limit=5')).json();
    expect(first.events).toHaveLength(5);
    const second = (await list(`type=user.&limit=5&cursor=${first.nextCursor}`)).json();
    const thirdResponse = await list(`type=user.&limit=5&cursor=${second.nextCursor}`);
    expect(thirdResponse.statusCode, thirdResponse.body).toBe(200);
    const third = thirdResponse.json();
    const ids = [...first.events, ...second.events, ...third.events].map((event: { id: string }) =>
      Number(event.id),
    );
    expect(ids).toHaveLength(12);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(third.nextCursor).toBeNull();
    const tampered = `${Buffer.from(JSON.stringify({ id: '3' })).toString('base64url')}.${first.nextCursor.split('.')[1]}`;
    const response = await list(`limit=5&cursor=${tampered}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().details[0].path).toBe('query.cursor');
  });

  it('names the bad field for invalid filters', async () => {
    const response = await list('from=yesterday&limit=9999');
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .details.map((detail: { path: string }) => detail.path)
        .sort(),
    ).toEqual(['query.from', 'query.limit']);
  });

  it('masks IPs for admin (no view_pii) and shows them to developer', async () => {
    expect((await list('type=user.&limit=1', admin)).json().events[0].ip).toBe('192.0.2.xxx');
    expect((await list('type=user.&limit=1', developer)).json().events[0].ip).toBe('192.0.2.77');
  });
});

describe('GET /api/admin/events/export', () => {
  it('streams JSON Lines with the same filters and records the export', async () => {
    const response = await call(t, {
      method: 'GET',
      url: '/api/admin/events/export?format=jsonl&type=user.suspended',
      cookie: admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/ndjson/);
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="mission-control-events-.*\.jsonl"/,
    );
    const lines = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(6);
    expect(
      lines.every(
        (event: { type: string; ip: string }) =>
          event.type === 'user.suspended' && event.ip === '192.0.2.xxx',
      ),
    ).toBe(true);
    const recorded = await t.database.sql.query<{
      payload: { list: string; format: string; filter: object };
    }>(`SELECT payload FROM events WHERE type = 'export.created' ORDER BY id DESC LIMIT 1`);
    expect(recorded[0]?.payload).toEqual({
      list: 'events',
      format: 'jsonl',
      filter: { type: 'user.suspended' },
    });
  });

  it('streams CSV with a header, quoting, and formula-injection protection', async () => {
    const response = await call(t, {
      method: 'GET',
      url: '/api/admin/events/export?format=csv&type=user.enabled',
      cookie: developer,
    });
    expect(response.statusCode).toBe(200);
    const [header, ...rows] = response.body.trim().split('\n');
    expect(header).toBe(
      'id,ts,actorId,actorEmail,actorRole,type,subjectType,subjectId,payload,requestId,ip,hash',
    );
    expect(rows).toHaveLength(6);
    expect(rows[0]).toContain('192.0.2.77');
    expect(response.body).toContain('""=cmd"":""=HYPERLINK');
    await appendEvents(t.database.db, { actor: alice, requestId: null, ip: null }, [
      { type: 'sheet.formula', subjectId: '=SUM(1+1)' },
    ]);
    const formula = await call(t, {
      method: 'GET',
      url: '/api/admin/events/export?format=csv&type=sheet.formula',
      cookie: developer,
    });
    expect(formula.body).toContain(",'=SUM(1+1),");
  });
});
