import { describe, expect, it } from 'vitest';
import { setupConsole, tickerItems } from '../support/console.ts';
import { seedStuckCourse } from '../support/factories.ts';

const e2e = setupConsole();

describe('Health Pulse from the Actions panel', () => {
  it('previews, runs, opens a card on the board and shows mission.created in the ticker', async () => {
    await seedStuckCourse(e2e.app, 'e2e-stuck', 5);
    const { page } = await e2e.consolePage('support');
    await page.getByRole('link', { name: 'Actions' }).first().click();
    const pulse = page.getByTestId('action-health-pulse');

    await pulse.getByRole('button', { name: 'Preview' }).click();
    await pulse
      .getByTestId('pulse-preview')
      .filter({ hasText: '5 students stuck in Course e2e-stuck' })
      .waitFor();
    expect(await e2e.app.database.sql.query(`SELECT 1 FROM missions`)).toHaveLength(0);

    await pulse.getByRole('button', { name: 'Run' }).click();
    const link = pulse
      .getByTestId('pulse-result')
      .getByRole('link', { name: '5 students stuck in Course e2e-stuck' });
    await link.waitFor();
    await tickerItems(page, 'mission.created').first().waitFor({ timeout: 5_000 });

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
