import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/server/demo/catalog.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

/** ADMIN_ENHANCED (seed 001 §8): one switch in System → Settings hides and restores the seed's new blocks. */
const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoMembers(e2e.app.database, { members: 30 });
  await seedDemoCatalog(e2e.app.database, { products: 20, submissions: 3, searchQueries: 10 });
}, 180_000);

const shots = (page: Page, name: string) => themeShots(page, name, [1440, 390]);

const header = (page: Page, name: string) => page.getByRole('columnheader', { name, exact: true });

describe('ADMIN_ENHANCED', () => {
  it('off hides the new blocks on every open console without a reload; on brings them back', async () => {
    const { page: dev } = await e2e.consolePage('developer');
    const { page: watcher } = await e2e.consolePage('admin');
    await dev.setViewportSize({ width: 1440, height: 900 });
    await watcher.setViewportSize({ width: 1440, height: 900 });

    await watcher.goto('/users');
    await header(watcher, 'Last IP').waitFor();
    await watcher.getByLabel('Provider').waitFor();

    await dev.goto('/system');
    await dev.getByTestId('health-checks').waitFor();
    const toggle = dev.getByRole('switch', { name: 'Enhanced console' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await shots(dev, 'system-on');

    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    // This console: the health, slow-query and settings cards go; the switch stays to turn it back on.
    await dev.getByTestId('health-checks').waitFor({ state: 'detached' });
    await dev.getByTestId('system-settings').waitFor({ state: 'detached' });
    await dev.getByText('Environment').first().waitFor();
    await shots(dev, 'system-off');
    // The other console hears the setting on the live stream: no reload.
    await header(watcher, 'Last IP').waitFor({ state: 'detached' });
    await watcher.getByLabel('Provider').waitFor({ state: 'detached' });
    await header(watcher, 'Email').waitFor();
    await shots(watcher, 'users-off');

    // The other tabs while off.
    await watcher.getByTestId('user-row').first().click();
    const drawer = watcher.getByRole('dialog');
    await drawer.getByText('Account').first().waitFor();
    await expect.poll(() => drawer.getByText('Sessions', { exact: true }).count()).toBe(0);
    await watcher.keyboard.press('Escape');
    await watcher.goto('/products');
    await watcher.getByTestId('product-row').first().waitFor();
    await expect.poll(() => watcher.getByTestId('low-stock-card').count()).toBe(0);
    await expect.poll(() => header(watcher, 'ContinueWhenOOS').count()).toBe(0);
    await dev.goto('/stripe');
    await dev.getByTestId('stripe-enhanced-off').waitFor();
    await dev.goto('/categories');
    await dev.getByTestId('category-row').first().waitFor();
    await expect.poll(() => dev.getByRole('button', { name: 'Merge categories' }).count()).toBe(0);

    // On again, from System: the Products tab open on the other console gets its blocks back live.
    await dev.goto('/system');
    const again = dev.getByRole('switch', { name: 'Enhanced console' });
    await again.click();
    await expect.poll(() => again.getAttribute('aria-checked')).toBe('true');
    await dev.getByTestId('health-checks').waitFor();
    await watcher.getByTestId('low-stock-card').waitFor();
    await header(watcher, 'ContinueWhenOOS').waitFor();
    await shots(watcher, 'products-on');
  });
});
