import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';
import { startSmtpServer } from '../support/smtp.ts';

let b: BrowserApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let page: Page | undefined;
beforeAll(async () => {
  smtp = await startSmtpServer();
  b = await startBrowserApp({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await b?.close();
  await smtp?.close();
});
screenshotFailures(() => page, 'morning-brief');

describe('Morning Brief from the Actions panel', () => {
  it('shows the brief, mails it, and says why Discord is off', async () => {
    const support = await createStaff(b, 'support');
    page = await b.newPage();
    await signInSteppedUp(page, support);
    await page.goto('/actions');
    const card = page.getByTestId('action-morning-brief');
    await card.getByRole('button', { name: 'Show brief' }).click();
    await card.getByTestId('morning-brief').waitFor();
    expect(await card.getByTestId('morning-brief').textContent()).toContain('Morning Brief — last 24 hours');
    const discord = card.getByRole('button', { name: 'Post to Discord' });
    expect(await discord.isDisabled()).toBe(true);
    expect(await discord.getAttribute('title')).toMatch(/DISCORD_BOT_TOKEN/);
    await card.getByRole('button', { name: 'Mail it to me' }).click();
    await page.getByText(`Brief sent to ${support.email}`).first().waitFor();
    expect(
      smtp.received.some((mail) => mail.to.includes(support.email) && mail.raw.includes('Morning Brief')),
    ).toBe(true);
  });
});
