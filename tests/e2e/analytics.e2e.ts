import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/server/demo/catalog.ts';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

const e2e = setupConsole();
/** Set SHOTS_DIR to keep screenshots of the tab in both themes at both widths (for looking at). */
const SHOTS = Boolean(process.env.SHOTS_DIR?.trim());

/** Sign-ups, sign-ins, orders and payments spread over the last 40 days (most of them long ago). */
async function seedActivity() {
  await e2e.app.database.sql.exec(`
    INSERT INTO users (email, name, created_at)
    SELECT 'analytics-e2e-' || i || '@example.test', 'Member ' || i,
           now() - (i % 40) * interval '1 day' - (i % 7) * interval '1 hour'
      FROM generate_series(1, 120) i;
    INSERT INTO login_events (user_id, provider, method, success, created_at)
    SELECT u.id, 'password', 'signin', (g % 6) <> 0, now() - (g % 30) * interval '1 day' - (g % 5) * interval '1 hour'
      FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE 'analytics-e2e-%') u
      CROSS JOIN LATERAL generate_series(u.n, u.n + 3) g;
    WITH o AS (
      INSERT INTO orders (number, total, created_at)
      SELECT 'E2E-' || i, 20 + i % 50, now() - (i % 30) * interval '1 day' FROM generate_series(1, 60) i
      RETURNING id, total, created_at)
    INSERT INTO payments (order_id, stripe_charge_id, amount_cents, created_at)
    SELECT id, 'ch_e2e_' || id, (total * 100)::int, created_at FROM o;`);
}

/** Both themes of the page as it is now, whole page, only when SHOTS_DIR is set. */
const shoot = (page: Page, name: string) => themeShots(page, name, undefined, { fullPage: true });

const tileValue = (page: Page, key: string) =>
  page.getByTestId(`tile-${key}`).locator('p').nth(1).textContent();

describe('Analytics tab', () => {
  it('switches ranges, shows tiles and charts, and drills into the filtered Users list', async () => {
    await seedActivity();
    const { page } = await e2e.consolePage('moderator');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto('/analytics');
    await page.getByTestId('chart-users').locator('svg.recharts-surface').first().waitFor();
    await expect.poll(() => page.getByTestId('analytics-window').textContent()).toContain('per day');
    const weekSignups = await tileValue(page, 'signups');
    await shoot(page, 'analytics-7d');

    await page.getByRole('button', { name: '30 days' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('30d');
    await expect.poll(() => tileValue(page, 'signups')).not.toBe(weekSignups);

    await page.getByRole('button', { name: 'Today' }).click();
    await expect.poll(() => page.getByTestId('analytics-window').textContent()).toContain('per hour');

    // The table view of a chart: the same numbers, for a screen reader or a keyboard.
    await page.getByRole('button', { name: '30 days' }).click();
    await page.getByTestId('chart-orders').getByRole('button', { name: 'Table' }).click();
    await expect.poll(() => page.getByTestId('chart-orders').locator('tbody tr').count()).toBe(30);

    // Drill-down: the sign-ups tile opens Users filtered to the same window.
    await page.getByTestId('tile-signups').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/users');
    const url = new URL(page.url());
    expect(url.searchParams.get('joinedFrom')).toBeTruthy();
    expect(url.searchParams.get('joinedTo')).toBeTruthy();
    await page
      .getByText(/analytics-e2e-/)
      .first()
      .waitFor();

    // Export the filtered list: the CSV holds exactly the rows the API lists for the same filter.
    const href = (await page.getByTestId('users-export').getAttribute('href'))!;
    expect(href).toContain('joinedFrom=');
    const compared = await page.evaluate(async (exportHref) => {
      const csv = await (await fetch(exportHref)).text();
      const listHref = `${exportHref.replace('/export', '')}&pageSize=100`;
      const list = (await (await fetch(listHref)).json()) as { rows: { id: string }[] };
      const ids = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
      return { csv: ids, api: list.rows.map((row) => row.id) };
    }, href);
    expect(compared.csv.length).toBeGreaterThan(0);
    expect(compared.csv).toEqual(compared.api);

    // Phone width: the page fits its column, nothing wider than it.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/analytics?range=7d');
    await page.getByTestId('chart-users').locator('svg.recharts-surface').first().waitFor();
    const overflow = await page
      .getByTestId('analytics-page')
      .evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shoot(page, 'analytics-7d');
  });

  it('shows the shop and the community, and drills low stock into the filtered Products list', async () => {
    await seedDemoMembers(e2e.app.database, { members: 80, seed: 'analytics-shop' });
    await seedDemoCatalog(e2e.app.database);
    await seedDemoCommunity(e2e.app.database, { people: 80, stones: 60, posts: 120 });
    const { page } = await e2e.consolePage('admin');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto('/analytics?range=30d');
    await page.getByTestId('chart-posts').locator('svg.recharts-surface').first().waitFor();
    await page.getByTestId('chart-activation').locator('svg.recharts-surface').first().waitFor();
    await page.getByTestId('analytics-search-terms').getByRole('link').first().waitFor();
    await expect.poll(() => tileValue(page, 'searches')).not.toBe('0');
    // Tall viewports: the console scrolls inside its main column, so a full-page shot would stop short.
    if (SHOTS) await page.setViewportSize({ width: 1440, height: 2600 });
    await shoot(page, 'analytics-shop-30d');
    await page.setViewportSize({ width: 390, height: SHOTS ? 5200 : 844 });
    await page.getByTestId('analytics-search-terms').getByRole('link').first().waitFor();
    const overflow = await page
      .getByTestId('analytics-page')
      .evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shoot(page, 'analytics-shop-30d');

    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.getByTestId('tile-low_stock').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/products');
    expect(new URL(page.url()).searchParams.get('stock')).toBe('low');
    await page.getByTestId('products-export').waitFor();
    expect(await page.getByTestId('products-export').getAttribute('href')).toContain('stock=low');
  });

  it.runIf(SHOTS)('pictures elsewhere, for looking at (SHOTS_DIR only)', async () => {
    const { page } = await e2e.consolePage('super_admin');
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto('/');
      await page.getByTestId('glance-orders').locator('svg').first().waitFor();
      await shoot(page, 'overview');
      await page.goto('/system');
      await page.getByTestId('system-last-hour').locator('svg.recharts-surface').first().waitFor();
      await shoot(page, 'system');
      const [member] = await e2e.app.database.sql.query<{ id: string }>(
        `SELECT user_id AS id FROM login_events WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC LIMIT 1`,
      );
      await page.goto(`/users?user=${member!.id}`);
      await page.getByTestId('user-360-sign-ins-chart').locator('svg.recharts-surface').first().waitFor();
      await shoot(page, 'user-360');
    }
  });
});
