import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../src/contracts/catalog.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let admin: string;
let support: string;
let categoryA: string;
let categoryB: string;

const post = (url: string, payload: unknown, cookie = admin, headers: Record<string, string> = {}) =>
  call(t, { method: 'POST', url, cookie, payload: payload as object, headers });
const get = (url: string, cookie = admin) => call(t, { method: 'GET', url, cookie });

async function product(sku: string, extra: Record<string, unknown> = {}): Promise<Product> {
  const response = await post('/api/admin/products', {
    sku,
    title: `Product ${sku}`,
    price: '10.00',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().product;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = (await staffCookie(t, 'admin')).cookie;
  support = (await staffCookie(t, 'support')).cookie;
  categoryA = (await post('/api/admin/categories', { name: 'Drinkware' })).json().category.id;
  categoryB = (await post('/api/admin/categories', { name: 'Apparel' })).json().category.id;
  await product('MUG-1', {
    title: 'Telemetry mug',
    description: 'Ceramic, keeps coffee hot',
    stock: 3,
    status: 'active',
    categoryIds: [categoryA],
  });
  await product('MUG-2', { title: 'Lunar mug', stock: 0, status: 'active', categoryIds: [categoryA] });
  await product('TEE-1', {
    title: 'Launch pad tee',
    stock: 40,
    status: 'active',
    continueSellingWhenOutOfStock: true,
    categoryIds: [categoryB],
  });
  await product('TEE-2', { title: 'Orbital tee', stock: 0, status: 'archived', categoryIds: [categoryB] });
});
afterAll(async () => t?.close());

const skus = (body: { rows: Product[] }) => body.rows.map((row) => row.sku);

describe('GET /api/admin/products', () => {
  it('lists newest first with categories, and support may read but not change', async () => {
    const response = await get('/api/admin/products', support);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(skus(body)).toEqual(['TEE-2', 'TEE-1', 'MUG-2', 'MUG-1']);
    expect(body.rows[3]).toMatchObject({ price: '10.00', stock: 3, categories: [{ name: 'Drinkware' }] });
    expect(body.total).toEqual({ value: 4, estimated: false });
    const denied = await post('/api/admin/products', { sku: 'X-1', title: 'x', price: 1 }, support);
    expect(denied.statusCode).toBe(403);
  });

  it('searches full text over title, sku and description once indexed', async () => {
    // New products are not indexed until a reindex (per item, bulk or the job) reaches them.
    expect(skus((await get('/api/admin/products?query=coffee')).json())).toEqual([]);
    const job = await t.app.mc.jobs.runNow('catalog-search-reindex');
    expect(job.ok).toBe(true);
    expect(skus((await get('/api/admin/products?query=coffee')).json())).toEqual(['MUG-1']);
    expect(skus((await get('/api/admin/products?query=mug&sort=title:asc')).json())).toEqual([
      'MUG-2',
      'MUG-1',
    ]);
    expect(skus((await get('/api/admin/products?query=tee-1')).json())).toEqual(['TEE-1']);
    const status = (await get('/api/admin/products/search-index')).json();
    expect(status).toMatchObject({ products: 4, stale: 0, state: 'fresh' });
  });

  it('filters by category, status, stock and continue-selling', async () => {
    expect(skus((await get(`/api/admin/products?category=${categoryB}`)).json())).toEqual(['TEE-2', 'TEE-1']);
    expect(skus((await get('/api/admin/products?status=archived')).json())).toEqual(['TEE-2']);
    expect(skus((await get('/api/admin/products?stock=low')).json())).toEqual(['MUG-1']);
    expect(skus((await get('/api/admin/products?stock=out')).json())).toEqual(['TEE-2', 'MUG-2']);
    expect(skus((await get('/api/admin/products?continueSelling=true')).json())).toEqual(['TEE-1']);
  });

  it('pages with keyset cursors in every sort without repeating or skipping a row', async () => {
    for (const sort of ['price:asc', 'stock:desc', 'title:asc', 'created_at:asc', 'updated_at:desc']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { rows: Product[]; nextCursor: string | null } = (
          await get(
            `/api/admin/products?pageSize=1&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          )
        ).json();
        seen.push(...skus(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(['MUG-1', 'MUG-2', 'TEE-1', 'TEE-2']);
    }
    const first = (await get('/api/admin/products?pageSize=1&sort=price:asc')).json();
    const other = await get(
      `/api/admin/products?sort=title:asc&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    expect(other.statusCode).toBe(400);
    expect(other.json().details[0].path).toBe('query.cursor');
  });

  it('answers 400 naming the parameter for unknown or bad input, never 500', async () => {
    for (const [query, path] of [
      ['page=2', 'query.page'],
      ['status=sold', 'query.status'],
      ['category=nope', 'query.category'],
      ['query=%00', 'query.query'],
      ['pageSize=500', 'query.pageSize'],
      ['cursor=abc.def', 'query.cursor'],
    ]) {
      const response = await get(`/api/admin/products?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().details), query).toContain(path);
    }
  });
});

describe('GET /api/admin/products/low-stock', () => {
  it('counts low stock against the System setting and follows it when it changes', async () => {
    expect((await get('/api/admin/products/low-stock', support)).json()).toEqual({
      threshold: 5,
      low: 1,
      outOfStock: 1,
      total: 3,
      percentage: 33.3,
    });
    const developer = (await staffCookie(t, 'developer')).cookie;
    const changed = await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie: developer,
      payload: { lowStockThreshold: 50 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await get('/api/admin/products/low-stock')).json()).toMatchObject({ threshold: 50, low: 2 });
    expect(skus((await get('/api/admin/products?stock=low')).json())).toEqual(['TEE-1', 'MUG-1']);
    await call(t, {
      method: 'PATCH',
      url: '/api/admin/settings',
      cookie: developer,
      payload: { lowStockThreshold: 5 },
    });
  });
});

describe('POST /api/admin/products', () => {
  it('refuses bad input with 4xx naming the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ sku: 'BAD-1', title: 'x', price: '-1' }, 'body.price'],
      [{ sku: 'BAD-1', title: 'x', price: '1', stock: -2 }, 'body.stock'],
      [{ sku: 'MUG-1', title: 'x', price: '1' }, 'body.sku'],
      [
        { sku: 'BAD-1', title: 'x', price: '1', categoryIds: ['7b0a4a52-7a8d-4f0e-9a53-8ea7e0f7a001'] },
        'body.categoryIds',
      ],
      [{ sku: 'BAD-1', title: 'nul\u0000byte', price: '1' }, 'body.title'],
      [{ sku: 'BAD 1', title: 'x', price: '1' }, 'body.sku'],
    ];
    for (const [payload, path] of cases) {
      const response = await post('/api/admin/products', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(response.json().details)).toContain(path);
    }
    const [row] = await t.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM products WHERE sku = 'BAD-1'`,
    );
    expect(row?.n).toBe(0);
  });
});

describe('PATCH /api/admin/products/:id', () => {
  it('toggles ContinueWhenOOS with its event, and a stale version gets 409 with the current row', async () => {
    const mug = (await get('/api/admin/products?query=coffee')).json().rows[0] as Product;
    const toggled = await call(t, {
      method: 'PATCH',
      url: `/api/admin/products/${mug.id}`,
      cookie: admin,
      payload: { version: mug.version, continueSellingWhenOutOfStock: true },
    });
    expect(toggled.statusCode).toBe(200);
    expect(toggled.json().product).toMatchObject({
      continueSellingWhenOutOfStock: true,
      version: mug.version + 1,
    });
    const events = await eventsOfType(t, 'product.oos_policy_changed');
    expect(events.at(-1)).toMatchObject({
      subject_id: mug.id,
      payload: { from: false, to: true, sku: 'MUG-1' },
    });
    const stale = await call(t, {
      method: 'PATCH',
      url: `/api/admin/products/${mug.id}`,
      cookie: admin,
      payload: { version: mug.version, continueSellingWhenOutOfStock: false },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().details.product).toMatchObject({
      continueSellingWhenOutOfStock: true,
      version: mug.version + 1,
    });
    // The edit made the search document stale; a per-item reindex catches it up.
    expect(toggled.json().product.searchStale).toBe(true);
    const reindexed = await post(`/api/admin/products/${mug.id}/reindex`, {});
    expect(reindexed.json().product).toMatchObject({ searchStale: false, version: mug.version + 1 });
    expect((await eventsOfType(t, 'product.reindexed')).at(-1)).toMatchObject({ subject_id: mug.id });
  });
});

describe('POST /api/admin/products/bulk/continue-selling', () => {
  it('sets the policy on each selected row with per-row results, and replays a retried key', async () => {
    const all = (await get('/api/admin/products')).json().rows as Product[];
    const missing = '7b0a4a52-7a8d-4f0e-9a53-8ea7e0f7a002';
    const body = { productIds: [...all.map((row) => row.id), missing], continueSellingWhenOutOfStock: true };
    const before = (await eventsOfType(t, 'product.oos_policy_changed')).length;
    const first = await post('/api/admin/products/bulk/continue-selling', body, admin, {
      'idempotency-key': 'bulk-oos-1',
    });
    expect(first.statusCode).toBe(200);
    const results = first.json().results as {
      productId: string;
      ok: boolean;
      changed?: boolean;
      code?: string;
    }[];
    expect(results.find((row) => row.productId === missing)).toMatchObject({ ok: false, code: 'not_found' });
    const changed = results.filter((row) => row.changed).length;
    expect(changed).toBe(all.filter((row) => !row.continueSellingWhenOutOfStock).length);
    const again = await post('/api/admin/products/bulk/continue-selling', body, admin, {
      'idempotency-key': 'bulk-oos-1',
    });
    expect(again.json()).toEqual(first.json());
    expect((await eventsOfType(t, 'product.oos_policy_changed')).length).toBe(before + changed);
    const off = await post('/api/admin/products/bulk/reindex', { productIds: all.map((row) => row.id) });
    expect(off.json().results.every((row: { ok: boolean }) => row.ok)).toBe(true);
  });
});

describe('POST /api/admin/products/search-index/reindex', () => {
  it('reindexes every stale product now and reports the index fresh', async () => {
    await product('NEW-1', { title: 'Fresh arrival' });
    expect((await get('/api/admin/products/search-index')).json()).toMatchObject({ state: 'stale' });
    const response = await post('/api/admin/products/search-index/reindex', {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().reindexed).toBeGreaterThanOrEqual(1);
    expect(response.json().status).toMatchObject({ stale: 0, state: 'fresh' });
    expect((await eventsOfType(t, 'catalog.search_reindexed')).length).toBeGreaterThanOrEqual(2);
    const denied = await post('/api/admin/products/search-index/reindex', {}, support);
    expect(denied.statusCode).toBe(403);
  });
});
