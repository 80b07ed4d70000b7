import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, sessionCookie } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';

let b: BrowserApp;
let page: Page | undefined;
beforeAll(async () => {
  b = await startBrowserApp();
});
afterAll(async () => b?.close());
screenshotFailures(() => page, 'signal-thresholds');

describe('System → Signal thresholds', () => {
  it('lets a developer change what the detectors count as a problem', async () => {
    const developer = await createStaff(b, 'developer');
    page = await b.newPage();
    await signInSteppedUp(page, developer);
    await page.goto('/system');
    const card = page.getByTestId('signal-thresholds');
    await card.getByLabel('Stuck after', { exact: true }).fill('10');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signal thresholds saved').first().waitFor();
    if (process.env.MC_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.MC_SCREENSHOTS}/system-thresholds.png`, fullPage: true });
    const staff = await createStaff(b, 'support');
    const cookie = await sessionCookie(b, staff.userId);
    const thresholds = (
      await call(b, { method: 'GET', url: '/api/admin/signals/thresholds', cookie })
    ).json();
    expect(thresholds.stuckDays).toBe(10);
  });
});
