import { describe, expect, it } from 'vitest';
import { sessionCookie } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { seedMember } from '../support/factories.ts';

const e2e = setupConsole();

describe('filtering the Users table and revoking a session', () => {
  it('keeps the filter in the URL, and a revoked session leaves the list and the database', async () => {
    const suspended = await seedMember(e2e.app, { status: 'suspended', lastIp: '203.0.113.5' });
    const member = await seedMember(e2e.app, {
      lastIp: '203.0.113.6',
      sessions: [
        {
          ip: '198.51.100.1',
          userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1',
        },
        {
          ip: '198.51.100.2',
          userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Firefox/125.0',
        },
      ],
    });
    const { page, account: developer } = await e2e.consolePage('developer');
    await page.goto('/users');
    await page.getByTestId('user-row').first().waitFor();

    await page.getByLabel('Status').selectOption('suspended');
    await page.waitForURL(/status=suspended/);
    await page.getByTestId('user-row').filter({ hasText: suspended.email }).waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="user-row"]')].every((row) =>
        row.textContent?.includes('suspended'),
      ),
    );
    expect(await page.getByTestId('user-row').filter({ hasText: member.email }).count()).toBe(0);

    // The filtered view survives a reload.
    await page.reload();
    await page.getByTestId('user-row').filter({ hasText: suspended.email }).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('suspended');

    // A search for the other member, with the status filter cleared.
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Search').fill(member.email);
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL(/query=/);
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    await page.getByTestId('user-row').filter({ hasText: member.email }).click();

    const drawer = page.getByTestId('user-360');
    const sessions = drawer.getByTestId('user-360-session');
    await sessions.nth(1).waitFor();
    expect(await sessions.count()).toBe(2);
    await sessions
      .filter({ hasText: 'Firefox' })
      .getByRole('button', { name: /Revoke/ })
      .click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="user-360-session"]').length === 1,
    );
    expect(await sessions.first().textContent()).toContain('Safari on iOS');

    const left = await e2e.app.database.sql.query<{ id: string }>(
      'SELECT id FROM sessions WHERE user_id = $1',
      [member.userId],
    );
    expect(left.map((row) => row.id)).toEqual([member.sessionIds[0]]);
    const staff = await sessionCookie(e2e.app, developer.userId);
    const answer = await fetch(`${e2e.app.url}/api/admin/users/${member.userId}/sessions`, {
      headers: { cookie: staff },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { sessions: Array<{ id: string }> };
    expect(body.sessions.map((session) => session.id)).toEqual([member.sessionIds[0]]);
  });
});
