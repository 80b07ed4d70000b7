import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/server/demo/catalog.ts';
import { setupConsole } from '../support/console.ts';
import { shot } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoCatalog(e2e.app.database, { products: 60, submissions: 0, searchQueries: 0 });
});

const productsIn = async (slugs: string[]) =>
  (
    await e2e.app.database.sql.query<{ n: number }>(
      `SELECT count(DISTINCT pc.product_id)::int AS n FROM product_categories pc
         JOIN categories c ON c.id = pc.category_id WHERE c.slug = ANY($1)`,
      [slugs],
    )
  )[0]!.n;

describe('Categories tab', () => {
  it('sorts by ProductsCount and merges two categories into a third', async () => {
    const { page } = await e2e.consolePage('developer');
    await page.goto('/categories');
    const rows = page.getByTestId('category-row');
    await rows.first().waitFor();
    await page.getByRole('button', { name: 'ProductsCount' }).click();
    await page.waitForURL(/sort=products%3Adesc|sort=products:desc/);
    const counts = async () => (await page.getByTestId('category-count').allTextContents()).map(Number);
    await expect
      .poll(async () => {
        const values = await counts();
        return values.every((value, index) => index === 0 || values[index - 1]! >= value);
      })
      .toBe(true);
    await shot(page, 'categories-1440-light');

    const expected = await productsIn(['apparel', 'drinkware', 'audio']);
    await page.getByRole('button', { name: 'Merge categories' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge categories' });
    await dialog.getByLabel('Drinkware').check();
    await dialog.getByLabel('Audio').check();
    await dialog.getByLabel('Into').selectOption({ label: 'Apparel' });
    await shot(page, 'categories-merge-1440-light');
    await dialog.getByRole('button', { name: /^Merge/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await rows.allTextContents()).some((text) => text.includes('Drinkware')))
      .toBe(false);
    const apparel = rows.filter({ hasText: 'Apparel' });
    await expect
      .poll(async () => Number(await apparel.getByTestId('category-count').textContent()))
      .toBe(expected);
    const merged = await e2e.app.database.sql.query<{ payload: { moved: number } }>(
      `SELECT payload FROM events WHERE type = 'category.merged'`,
    );
    expect(merged).toHaveLength(1);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    // Loaded afresh in dark: Chromium can keep a light colour inherited before the switch on a few
    // elements of a page that stays open (a table header's buttons), which axe then reports.
    await page.reload();
    await rows.first().waitFor();
    await shot(page, 'categories-390-dark');
  });
});
