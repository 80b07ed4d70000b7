import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { call, createMember, staffCookie } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

// Issue 13 item 15: Ctrl-K searches members, missions, products and stones, and opens what it finds,
// from the keyboard alone.
const e2e = setupConsole();
let stone: { id: string; code: string };
let memberId: string;
let missionId: string;

beforeAll(async () => {
  const t = e2e.app;
  await seedDemoCommunity(t.database, { people: 5, stones: 5, posts: 0 });
  [stone] = (await t.database.sql.query<{ id: string; code: string }>(
    'SELECT id::text AS id, code FROM stones ORDER BY code LIMIT 1',
  )) as [{ id: string; code: string }];
  memberId = (await createMember(t)).userId;
  await t.database.sql.query(
    `UPDATE users SET name = 'Zephyrine Quill', first_name = 'Zephyrine', last_name = 'Quill' WHERE id = $1`,
    [memberId],
  );
  const { cookie } = await staffCookie(t, 'admin');
  const mission = await call(t, {
    method: 'POST',
    url: '/api/admin/missions',
    cookie,
    payload: { title: 'Zephyr outage' },
  });
  missionId = mission.json().mission.id;
  await call(t, {
    method: 'POST',
    url: '/api/admin/products',
    cookie,
    payload: { sku: 'ZEPH-1', title: 'Zephyr mug', price: '12' },
  });
  await t.database.sql.query(
    'UPDATE products SET search_vector = catalog_search_vector(title, sku, description)',
  );
}, 120_000);

/** Ctrl-K, type, wait for the result, Enter on it: the keyboard alone. */
async function searchAndOpen(page: Page, text: string, testId: string) {
  // The console listens for Ctrl-K once it is on screen.
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.keyboard.press('Control+k');
  const input = page.locator('[cmdk-input]');
  await input.waitFor();
  await input.fill(text);
  // The results of this text, not those of the previous search still on screen.
  await page.locator('[cmdk-list][aria-busy="false"]').waitFor();
  const hit = page.getByTestId(testId).first();
  await hit.waitFor();
  // Move the selection onto the first hit of the group, then open it.
  for (let step = 0; step < 20 && (await hit.getAttribute('data-selected')) !== 'true'; step += 1) {
    await page.keyboard.press('ArrowDown');
  }
  return hit;
}

describe('Ctrl-K search', () => {
  it('finds a member, a mission, a product and a stone, and opens each', async () => {
    const { page } = await e2e.consolePage('admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');

    await searchAndOpen(page, 'zephyr', 'search-hit-members');
    await page.getByTestId('search-hit-missions').first().waitFor();
    await page.getByTestId('search-hit-products').first().waitFor();
    await themeShots(page, 'palette-results');
    await page.keyboard.press('Enter');
    await page.getByTestId('user-360').waitFor();
    expect(page.url()).toContain(`user=${memberId}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('user-360').waitFor({ state: 'detached' });

    await searchAndOpen(page, 'zephyr', 'search-hit-missions');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`mission=${missionId}`);
    await page.getByTestId('mission-drawer').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('mission-drawer').waitFor({ state: 'detached' });

    await searchAndOpen(page, 'ZEPH-1', 'search-hit-products');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('/products');
    await page.getByText('Zephyr mug').first().waitFor();

    await searchAndOpen(page, stone.code.slice(0, 6).toLowerCase(), 'search-hit-stones');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`/stones/${stone.id}`);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('stone-page').or(page.locator('main h1')).first().waitFor();
    await page.keyboard.press('Control+k');
    await page.locator('[cmdk-input]').fill('zephyr');
    await page.getByTestId('search-hit-members').first().waitFor();
    await themeShots(page, 'palette-results');
    await page.keyboard.press('Escape');
    await page.locator('[cmdk-input]').waitFor({ state: 'detached' });
  });

  it('shows a moderator no products group', async () => {
    const { page } = await e2e.consolePage('moderator');
    await page.goto('/');
    await searchAndOpen(page, 'zephyr', 'search-hit-members');
    expect(await page.getByTestId('search-hit-products').count()).toBe(0);
    // Escape closes the palette and gives the page back.
    await page.keyboard.press('Escape');
    await page.locator('[cmdk-input]').waitFor({ state: 'detached' });
  });
});
