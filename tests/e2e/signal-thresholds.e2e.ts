import { describe, expect, it } from 'vitest';
import { call, createStaff, sessionCookie } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { shot } from '../support/screenshots.ts';

const e2e = setupConsole();

describe('System → Signal thresholds', () => {
  it('lets a developer change what the detectors count as a problem', async () => {
    const { page } = await e2e.consolePage('developer');
    await page.goto('/system');
    const card = page.getByTestId('signal-thresholds');
    await card.getByLabel('Stuck after', { exact: true }).fill('10');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signal thresholds saved').first().waitFor();
    await shot(page, 'system-thresholds', { fullPage: true });
    const staff = await createStaff(e2e.app, 'support');
    const cookie = await sessionCookie(e2e.app, staff.userId);
    const thresholds = (
      await call(e2e.app, { method: 'GET', url: '/api/admin/signals/thresholds', cookie })
    ).json();
    expect(thresholds.stuckDays).toBe(10);
  });
});
