import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createStaff } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';

let b: BrowserApp;
let page: Page | undefined;
beforeAll(async () => {
  b = await startBrowserApp();
});
afterAll(async () => b?.close());
screenshotFailures(() => page, 'health-pulse');

async function seedStuckCourse(slug: string, stuck: number) {
  const [course] = await b.database.sql.query<{ id: string }>(
    `INSERT INTO courses (slug, title) VALUES ($1, $2) RETURNING id`,
    [slug, `Course ${slug}`],
  );
  for (let i = 0; i < stuck; i++) {
    const member = await createMember(b);
    await b.database.sql.query(
      `INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at) VALUES ($1, $2, now() - interval '30 days', now() - interval '12 days')`,
      [member.userId, course!.id],
    );
  }
}

describe('Health Pulse from the Actions panel', () => {
  it('previews, runs, opens a card on the board and shows mission.created in the ticker', async () => {
    await seedStuckCourse('e2e-stuck', 5);
    const support = await createStaff(b, 'support');
    page = await b.newPage();
    await signInSteppedUp(page, support);
    await page.getByRole('link', { name: 'Actions' }).first().click();
    const pulse = page.getByTestId('action-health-pulse');

    await pulse.getByRole('button', { name: 'Preview' }).click();
    await pulse
      .getByTestId('pulse-preview')
      .filter({ hasText: '5 students stuck in Course e2e-stuck' })
      .waitFor();
    expect(await b.database.sql.query(`SELECT 1 FROM missions`)).toHaveLength(0);

    await pulse.getByRole('button', { name: 'Run' }).click();
    const link = pulse
      .getByTestId('pulse-result')
      .getByRole('link', { name: '5 students stuck in Course e2e-stuck' });
    await link.waitFor();
    await page
      .getByTestId('ticker-item')
      .filter({ hasText: 'mission.created' })
      .first()
      .waitFor({ timeout: 5_000 });

    await link.click();
    await page
      .getByTestId('column-DETECTED')
      .getByTestId('mission-card')
      .filter({ hasText: '5 students stuck in Course e2e-stuck' })
      .waitFor();
    // The link opens the card's drawer, whose timeline starts with its creation.
    const drawer = page.getByTestId('mission-drawer');
    await drawer.getByTestId('audit-row').filter({ hasText: 'mission.created' }).waitFor();
    expect(new URL(page.url()).searchParams.get('mission')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
