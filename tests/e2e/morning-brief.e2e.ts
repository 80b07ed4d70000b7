import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';
import { startSmtpServer } from '../support/smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => smtp?.close());
const e2e = setupConsole(() => ({ SMTP_URL: smtp.url }));

describe('Morning Brief from the Actions panel', () => {
  it('shows the brief, mails it, and says why Discord is off', async () => {
    const { page, account: support } = await e2e.consolePage('support');
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
