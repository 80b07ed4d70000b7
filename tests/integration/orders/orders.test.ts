import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let support: string;
let developer: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoMembers(t.database, { members: 60, seed: 'orders-test' });
  support = (await staffCookie(t, 'support')).cookie;
  developer = (await staffCookie(t, 'developer')).cookie;
});
afterAll(async () => t?.close());

const get = (url: string, cookie = support) => call(t, { method: 'GET', url, cookie });
type Row = { id: string; number: string; status: string; fulfilment: string; customer: { email: string } };

describe('GET /api/admin/orders', () => {
  it('pages newest first without gaps or repeats, and the demo data carries fulfilment', async () => {
    const seen: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { rows: Row[]; nextCursor: string | null } = (
        await get(`/api/admin/orders?pageSize=7${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    const [count] = await t.database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders`);
    const n = count!.n;
    expect(seen).toHaveLength(n);
    expect(new Set(seen.map((row) => row.id)).size).toBe(n);
    const fulfilments = new Set(seen.map((row) => row.fulfilment));
    expect(fulfilments.has('delivered')).toBe(true);
    const shipped = seen.find((row) => row.fulfilment === 'delivered') as Row & {
      carrier: string;
      trackingNumber: string;
      shippedAt: string;
    };
    expect(shipped.carrier).toMatch(/UPS|USPS|FedEx|DHL/);
    expect(shipped.trackingNumber).toMatch(/^[A-Z]{2}\d{10}$/);
  });

  it('searches by number and customer email, and filters by status and fulfilment', async () => {
    const all = (await get('/api/admin/orders?pageSize=100')).json().rows as Row[];
    const one = all[3]!;
    const byNumber = (await get(`/api/admin/orders?query=${one.number}`)).json().rows as Row[];
    expect(byNumber.map((row) => row.id)).toEqual([one.id]);
    const byEmail = (
      await get(`/api/admin/orders?query=${encodeURIComponent(one.customer.email.toUpperCase())}`)
    ).json().rows as Row[];
    expect(byEmail.length).toBeGreaterThan(0);
    expect(byEmail.every((row) => row.customer.email === one.customer.email)).toBe(true);
    const paid = (await get('/api/admin/orders?status=paid&pageSize=100')).json().rows as Row[];
    expect(paid.every((row) => row.status === 'paid')).toBe(true);
    const delivered = (await get('/api/admin/orders?fulfilment=delivered&pageSize=100')).json().rows as Row[];
    expect(delivered.every((row) => row.fulfilment === 'delivered')).toBe(true);
    const future = (
      await get(
        `/api/admin/orders?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`,
      )
    ).json();
    expect(future.rows).toEqual([]);
  });

  it('names bad input and refuses every change', async () => {
    expect((await get('/api/admin/orders?fulfilment=lost')).json().details[0].path).toContain('fulfilment');
    expect((await get('/api/admin/orders?query=a%00')).statusCode).toBe(400);
    expect((await get('/api/admin/orders?cursor=x.y')).statusCode).toBe(400);
    expect((await get('/api/admin/orders?sort=total')).statusCode).toBe(400);
    const [order] = (await get('/api/admin/orders?pageSize=1')).json().rows as Row[];
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      const response = await call(t, {
        method,
        url: `/api/admin/orders/${order!.id}`,
        cookie: developer,
        payload: {},
      });
      expect(response.statusCode).toBe(404);
    }
  });
});

describe('GET /api/admin/orders/:id', () => {
  it('opens the drawer: items, payment, refunds, timeline; the address only for view_pii', async () => {
    const [order] = (await get('/api/admin/orders?pageSize=1&fulfilment=delivered')).json().rows as Row[];
    await t.database.sql.query(
      `INSERT INTO payments (order_id, stripe_charge_id, amount_cents, status) VALUES ($1, 'ch_drawer_1', 1999, 'succeeded')`,
      [order!.id],
    );
    const forSupport = (await get(`/api/admin/orders/${order!.id}`)).json();
    expect(forSupport.items.length).toBeGreaterThan(0);
    expect(forSupport.items[0]).toMatchObject({ productId: null, sku: null, quantity: expect.any(Number) });
    expect(forSupport.payments[0]).toMatchObject({
      chargeId: 'ch_drawer_1',
      dashboardUrl: 'https://dashboard.stripe.com/test/payments/ch_drawer_1',
    });
    expect(forSupport.order.payment.chargeId).toBe('ch_drawer_1');
    expect(forSupport).toMatchObject({ shippingAddress: null, shippingHidden: true });
    const forDeveloper = (await get(`/api/admin/orders/${order!.id}`, developer)).json();
    expect(forDeveloper.shippingHidden).toBe(false);
    // An item that names a catalog product carries its SKU (the drawer links it into Products).
    const [product] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO products (sku, title, price, currency, stock) VALUES ('ORD-LINK-1', 'Linked mug', 12, 'usd', 3)
       RETURNING id::text AS id`,
    );
    await t.database.sql.query(
      `INSERT INTO order_items (order_id, product_id, title, quantity, unit_price) VALUES ($1, $2, 'Linked mug', 1, 12)`,
      [order!.id, product!.id],
    );
    const linked = (await get(`/api/admin/orders/${order!.id}`)).json().items;
    expect(linked).toContainEqual(expect.objectContaining({ productId: product!.id, sku: 'ORD-LINK-1' }));
    expect((await get('/api/admin/orders/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await get('/api/admin/orders/not-an-id')).statusCode).toBe(400);
  });
});
