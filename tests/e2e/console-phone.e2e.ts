import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';
import { seedMember } from '../support/factories.ts';

const e2e = setupConsole();

describe('the console at phone width (390 px)', () => {
  it('opens every tab from the navigation drawer without the page growing sideways', async () => {
    await seedMember(e2e.app, { lastIp: '203.0.113.5' });
    const { page } = await e2e.consolePage('super_admin');
    await page.setViewportSize({ width: 390, height: 844 });

    // The side bar folds away; the top bar keeps Sign out in view.
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

    for (const tab of ['Missions', 'Actions', 'Users', 'Audit', 'System', 'Overview']) {
      await page.getByRole('button', { name: 'Open navigation' }).click();
      const drawer = page.getByRole('dialog', { name: 'Mission Control' });
      await drawer.getByRole('link', { name: tab, exact: true }).click();
      await drawer.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: tab }).waitFor();
      // Wide tables scroll inside their card: the page itself never scrolls sideways.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    }

    // A wide table scrolls in its region with its first column pinned.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('dialog', { name: 'Mission Control' }).getByRole('link', { name: 'Users' }).click();
    const region = page.getByRole('region', { name: 'Members' });
    await region.getByTestId('user-row').first().waitFor();
    const widths = await region.evaluate((element) => [element.clientWidth, element.scrollWidth]);
    expect(widths[1]).toBeGreaterThan(widths[0]!);
    const pinned = region.locator('tbody tr:first-child td:first-child');
    const before = await pinned.boundingBox();
    await region.evaluate((element) => element.scrollBy(300, 0));
    await expect.poll(async () => (await pinned.boundingBox())?.x).toBe(before?.x);
  });
});
