import { describe, it } from 'vitest';
import { setupConsole, streamStatus } from '../support/console.ts';
import { enterStepUpCode } from '../support/sign-in.ts';

const e2e = setupConsole({ ADMIN_SESSION_TIMEOUT: '4s' });

describe('an expired step-up', () => {
  it('asks for a fresh code when a call needs it, then retries the call and shows the data', async () => {
    const { page, account: developer } = await e2e.consolePage('developer');
    await streamStatus(page, 'live').waitFor();

    // The live stream ends when the step-up expires and asks for a code; the person dismisses it.
    const dialog = page.getByRole('dialog', { name: /confirm it/i });
    await dialog.waitFor({ timeout: 8_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await streamStatus(page, 'paused').waitFor();

    // Opening System needs admin data: the dialog comes back, and the call goes through after it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click();
    // The previous code's time-step is burnt: use the next one.
    await enterStepUpCode(page, developer.totpSecret!, Date.now() + 30_000);
    await page.getByTestId('system-overview').waitFor();
    await streamStatus(page, 'live').waitFor();
  });
});
