import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

// Issue 13 item 10: staff may not grant tokens to or refund themselves; the attempt is audited.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ STRIPE_SECRET_KEY: 'sk_test_unused', STRIPE_API_BASE: 'http://127.0.0.1:9' });
});
afterAll(async () => t?.close());

describe('no self-service for staff', () => {
  it('refuses a grant of tokens to yourself with 403 naming the rule, and audits it', async () => {
    const { cookie, account } = await staffCookie(t, 'admin');
    const response = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/grant-tokens',
      cookie,
      headers: { 'idempotency-key': randomUUID() },
      payload: { userId: account.userId, amount: 50, reason: 'for me' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden', details: { rule: 'no_self_grant' } });
    expect(response.json().message).toMatch(/no_self_grant/);
    const refused = await eventsOfType(t, 'authz.self_action_refused');
    expect(refused.at(-1)).toMatchObject({
      actor_id: account.userId,
      subject_id: account.userId,
      payload: { action: 'grant_tokens', rule: 'no_self_grant' },
    });
    expect(await eventsOfType(t, 'tokens.granted')).toHaveLength(0);
  });

  it('refuses a refund of your own payment with 403 naming the rule, and audits it', async () => {
    const { cookie, account } = await staffCookie(t, 'super_admin');
    const chargeId = `ch_self_${process.pid}`;
    await t.database.sql.query(
      'INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, $2, 1000, 0)',
      [account.userId, chargeId],
    );
    const response = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/refund',
      cookie,
      headers: { 'idempotency-key': randomUUID() },
      payload: { chargeId, reason: 'my own' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ details: { rule: 'no_self_refund' } });
    const refused = await eventsOfType(t, 'authz.self_action_refused');
    expect(refused.at(-1)).toMatchObject({ actor_id: account.userId, payload: { action: 'refund' } });
    const [count] = await t.database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM refunds');
    expect(Number(count?.n)).toBe(0);
  });
});
