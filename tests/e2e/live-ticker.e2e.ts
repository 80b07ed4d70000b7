import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, sessionCookie } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';

let b: BrowserApp;
let page: Page | undefined;
beforeAll(async () => {
  b = await startBrowserApp();
});
afterAll(async () => b?.close());
screenshotFailures(() => page, 'live-ticker');

describe('Live Activity ticker', () => {
  it('shows an event caused by someone else within seconds, without a reload', async () => {
    const developer = await createStaff(b, 'developer');
    page = await b.newPage();
    await signInSteppedUp(page, developer);
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).first().waitFor();
    const denied = page.getByTestId('ticker-item').filter({ hasText: 'authz.denied' });
    expect(await denied.count()).toBe(0);

    // Another staff member (support) asks for the audit log: refused, and the refusal is an event.
    const support = await createStaff(b, 'support');
    const cookie = await sessionCookie(b, support.userId);
    const answer = await fetch(`${b.url}/api/admin/events`, { headers: { cookie } });
    expect(answer.status).toBe(403);

    await denied.first().waitFor({ timeout: 5_000 });
    expect(await denied.first().textContent()).toContain(support.email);
    expect(await denied.count()).toBe(1);
  });
});
