import { describe, expect, it } from 'vitest';
import { codeAt } from '../../src/server/modules/auth/totp.ts';
import { createStaff } from '../support/app.ts';
import { setupConsole, tickerItems } from '../support/console.ts';
import { signIn } from '../support/sign-in.ts';

const e2e = setupConsole();

describe('first sign-in without an authenticator', () => {
  it('enrolls through the dialog and lands on the console with the tabs of the role', async () => {
    const developer = await createStaff(e2e.app, 'developer', { enrolled: false });
    const page = await e2e.page();
    await signIn(page, developer);

    const dialog = page.getByRole('dialog', { name: /set up your authenticator/i });
    await dialog.waitFor();
    await dialog.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

    await dialog.getByLabel('6-digit code').fill(codeAt(secret));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Audit' }).waitFor();
    await nav.getByRole('link', { name: 'System' }).waitFor();
    await page.getByTestId('step-up-indicator').filter({ hasText: 'valid until' }).waitFor();
    await tickerItems(page, 'staff.totp_enrolled').first().waitFor();
  });
});
