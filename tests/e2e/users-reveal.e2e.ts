import { describe, expect, it } from 'vitest';
import { eventsOfType } from '../support/app.ts';
import { setupConsole, streamStatus, tickerItems } from '../support/console.ts';
import { seedMember } from '../support/factories.ts';

const e2e = setupConsole();

describe('revealing a member’s IPs', () => {
  it('asks for a reason, shows the full IPs, and the pii.revealed event reaches the ticker', async () => {
    const member = await seedMember(e2e.app, {
      lastIp: '203.0.113.77',
      sessions: [{ ip: '198.51.100.23', userAgent: 'Mozilla/5.0 (Macintosh) Chrome/124.0 Safari/537.36' }],
      loginEvents: [{ ip: '192.0.2.41', success: true }],
    });
    const { page, account: developer } = await e2e.consolePage('developer');
    await streamStatus(page, 'live').waitFor();

    // The drawer opens from the URL alone.
    await page.goto(`/users?user=${member.userId}`);
    const drawer = page.getByTestId('user-360');
    await drawer.waitFor();
    expect(await drawer.getByTestId('user-360-last-ip').textContent()).toBe('203.0.113.xxx');
    await streamStatus(page, 'live').waitFor();

    await page.getByTestId('reveal-ips').click();
    const dialog = page.getByRole('dialog', { name: 'Reveal full IP addresses' });
    await dialog.getByLabel('Reason').fill('ticket 4821');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await dialog.waitFor({ state: 'detached' });

    await drawer.getByTestId('user-360-last-ip').filter({ hasText: '203.0.113.77' }).waitFor();
    expect(await drawer.getByTestId('user-360-sessions').textContent()).toContain('198.51.100.23');
    expect(await drawer.getByTestId('user-360-activity').textContent()).toContain('192.0.2.41');

    const revealed = tickerItems(page, 'pii.revealed');
    await revealed.first().waitFor({ timeout: 5_000 });
    expect(await revealed.first().textContent()).toContain(developer.email);
    const [event] = await eventsOfType(e2e.app, 'pii.revealed');
    expect(event?.subject_id).toBe(member.userId);
    expect(event?.payload).toMatchObject({ field: 'ip', reason: 'ticket 4821' });
  });
});
