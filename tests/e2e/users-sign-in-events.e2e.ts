import { beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, sessionCookie } from '../support/app.ts';
import { setupConsole } from '../support/console.ts';
import { themeShots } from '../support/screenshots.ts';

// Issue 13 item 18: User 360's activity shows each sign-in event's method (a session renewal is
// "renewal"), where it came from and its risk score.
const e2e = setupConsole({ TRUST_PROXY: 'true' });

beforeAll(() => {});

describe('sign-in events in User 360', () => {
  it('shows a session renewal with its method, place and risk score', async () => {
    const member = await createMember(e2e.app);
    const cookie = await sessionCookie(e2e.app, member.userId);
    // Signed in two days ago: the next request renews the session, from London.
    await e2e.app.database.sql.query(
      `UPDATE sessions SET expires_at = now() + interval '5 days' WHERE user_id = $1`,
      [member.userId],
    );
    const renewed = await call(e2e.app, {
      method: 'GET',
      url: '/api/user/sessions',
      cookie,
      headers: {
        'x-forwarded-for': '81.2.69.142',
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0',
      },
    });
    expect(renewed.statusCode).toBe(200);

    const { page } = await e2e.consolePage('support');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/users?user=${member.userId}`);
    const drawer = page.getByTestId('user-360');
    const row = drawer.getByTestId('user-360-activity-row').first();
    await row.waitFor();
    expect(await row.getByTestId('user-360-activity-method').textContent()).toBe('renewal · password');
    expect(await row.getByTestId('user-360-activity-where').textContent()).toBe('St Albans, ENG, GB');
    expect(await row.getByTestId('user-360-activity-risk').textContent()).toMatch(/^\d+$/);
    // Support lacks view_pii: the renewal's IP is masked like every other.
    expect(await row.textContent()).toContain('81.2.69.xxx');
    await row.scrollIntoViewIfNeeded();
    await themeShots(page, 'user-360-activity');
    await page.setViewportSize({ width: 390, height: 844 });
    await row.scrollIntoViewIfNeeded();
    await themeShots(page, 'user-360-activity');
  });
});
