import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Issue 13 item 6: "not configured" 503s are logged once, as a warning, without a stack trace.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('not configured', () => {
  it('answers 503 each time but logs it once, as a warning without a stack', async () => {
    const { cookie } = await staffCookie(t, 'admin');
    const member = await createMember(t);
    await t.database.sql.query(
      'INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, $2, 500, 0)',
      [member.userId, 'ch_unconfigured'],
    );
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await call(t, {
        method: 'POST',
        url: '/api/admin/actions/refund',
        cookie,
        headers: { 'idempotency-key': randomUUID() },
        payload: { chargeId: 'ch_unconfigured', reason: 'test' },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('not_configured');
    }
    const lines = t.logs.filter((line) => line.includes('not configured') || line.includes('not_configured'));
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!) as { level: number; err?: unknown };
    expect(logged.level).toBe(40);
    expect(lines[0]).not.toContain('stack');
  });
});
