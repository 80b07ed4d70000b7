import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

const e2e = setupConsole();

beforeAll(async () => {
  await seedDemoMembers(e2e.app.database, { members: 80 });
  await seedDemoCommunity(e2e.app.database, { people: 80, stones: 20, posts: 50 });
}, 180_000);

describe('People & Teams', () => {
  it('lists teams, opens the member drawer, filters Users by onboarding and shows a person’s teams', async () => {
    const { page } = await e2e.consolePage('support');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/teams');
    await page.getByLabel('Kind').selectOption('group');
    await expect.poll(() => page.url()).toContain('kind=group');
    // The filtered page has replaced the unfiltered one once no self-pair is left in the table.
    await expect.poll(() => page.locator('tbody').getByText('Self-pair').count()).toBe(0);
    await page.locator('tbody').getByText('Group').first().waitFor();
    const first = page.locator('tbody tr').first().getByRole('button');
    const name = (await first.textContent())!;
    await first.click();
    await page.getByRole('dialog', { name }).getByTestId('team-members').getByText('owner').waitFor();
    await themeShots(page, 'teams-drawer');
    await page.keyboard.press('Escape');

    await page.goto('/users?onboarding=self_pair');
    const row = page.locator('tbody tr').first();
    await row.getByText('self-pair').waitFor();
    await themeShots(page, 'users-teams');
    await row
      .getByText(/@demo-members/)
      .first()
      .click();
    await page.getByTestId('user-teams').getByText('Self-pair').waitFor();
    await themeShots(page, 'user-360-teams');
  });
});
