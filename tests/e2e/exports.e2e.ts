import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

/** Every list exports what it shows (platform/export.ts); here Orders, filtered, as a person does it. */
describe('List exports', () => {
  const e2e = setupConsole();

  it('downloads the filtered Orders list as CSV with the rows the API lists for that filter', async () => {
    await seedDemoMembers(e2e.app.database, { members: 60, seed: 'exports-e2e' });
    const { page } = await e2e.consolePage('support');
    await page.goto('/orders');
    await expect.poll(() => page.getByTestId('order-row').count()).toBeGreaterThan(5);
    await page.getByLabel('Status').selectOption('paid');
    await expect.poll(() => page.url()).toContain('status=paid');
    await expect.poll(() => page.getByTestId('orders-export').getAttribute('href')).toContain('status=paid');
    await themeShots(page, 'orders-export', [1440, 390]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('orders-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mission-control-orders-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split('\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['id', 'number', 'customerEmail', 'status']);

    // The API's list for the same filter, every page, as the table loads it.
    const api = await page.evaluate(async () => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/admin/orders?status=paid&pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const body = (await (await fetch(url)).json()) as {
          rows: { id: string }[];
          nextCursor: string | null;
        };
        ids.push(...body.rows.map((row) => row.id));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.split(',')[0])).toEqual(api);
    expect(lines.every((line) => line.split(',')[3] === 'paid')).toBe(true);

    const [event] = await e2e.app.database.sql.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM events WHERE type = 'export.created' ORDER BY id DESC LIMIT 1`,
    );
    expect(event?.payload).toEqual({ list: 'orders', format: 'csv', filter: { status: 'paid' } });
  });
});
