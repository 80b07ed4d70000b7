import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category } from '../../../src/contracts/catalog.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  call(t, { method: 'POST', url, cookie: admin, payload: payload as object, headers });
const list = async (query = '') =>
  (await call(t, { method: 'GET', url: `/api/admin/categories${query}`, cookie: admin })).json() as {
    rows: Category[];
    nextCursor: string | null;
  };

beforeAll(async () => {
  t = await startTestApp();
  admin = (await staffCookie(t, 'admin')).cookie;
  for (const name of ['Mugs', 'Cups', 'Drinkware', 'Posters'])
    ids[name] = (await post('/api/admin/categories', { name })).json().category.id;
  const products: [string, string[]][] = [
    ['A', ['Mugs']],
    ['B', ['Mugs', 'Drinkware']],
    ['C', ['Cups']],
    ['D', ['Cups', 'Mugs']],
    ['E', ['Posters']],
  ];
  for (const [sku, categories] of products) {
    const response = await post('/api/admin/products', {
      sku,
      title: sku,
      price: 1,
      categoryIds: categories.map((name) => ids[name]),
    });
    expect(response.statusCode, response.body).toBe(200);
  }
});
afterAll(async () => t?.close());

describe('GET /api/admin/categories', () => {
  it('shows product counts and sorts by every column', async () => {
    const byName = await list();
    expect(byName.rows.map((row) => [row.name, row.productsCount])).toEqual([
      ['Cups', 2],
      ['Drinkware', 1],
      ['Mugs', 3],
      ['Posters', 1],
    ]);
    expect((await list('?sort=products:desc')).rows[0]?.name).toBe('Mugs');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(
        `?sort=products:asc&pageSize=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.rows.map((row) => row.name));
      cursor = page.nextCursor;
    } while (cursor);
    // Equal counts are ordered by id: Drinkware and Posters (one product each) in either order.
    expect(seen.slice(0, 2).sort()).toEqual(['Drinkware', 'Posters']);
    expect(seen.slice(2)).toEqual(['Cups', 'Mugs']);
    const unknown = await call(t, { method: 'GET', url: '/api/admin/categories?page=1', cookie: admin });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('POST /api/admin/categories/merge', () => {
  it('refuses a target among the sources, naming the field', async () => {
    const response = await post('/api/admin/categories/merge', {
      sourceIds: [ids.Mugs, ids.Cups],
      targetId: ids.Mugs,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([
      { path: 'body.targetId', message: 'must not be one of the sources' },
    ]);
    const unknown = await post('/api/admin/categories/merge', {
      sourceIds: ['7b0a4a52-7a8d-4f0e-9a53-8ea7e0f7a003'],
      targetId: ids.Mugs,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].path).toBe('body.sourceIds');
  });

  it('moves every link in one transaction without duplicates and removes the sources', async () => {
    const response = await post(
      '/api/admin/categories/merge',
      { sourceIds: [ids.Mugs, ids.Cups], targetId: ids.Drinkware },
      { 'idempotency-key': 'merge-1' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // A, C, D newly in Drinkware (B was there already); D was in both sources.
    expect(body).toMatchObject({ moved: 3, target: { name: 'Drinkware', productsCount: 4 } });
    expect(body.removed.map((row: { name: string }) => row.name).sort()).toEqual(['Cups', 'Mugs']);
    expect((await list()).rows.map((row) => row.name)).toEqual(['Drinkware', 'Posters']);
    const [row] = await t.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM product_categories WHERE category_id = $1`,
      [ids.Drinkware],
    );
    expect(row?.n).toBe(4);
    expect((await eventsOfType(t, 'category.merged')).at(-1)).toMatchObject({
      subject_id: ids.Drinkware,
      payload: { moved: 3 },
    });
    const replay = await post(
      '/api/admin/categories/merge',
      { sourceIds: [ids.Mugs, ids.Cups], targetId: ids.Drinkware },
      { 'idempotency-key': 'merge-1' },
    );
    expect(replay.json()).toEqual(body);
  });
});
