import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createStaff } from '../support/app.ts';
import {
  type BrowserApp,
  enterStepUpCode,
  screenshotFailures,
  signInSteppedUp,
  startBrowserApp,
} from '../support/browser.ts';

let b: BrowserApp;
let page: Page | undefined;
beforeAll(async () => {
  b = await startBrowserApp({ ADMIN_SESSION_TIMEOUT: '4s' });
});
afterAll(async () => b?.close());
screenshotFailures(() => page, 'step-up-timeout');

describe('an expired step-up', () => {
  it('asks for a fresh code when a call needs it, then retries the call and shows the data', async () => {
    const developer = await createStaff(b, 'developer');
    page = await b.newPage();
    await signInSteppedUp(page, developer);
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).first().waitFor();

    // The live stream ends when the step-up expires and asks for a code; the person dismisses it.
    const dialog = page.getByRole('dialog', { name: /confirm it/i });
    await dialog.waitFor({ timeout: 8_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('stream-status').filter({ hasText: 'paused' }).first().waitFor();

    // Opening System needs admin data: the dialog comes back, and the call goes through after it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click();
    // The previous code's time-step is burnt: use the next one.
    await enterStepUpCode(page, developer.totpSecret!, Date.now() + 30_000);
    await page.getByTestId('system-overview').waitFor();
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).first().waitFor();
  });
});
