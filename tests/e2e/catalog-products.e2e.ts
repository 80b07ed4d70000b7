import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/server/demo/catalog.ts';
import { setupConsole, tickerItems } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoCatalog(e2e.app.database, { products: 60, submissions: 6, searchQueries: 50 });
});

/** Light and dark pictures of the page as it is, for a person to look at (not compared). */

const policy = async (sku: string) =>
  (
    await e2e.app.database.sql.query<{ on: boolean }>(
      'SELECT continue_selling_when_out_of_stock AS on FROM products WHERE sku = $1',
      [sku],
    )
  )[0]?.on;

describe('Products tab', () => {
  it('filters by the low-stock card, toggles ContinueWhenOOS on a row and in bulk', async () => {
    const { page } = await e2e.consolePage('admin');
    await page.goto('/products');
    const rows = page.getByTestId('product-row');
    await rows.first().waitFor();
    await themeShots(page, 'products');

    // The card's filter: the URL says so, and every row left is low on stock.
    await page.getByTestId('low-stock-card').click();
    await page.waitForURL(/stock=low/);
    await expect.poll(async () => (await rows.allTextContents()).length).toBeGreaterThan(0);
    const low = await e2e.app.database.sql.query<{ sku: string }>(
      `SELECT sku FROM products WHERE stock BETWEEN 1 AND 5 ORDER BY sku`,
    );
    await expect
      .poll(async () =>
        (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-sku')))).sort(),
      )
      .toEqual(low.map((row) => row.sku));
    await page.getByTestId('low-stock-card').click();
    await page.waitForURL((url) => !url.search.includes('stock=low'));

    // One row's switch.
    const first = rows.first();
    const sku = (await first.getAttribute('data-sku'))!;
    const before = await policy(sku);
    await first.getByRole('switch').click();
    await expect.poll(() => first.getByRole('switch').getAttribute('aria-checked')).toBe(String(!before));
    expect(await policy(sku)).toBe(!before);
    // The change is in the Live Activity ticker.
    await tickerItems(page, 'product.oos_policy_changed').first().waitFor();

    // Bulk: three rows on, with per-row results.
    const picked = await rows.evaluateAll((els) => els.slice(1, 4).map((el) => el.getAttribute('data-sku')!));
    for (const each of picked) await page.getByLabel(`Select ${each}`).check();
    await page.getByTestId('products-bulk-bar').getByRole('button', { name: 'ContinueWhenOOS on' }).click();
    await page.getByTestId('bulk-results').waitFor();
    await expect.poll(async () => Promise.all(picked.map(policy))).toEqual([true, true, true]);
    const events = await e2e.app.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'product.oos_policy_changed'`,
    );
    expect(events[0]!.n).toBeGreaterThanOrEqual(1);

    await page.setViewportSize({ width: 390, height: 844 });
    await rows.first().waitFor();
    await themeShots(page, 'products');
    // The table scrolls inside its card.
    const wrapper = page.getByTestId('products-table').locator('..');
    expect(await wrapper.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
