import { describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';
import { seedMember } from '../support/factories.ts';

const e2e = setupConsole();

describe('the Users tab for support', () => {
  it('shows masked IPs in the table and the 360, and no way to reveal them', async () => {
    const member = await seedMember(e2e.app, {
      lastIp: '203.0.113.77',
      sessions: [{ ip: '198.51.100.23', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0' }],
      loginEvents: [{ ip: '192.0.2.41', success: false }],
    });
    const { page } = await e2e.consolePage('support');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search').fill(member.email);
    await page.getByLabel('Search').press('Enter');
    // Wait for the filtered list itself, not just one row: the unfiltered page may still be on
    // screen (or re-rendering) right after the row first appears.
    const row = page.getByTestId('user-row').filter({ hasText: member.email });
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await expect.poll(() => row.getByTestId('user-last-ip').textContent()).toBe('203.0.113.xxx');

    // Keyboard: focus the row, Enter opens User 360.
    await row.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('user-360');
    await drawer.waitFor();
    expect(page.url()).toContain(`user=${member.userId}`);
    await drawer.getByTestId('user-360-session').first().waitFor();
    expect(await drawer.getByTestId('user-360-last-ip').textContent()).toBe('203.0.113.xxx');
    expect(await drawer.getByTestId('user-360-sessions').textContent()).toContain('198.51.100.xxx');
    expect(await drawer.getByTestId('user-360-activity').textContent()).toContain('192.0.2.xxx');
    expect(await page.getByTestId('reveal-ips').count()).toBe(0);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const full of ['203.0.113.77', '198.51.100.23', '192.0.2.41']) expect(text).not.toContain(full);

    // Esc closes the drawer and the URL forgets it.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(page.url()).not.toContain('user=');
  });
});
