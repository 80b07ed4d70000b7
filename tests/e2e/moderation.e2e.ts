import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole, tickerItems } from '../support/console.ts';
import { shot } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoMembers(e2e.app.database, { members: 60 });
  await seedDemoCommunity(e2e.app.database, { people: 60, stones: 20, posts: 200 });
}, 180_000);

describe('Moderation queue', () => {
  it('hides, restores, dismisses and suspends the author, each seen in Live Activity', async () => {
    const { page } = await e2e.consolePage('super_admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/moderation');
    const items = page.getByTestId('queue-item');
    await items.first().waitFor();
    await shot(page, 'moderation-1440-light');

    const first = items.first();
    await first.getByRole('button', { name: 'Read post' }).click();
    await page.getByTestId('post-text').waitFor();
    await page.keyboard.press('Escape');
    await tickerItems(page, 'post.viewed').first().waitFor();

    await first.getByRole('button', { name: 'Hide' }).click();
    await tickerItems(page, 'post.hidden').first().waitFor();
    await first.getByRole('button', { name: 'Restore' }).click();
    await tickerItems(page, 'post.restored').first().waitFor();

    const openFlags = page.getByTestId('open-flags');
    const before = (await openFlags.textContent())!;
    await items.nth(1).getByRole('button', { name: 'Dismiss' }).click();
    await tickerItems(page, 'post.flags_dismissed').first().waitFor();

    const suspendable = items.filter({ has: page.getByRole('button', { name: 'Suspend author…' }) }).first();
    await suspendable.getByRole('button', { name: 'Suspend author…' }).click();
    await page.getByLabel('Reason (required)').fill('Repeated harassment');
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await tickerItems(page, 'user.suspended').first().waitFor();
    await expect.poll(() => openFlags.textContent()).not.toBe(before);
    await shot(page, 'moderation-1440-after');
  });
});
