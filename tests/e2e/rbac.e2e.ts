import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';

const e2e = setupConsole();

describe('what a support account sees', () => {
  it('has no Audit or System tab, and the API refuses it the audit log', async () => {
    const { page } = await e2e.consolePage('support');

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
