import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoMembers(e2e.app.database, { members: 80 });
  await seedDemoCommunity(e2e.app.database, { people: 80, stones: 300, posts: 200 });
}, 180_000);

describe('Stones', () => {
  it('filters the inventory, opens a stone, generates a batch and prints its sheet', async () => {
    const { page } = await e2e.consolePage('super_admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/admin');
    await page.getByTestId('home-Stones').getByText('300 stones').waitFor();
    await themeShots(page, 'admin-home');
    await page.goto('/admin/stones?kind=pebble');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/stones');

    await page.getByLabel('Status').selectOption('activated');
    await expect.poll(() => page.url()).toContain('status=activated');
    const first = page.locator('tbody tr').first();
    await first.waitFor();
    await expect.poll(() => page.locator('tbody tr').filter({ hasText: 'stone' }).count()).toBe(0);
    await themeShots(page, 'stones');
    const code = (await first.locator('a').textContent())!;
    await first.locator('a').click();
    await page.getByRole('heading', { name: code }).waitFor();
    await page.getByText('Genesis traits').waitFor();
    await page
      .getByTestId('stone-timeline')
      .getByText(/Activated/)
      .waitFor();
    await themeShots(page, 'stone');

    await page.goto('/stones');
    await page.getByRole('button', { name: 'Generate QR' }).click();
    await page.getByLabel('How many (1–1,000)').fill('25');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/stones\/batches\/[0-9a-f-]+\/sheet$/);
    const images = page.locator('.qr-print-root img');
    await expect.poll(() => images.count()).toBe(25);
    await themeShots(page, 'sheet');

    // Printed to PDF by Chromium: 20 codes a page.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);

    // The first code on screen decodes back to the stone's code.
    const shown = page.locator('.qr-sheet').first().locator('figure').first();
    const png = PNG.sync.read(await shown.locator('img').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    const printed = (await shown.locator('figcaption').textContent())!;
    expect(decoded?.data).toBe(printed);
    const [stone] = await e2e.app.database.sql.query<{ kind: string }>(
      `SELECT kind FROM stones WHERE code = $1`,
      [printed],
    );
    expect(stone).toEqual({ kind: 'stone' });

    // The batch list reprints it.
    await page.goto('/stones?view=batches');
    await page.getByTestId('batch-row').first().getByRole('link', { name: 'Sheet' }).click();
    await expect.poll(() => images.count()).toBe(25);

    // 390 px: the table scrolls in its card.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/stones');
    await page.locator('tbody tr').first().waitFor();
    // The table is wider than the card: it scrolls inside it.
    const scroller = page
      .locator('tbody tr')
      .first()
      .locator('xpath=ancestor::div[contains(@class, "overflow-x-auto")][1]');
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await themeShots(page, 'stones');
  });
});
