import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createMember } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';
import { signInThroughApi } from '../support/sign-in.ts';

const e2e = setupConsole();

const shots = (page: Page, name: string) => themeShots(page, name, [1440, 390]);

async function grant(page: Page, userId: string, amount: string) {
  const card = page.getByTestId('action-grant-tokens');
  await card.getByLabel('Member (email, name or id)').fill(userId);
  await card.getByLabel('Amount').fill(amount);
  await card.getByLabel('Reason').fill('helped in the forum');
  await card.getByRole('button', { name: 'Preview' }).click();
  await card.getByTestId('grant-preview').waitFor();
  await card.getByRole('button', { name: 'Commit grant' }).click();
}

describe('Actions on the board', () => {
  it('a grant from the Actions panel appears on the board as a card in Shipped', async () => {
    const member = await createMember(e2e.app);
    const { page } = await e2e.consolePage('admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/actions');
    await page.getByTestId('actions-board-rule').getByText('recorded on the Missions board').waitFor();
    await grant(page, member.userId, '40');
    await page.getByText(`Granted 40 tokens to ${member.email}`).first().waitFor();

    await page.goto('/missions');
    const shipped = page.getByTestId('column-SHIPPED');
    const card = shipped
      .getByTestId('mission-card')
      .filter({ hasText: `Granted 40 tokens to ${member.email}` });
    await card.waitFor();
    await card.getByText(`Granted 40 tokens to ${member.email}`).click();
    const drawer = page.getByTestId('mission-drawer');
    await drawer
      .getByTestId('mission-actions-done')
      .getByText(`Granted 40 tokens to ${member.email}`)
      .waitFor();
    await shots(page, 'shipped-card-drawer');
  });

  it('a grant made for a card joins that card’s timeline', async () => {
    const member = await createMember(e2e.app);
    const [mission] = await e2e.app.database.sql.query<{ id: string }>(
      `INSERT INTO missions (title, priority) VALUES ('Reward the helpful members', 'high') RETURNING id::text AS id`,
    );
    const { page } = await e2e.consolePage('admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/missions?mission=${mission!.id}`);
    const drawer = page.getByTestId('mission-drawer');
    await drawer.getByText('Nothing done from this card yet.').waitFor();
    await drawer.getByRole('link', { name: 'Act on this card' }).click();
    const rule = page.getByTestId('actions-board-rule');
    await rule.getByText('Reward the helpful members').waitFor();
    await shots(page, 'actions-for-card');
    await grant(page, member.userId, '30');
    await page.getByText(`Granted 30 tokens to ${member.email}`).first().waitFor();

    await rule.getByRole('link', { name: 'Open the card' }).click();
    await page
      .getByTestId('mission-drawer')
      .getByTestId('mission-actions-done')
      .getByText(`Granted 30 tokens to ${member.email}`)
      .waitFor();
    const cards = await e2e.app.database.sql.query(`SELECT 1 FROM missions WHERE title LIKE $1`, [
      `Granted 30 tokens to%`,
    ]);
    expect(cards).toHaveLength(0);
  });

  it('User 360 shows a member’s sign-in throttles and staff clear them', async () => {
    const member = await createMember(e2e.app);
    for (let i = 0; i < 6; i += 1)
      await signInThroughApi(e2e.app, { email: member.email, password: 'a wrong password here' });
    const { page } = await e2e.consolePage('admin');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/users?user=${member.userId}`);
    const section = page.getByRole('region', { name: /Sign-in throttles/ });
    await section.getByTestId('user-360-throttle').first().waitFor();
    expect(await section.getByTestId('user-360-throttle').count()).toBe(2);
    await section.getByRole('heading', { name: 'Sign-in throttles (1 waiting)' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await shots(page, 'user-360-throttles');
    await section.getByRole('button', { name: 'Clear' }).click();
    await section.getByText('nothing holds this member back').waitFor();
    const [event] = await e2e.app.database.sql.query<{ subject_id: string }>(
      `SELECT subject_id FROM events WHERE type = 'user.signin_throttles_cleared' AND subject_id = $1`,
      [member.userId],
    );
    expect(event).toBeDefined();
  });
});
