import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';

const e2e = setupConsole();

describe('the member page', () => {
  it('signs up (refusing a common password first), shows the session, signs out and in again', async () => {
    const email = uniqueEmail('self');
    const page = await e2e.page();
    await page.goto('/account');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Sam Member');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page
      .locator('#signup-password-error')
      .filter({ hasText: /common/ })
      .waitFor();

    await page.getByLabel('Password').fill('a long and quiet harbour');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('member-email').filter({ hasText: email }).waitFor();
    // No bounce to the staff sign-in: this page is not the console.
    expect(new URL(page.url()).pathname).toBe('/account');
    const current = page.getByTestId('member-session').filter({ hasText: 'this device' });
    await current.waitFor();
    expect(await page.getByTestId('member-session').count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is wrong' }).waitFor();

    await page.getByLabel('Password').fill('a long and quiet harbour');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('member-session').filter({ hasText: 'this device' }).waitFor();
    // Google is not configured in tests: the button is hidden.
    expect(await page.getByRole('button', { name: 'Sign in with Google' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(() => fetch('/api/user').then((r) => r.json()));
    expect(me).toEqual({ auth: false });
    const rows = await e2e.app.database.sql.query<{ success: boolean }>(
      'SELECT success FROM login_events WHERE email = $1 ORDER BY created_at',
      [email],
    );
    expect(rows.map((row) => row.success)).toContain(false);
  });
});
