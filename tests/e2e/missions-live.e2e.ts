import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, createStaff, sessionCookie } from '../support/app.ts';
import { setupConsole, streamStatus } from '../support/console.ts';

const e2e = setupConsole();
/** The support console, kept open for the second test. */
let watcher: Page | undefined;

const card = (page: Page, status: string, title: string) =>
  page.getByTestId(`column-${status}`).getByTestId('mission-card').filter({ hasText: title });

/**
 * Moves a card one column right with the keyboard: lift, move, drop. Each key waits until the board
 * has said the step before aloud (its live region for screen readers): the drag has really started,
 * then the card really stands over the next column.
 */
async function moveRight(page: Page, handle: Locator) {
  const announcement = page.locator('[id^="rfd-announcement-"]').last();
  const said = () => announcement.textContent();
  await handle.focus();
  await page.keyboard.press('Space');
  await expect.poll(said).toContain('You have lifted an item');
  await page.keyboard.press('ArrowRight');
  await expect.poll(said).toMatch(/You have moved the item from position \d+\s+in list/);
  await page.keyboard.press('Space');
}

describe('Missions board', () => {
  it('shows a card moved in one console in the other within seconds, without a reload', async () => {
    const admin = await createStaff(e2e.app, 'admin');
    const support = await createStaff(e2e.app, 'support');
    const title = `Checkout 500s ${Date.now()}`;
    const created = await call(e2e.app, {
      method: 'POST',
      url: '/api/admin/missions',
      cookie: await sessionCookie(e2e.app, admin.userId),
      payload: { title, priority: 'high' },
    });
    expect(created.statusCode, created.body).toBe(200);

    watcher = (await e2e.consolePage(support)).page;
    await watcher.goto('/missions');
    await streamStatus(watcher, 'live').waitFor();
    await card(watcher, 'DETECTED', title).waitFor();

    const { page: mover } = await e2e.consolePage(admin);
    await mover.goto('/missions');
    await moveRight(mover, card(mover, 'DETECTED', title).getByTestId('mission-drag-handle'));
    await card(mover, 'INVESTIGATING', title).waitFor();

    // The other console: the move arrives over the Live Activity stream, no reload.
    await card(watcher, 'INVESTIGATING', title).waitFor({ timeout: 5_000 });
    expect(await card(watcher, 'DETECTED', title).count()).toBe(0);

    const [row] = await e2e.app.database.sql.query<{ status: string; version: number }>(
      `SELECT status, version FROM missions WHERE title = $1`,
      [title],
    );
    expect(row).toMatchObject({ status: 'INVESTIGATING', version: 2 });
  });

  it('shows the current card and says so when someone moved it first (409)', async () => {
    const page = watcher!;
    const [row] = await e2e.app.database.sql.query<{ title: string }>(
      `UPDATE missions SET status = 'SHIPPED', version = version + 1, updated_at = now()
        WHERE status = 'INVESTIGATING' RETURNING title`,
    );
    // This page still shows the card in Investigating (a direct write sends no event).
    const stale = card(page, 'INVESTIGATING', row!.title);
    await stale.waitFor();
    await moveRight(page, stale.getByTestId('mission-drag-handle'));
    await page
      .getByText(/Someone moved this first/)
      .first()
      .waitFor();
    await card(page, 'SHIPPED', row!.title).waitFor();
    expect(await card(page, 'FIXING', row!.title).count()).toBe(0);
  });
});
