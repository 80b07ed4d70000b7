import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole, tickerItems } from '../support/console.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoMembers(e2e.app.database, { members: 60 });
  await seedDemoCommunity(e2e.app.database, { people: 60, stones: 20, posts: 50 });
}, 180_000);

describe('Campaigns', () => {
  it('moves a campaign staged → active → closed and refuses a stale move', async () => {
    const { page } = await e2e.consolePage('super_admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/campaigns?status=staged');
    const row = page.getByTestId('campaign-row').first();
    const title = (await row.locator('td').first().textContent())!;
    const team = (await row.locator('td').nth(1).textContent())!;
    const mine = page
      .getByTestId('campaign-row')
      .filter({ hasText: title })
      .filter({ hasText: team })
      .first();
    await mine.getByRole('button', { name: 'Activate' }).click();
    await page.getByText(`${title}: active`).waitFor();
    await tickerItems(page, 'campaign.activated').first().waitFor();

    await page.getByLabel('Status').selectOption('active');
    await mine.getByRole('button', { name: 'Close' }).waitFor();
    // Someone else closes it meanwhile: this page still offers Close with the old version.
    await e2e.app.database.sql.query(
      `UPDATE campaigns SET status = 'closed', closed_at = now(), version = version + 1
        WHERE id = (SELECT c.id FROM campaigns c JOIN teams t ON t.id = c.team_id
                     WHERE c.title = $1 AND t.name = $2 AND c.status = 'active' LIMIT 1)`,
      [title, team],
    );
    await mine.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Someone moved it first: it is closed now').waitFor();
    await expect.poll(() => mine.count()).toBe(0);

    // 390 px: the table scrolls inside its card.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/campaigns');
    await page.getByTestId('campaign-row').first().waitFor();
    // The table is wider than the card: it scrolls inside it.
    const scroller = page
      .getByTestId('campaign-row')
      .first()
      .locator('xpath=ancestor::div[contains(@class, "overflow-x-auto")][1]');
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
