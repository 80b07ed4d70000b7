import { describe, expect, it } from 'vitest';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';

describe('Orders panel', () => {
  const e2e = setupConsole();

  it('searches by number, filters by fulfilment, and opens the read-only drawer', async () => {
    await seedDemoMembers(e2e.app.database, { members: 40, seed: 'orders-e2e' });
    const [order] = await e2e.app.database.sql.query<{ id: string; number: string }>(
      `SELECT id::text AS id, number FROM orders WHERE fulfilment = 'delivered' ORDER BY number LIMIT 1`,
    );
    await e2e.app.database.sql.query(
      `INSERT INTO payments (order_id, stripe_charge_id, amount_cents, status) VALUES ($1, 'ch_e2e_order', 2599, 'succeeded')`,
      [order!.id],
    );
    const [product] = await e2e.app.database.sql.query<{ id: string }>(
      `INSERT INTO products (sku, title, price, currency, stock, search_vector)
       VALUES ('E2E-MUG-1', 'E2E mug', 12, 'usd', 3, catalog_search_vector('E2E mug', 'E2E-MUG-1', ''))
       RETURNING id::text AS id`,
    );
    await e2e.app.database.sql.query(
      `INSERT INTO order_items (order_id, product_id, title, quantity, unit_price) VALUES ($1, $2, 'E2E mug', 1, 12)`,
      [order!.id, product!.id],
    );
    const { page } = await e2e.consolePage('support');
    await page.goto('/orders');
    await expect.poll(() => page.getByTestId('order-row').count()).toBeGreaterThan(5);

    await page.getByLabel('Fulfilment').selectOption('delivered');
    await expect.poll(() => page.url()).toContain('fulfilment=delivered');
    await page.getByLabel('Search orders').fill(order!.number);
    await page.getByLabel('Search orders').press('Enter');
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
    await page.getByTestId('order-row').first().getByText(order!.number).click();

    const drawer = page.getByTestId('order-drawer');
    await drawer.getByText('ch_e2e_order').waitFor();
    await drawer.getByText('delivered').first().waitFor();
    await drawer.getByText('Hidden: addresses need the view_pii permission.').waitFor();
    expect(page.url()).toContain(`order=${order!.id}`);
    // Read-only: nothing in the drawer changes the order.
    expect(await drawer.getByRole('button').count()).toBe(0);
    // The item's product opens the Products tab, found by its SKU.
    await drawer.getByRole('link', { name: 'E2E-MUG-1' }).click();
    await expect.poll(() => page.url()).toContain('/products?query=E2E-MUG-1');
    await page.getByText('E2E mug').first().waitFor();
    await page.goBack();
    await drawer.getByText('ch_e2e_order').waitFor();

    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('order-row').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
