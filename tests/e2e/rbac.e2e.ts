import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';

let b: BrowserApp;
let page: Page | undefined;
beforeAll(async () => {
  b = await startBrowserApp();
});
afterAll(async () => b?.close());
screenshotFailures(() => page, 'rbac');

describe('what a support account sees', () => {
  it('has no Audit or System tab, and the API refuses it the audit log', async () => {
    const support = await createStaff(b, 'support');
    page = await b.newPage();
    await signInSteppedUp(page, support);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'System' }).count()).toBe(0);

    const status = await page.evaluate(() =>
      fetch('/api/admin/events', { credentials: 'include' }).then((r) => r.status),
    );
    expect(status).toBe(403);

    // Typing the address does not show the page either.
    await page.goto('/audit');
    await page.getByText('You don’t have access to this page').waitFor();
  });
});
