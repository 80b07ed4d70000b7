import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/**
 * One rule for every list (and every admin route): an unknown query parameter is a 400 naming it,
 * never ignored. Query schemas in the contracts are strict objects; a route that declares none takes none.
 */
let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  cookie = (await staffCookie(t, 'super_admin')).cookie;
});
afterAll(async () => t?.close());

const get = (url: string) => call(t, { method: 'GET', url, cookie });

describe('unknown query parameters', () => {
  it('every /api/admin route has a strict query schema (the route walk)', () => {
    const admin = t.app.routeTable.filter((route) => route.url.startsWith('/api/admin/'));
    expect(admin.length).toBeGreaterThan(50);
    const loose = admin.filter((route) => route.query !== 'strict').map((r) => `${r.method} ${r.url}`);
    expect(loose).toEqual([]);
  });

  it.each([
    ['/api/admin/users?page=2', ['query.page']],
    ['/api/admin/users/count?status=active&offset=10', ['query.offset']],
    ['/api/admin/products?page=2&limit=5', ['query.page', 'query.limit']],
    ['/api/admin/categories?page=1', ['query.page']],
    ['/api/admin/orders?q=x', ['query.q']],
    ['/api/admin/events?page=3', ['query.page']],
    ['/api/admin/teams?page=1', ['query.page']],
    ['/api/admin/system?verbose=1', ['query.verbose']],
  ])('GET %s answers 400 naming %j', async (url, paths) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(400);
    const body = response.json();
    expect(body.details).toEqual(paths.map((path) => ({ path, message: 'is not a known parameter' })));
    for (const path of paths) expect(body.message).toContain(path);
  });

  it('still answers the same lists without them', async () => {
    for (const url of ['/api/admin/users?status=active', '/api/admin/products', '/api/admin/system']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });
});
