import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import {
  call,
  createMember,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

// Issue 13 item 15: Ctrl-K searches members, missions, products and stones, each group only for
// roles that may see that list.
let t: TestApp;
let admin: string;
let moderator: string;
let stoneCode: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await staffCookie(t, 'admin')).cookie;
  moderator = (await staffCookie(t, 'moderator')).cookie;
  await seedDemoCommunity(t.database, { people: 10, stones: 10, posts: 0 });
  const [stone] = await t.database.sql.query<{ code: string }>(
    'SELECT code FROM stones ORDER BY code LIMIT 1',
  );
  stoneCode = stone!.code;
  await t.database.sql.query(
    `UPDATE users SET name = 'Zephyrine Quill', first_name = 'Zephyrine', last_name = 'Quill' WHERE id = $1`,
    [(await createMember(t)).userId],
  );
  const mission = await call(t, {
    method: 'POST',
    url: '/api/admin/missions',
    cookie: admin,
    payload: { title: 'Zephyr outage seen from 198.51.100.23' },
  });
  expect(mission.statusCode).toBe(200);
  const product = await call(t, {
    method: 'POST',
    url: '/api/admin/products',
    cookie: admin,
    payload: { sku: 'ZEPH-1', title: 'Zephyr mug', price: '12' },
  });
  expect(product.statusCode).toBe(200);
  // What the catalog's search-index job does for new products (the Products list finds them then).
  await t.database.sql.query(
    'UPDATE products SET search_vector = catalog_search_vector(title, sku, description)',
  );
}, 120_000);
afterAll(async () => t?.close());

const search = (q: string, cookie = admin) =>
  call(t, { method: 'GET', url: `/api/admin/search?q=${encodeURIComponent(q)}`, cookie });

describe('GET /api/admin/search', () => {
  it('finds members by name, missions by title and products by title, each masked as its list', async () => {
    const response = await search('zephyr');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.members).toEqual([expect.objectContaining({ label: 'Zephyrine Quill' })]);
    // Admin lacks view_pii: the IP in the card's title is masked, as on the board.
    expect(body.missions).toEqual([
      expect.objectContaining({ label: 'Zephyr outage seen from 198.51.100.xxx' }),
    ]);
    expect(body.products).toEqual([expect.objectContaining({ label: 'Zephyr mug', detail: 'ZEPH-1' })]);
    expect(body.stones).toEqual([]);
  });

  it('finds products by SKU and stones by code prefix, dashes and case aside', async () => {
    expect((await search('ZEPH-1')).json().products).toEqual([expect.objectContaining({ detail: 'ZEPH-1' })]);
    const prefix = stoneCode.slice(0, 6).toLowerCase();
    const stones = (await search(prefix)).json().stones as { label: string }[];
    expect(stones.length).toBeGreaterThan(0);
    for (const stone of stones) expect(stone.label.startsWith(stoneCode.slice(0, 6))).toBe(true);
  });

  it('leaves out the groups a role may not see (a moderator has no view_catalog)', async () => {
    const body = (await search('zephyr', moderator)).json();
    expect(body.products).toBeNull();
    expect(body.members).toHaveLength(1);
  });

  it('refuses a query under two characters or holding NUL with 400 naming q, and members', async () => {
    for (const q of ['z', 'ze\u0000']) {
      const response = await search(q);
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().details)).toContain('query.q');
    }
    const member = await createMember(t);
    const cookie = await sessionCookie(t, member.userId);
    expect((await search('zephyr', cookie)).statusCode).toBe(403);
  });
});
