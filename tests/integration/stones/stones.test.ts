import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let superAdmin: string;
let admin: string;
let moderator: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 60 });
  await seedDemoCommunity(t.database, { people: 60, stones: 300, posts: 100 });
  superAdmin = (await staffCookie(t, 'super_admin')).cookie;
  admin = (await staffCookie(t, 'admin')).cookie;
  moderator = (await staffCookie(t, 'moderator')).cookie;
}, 120_000);
afterAll(async () => t?.close());

const get = (url: string, cookie = admin) => call(t, { method: 'GET', url, cookie });
const generate = (payload: unknown, key: string | null, cookie = superAdmin) =>
  call(t, {
    method: 'POST',
    url: '/api/admin/stones/batches',
    cookie,
    payload: payload as object,
    headers: key ? { 'idempotency-key': key } : {},
  });

describe('stones inventory', () => {
  it('filters by kind, status, premapped, batch and code, pages by cursor, counts kind × status', async () => {
    const all = await get('/api/admin/stones?pageSize=100');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.rows).toHaveLength(100);
    expect(body.counts.reduce((sum: number, c: { n: number }) => sum + c.n, 0)).toBe(300);
    const next = await get(`/api/admin/stones?pageSize=100&cursor=${encodeURIComponent(body.nextCursor)}`);
    const ids = new Set([...body.rows, ...next.json().rows].map((row: { id: string }) => row.id));
    expect(ids.size).toBe(200);

    const pebbles = (await get('/api/admin/stones?kind=pebble&status=activated&pageSize=100')).json();
    expect(pebbles.rows.length).toBeGreaterThan(0);
    for (const row of pebbles.rows) expect(row).toMatchObject({ kind: 'pebble', status: 'activated' });
    const premapped = (await get('/api/admin/stones?premapped=true&pageSize=100')).json();
    for (const row of premapped.rows) expect(row.location).not.toBeNull();

    const one = body.rows[0];
    const byBatch = (await get(`/api/admin/stones?batch=${one.batchId}&pageSize=100`)).json();
    for (const row of byBatch.rows) expect(row.batchId).toBe(one.batchId);
    const byCode = (await get(`/api/admin/stones?code=${one.code.slice(0, 7).toLowerCase()}`)).json();
    expect(byCode.rows.map((row: { id: string }) => row.id)).toContain(one.id);
  });

  it('keeps the kind × status counts equal to a count over the stones through insert, update and delete', async () => {
    const direct = () =>
      t.database.sql.query<{ kind: string; status: string; n: number }>(
        `SELECT kind, status, count(*)::int AS n FROM stones GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    const shown = async () => (await get('/api/admin/stones?pageSize=1')).json().counts;
    expect(await shown()).toEqual(await direct());
    await t.database.sql.exec(`
      INSERT INTO stones (code, kind) VALUES ('CNT1-0000-0000-0001', 'pebble'), ('CNT1-0000-0000-0002', 'pebble');
      UPDATE stones SET status = 'activated', activated_at = now() WHERE code = 'CNT1-0000-0000-0001';
      UPDATE stones SET kind = 'stone' WHERE code = 'CNT1-0000-0000-0002';`);
    expect(await shown()).toEqual(await direct());
    await t.database.sql.exec(`DELETE FROM stones WHERE code LIKE 'CNT1-%'`);
    expect(await shown()).toEqual(await direct());
  });

  it('answers 400 naming the field for bad input', async () => {
    const nul = await get('/api/admin/stones?code=AB%00CD');
    expect(nul.statusCode).toBe(400);
    expect(JSON.stringify(nul.json())).toContain('code');
    expect((await get('/api/admin/stones?kind=rock')).statusCode).toBe(400);
    expect((await get('/api/admin/stones?cursor=forged.cursor')).statusCode).toBe(400);
  });

  it('shows a stone with traits, activation, team, conversation metadata and timeline', async () => {
    const activated = (await get('/api/admin/stones?status=activated&pageSize=50')).json().rows;
    let withConversation = null;
    for (const row of activated) {
      const page = (await get(`/api/admin/stones/${row.id}`)).json();
      if (page.stone.conversation) {
        withConversation = page;
        break;
      }
    }
    expect(withConversation).not.toBeNull();
    expect(withConversation.stone.genesisTraits).toHaveProperty('element');
    expect(withConversation.stone.stoneTraits).toHaveProperty('shape');
    expect(withConversation.stone.activatedBy.email).toMatch(/@/);
    expect(withConversation.timeline.map((entry: { label: string }) => entry.label).join(' ')).toMatch(
      /Activated/,
    );
    expect((await get('/api/admin/stones/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('premaps an unactivated stone (manage_stones, audited); a moderator gets 403', async () => {
    const [stone] = (await get('/api/admin/stones?status=unactivated&premapped=false')).json().rows;
    const { locations } = (await get('/api/admin/stones/locations')).json();
    const patch = (cookie: string) =>
      call(t, {
        method: 'PATCH',
        url: `/api/admin/stones/${stone.id}`,
        cookie,
        payload: { locationId: locations[0].id },
      });
    expect((await patch(moderator)).statusCode).toBe(403);
    const done = await patch(admin);
    expect(done.statusCode).toBe(200);
    expect(done.json().stone.location.id).toBe(locations[0].id);
    expect(done.json().events.map((event: { type: string }) => event.type)).toContain('stone.premapped');
  });
});

describe('Generate QR', () => {
  it('needs generate_qr and an Idempotency-Key, and checks count and kind', async () => {
    expect((await generate({ count: 5, kind: 'stone' }, 'k-admin', admin)).statusCode).toBe(403);
    const noKey = await generate({ count: 5, kind: 'stone' }, null);
    expect(noKey.statusCode).toBe(400);
    expect(JSON.stringify(noKey.json())).toContain('idempotency-key');
    expect((await generate({ count: 0, kind: 'stone' }, 'k0')).statusCode).toBe(400);
    expect((await generate({ count: 1001, kind: 'stone' }, 'k1001')).statusCode).toBe(400);
    expect((await generate({ count: 3, kind: 'rock' }, 'krock')).statusCode).toBe(400);
  });

  it('makes the batch and its stones in one go, once per key, with unique codes and stones.generated', async () => {
    const { locations } = (await get('/api/admin/stones/locations')).json();
    const payload = { count: 45, kind: 'pebble', locationId: locations[1].id };
    const first = await generate(payload, 'gen-45');
    expect(first.statusCode).toBe(200);
    const batch = first.json().batch;
    expect(batch).toMatchObject({
      count: 45,
      kind: 'pebble',
      activated: 0,
      location: { id: locations[1].id },
    });
    const replay = await generate(payload, 'gen-45');
    expect(replay.json().batch.id).toBe(batch.id);

    const stones = (await get(`/api/admin/stones?batch=${batch.id}&pageSize=100`)).json().rows;
    expect(stones).toHaveLength(45);
    const codes = new Set(stones.map((stone: { code: string }) => stone.code));
    expect(codes.size).toBe(45);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    const events = (await eventsOfType(t, 'stones.generated')).filter(
      (event) => event.subject_id === batch.id,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ count: 45, kind: 'pebble' });

    const sheet = await get(`/api/admin/stones/batches/${batch.id}/sheet`, superAdmin);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json().stones).toHaveLength(45);
    expect(sheet.json().stones[0].svg).toMatch(/^<svg/);
    expect((await get(`/api/admin/stones/batches/${batch.id}/sheet`, admin)).statusCode).toBe(403);

    const pdf = await get(`/api/admin/stones/batches/${batch.id}/sheet.pdf?paper=letter`, superAdmin);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
    const document = await PDFDocument.load(pdf.rawPayload);
    expect(document.getPageCount()).toBe(3);
    expect(document.getPage(0).getSize().width).toBe(612);

    const batches = (await get('/api/admin/stones/batches')).json().rows;
    expect(batches[0].id).toBe(batch.id);
  });
});
