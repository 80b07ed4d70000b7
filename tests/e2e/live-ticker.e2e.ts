import { describe, expect, it } from 'vitest';
import { createStaff, sessionCookie } from '../support/app.ts';
import { setupConsole, streamStatus, tickerItems } from '../support/console.ts';

const e2e = setupConsole();

describe('Live Activity ticker', () => {
  it('shows an event caused by someone else within seconds, without a reload', async () => {
    const { page } = await e2e.consolePage('developer');
    await streamStatus(page, 'live').waitFor();
    const denied = tickerItems(page, 'authz.denied');
    expect(await denied.count()).toBe(0);

    // Another staff member (support) asks for the audit log: refused, and the refusal is an event.
    const support = await createStaff(e2e.app, 'support');
    const cookie = await sessionCookie(e2e.app, support.userId);
    const answer = await fetch(`${e2e.app.url}/api/admin/events`, { headers: { cookie } });
    expect(answer.status).toBe(403);

    await denied.first().waitFor({ timeout: 5_000 });
    expect(await denied.first().textContent()).toContain(support.email);
    expect(await denied.count()).toBe(1);
  });
});
