import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../support/app.ts';
import { setupConsole, tickerItems } from '../support/console.ts';
import { startStripeServer } from '../support/stripe.ts';

const KEY = 'sk_test_e2e_refunds';

describe('Refund from the Actions panel', () => {
  let stripe: Awaited<ReturnType<typeof startStripeServer>>;
  beforeAll(async () => {
    stripe = await startStripeServer(KEY);
  });
  afterAll(async () => stripe?.close());
  const e2e = setupConsole(() => ({ STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: stripe.apiBase }));

  it('previews the tokens to take back, refunds at Stripe once, and deducts them', async () => {
    const member = await createMember(e2e.app);
    stripe.addCharge('ch_e2e_4242', 6000);
    await e2e.app.database.sql.query(
      `INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, 'ch_e2e_4242', 6000, 120)`,
      [member.userId],
    );
    await e2e.app.database.sql.query(`SELECT award_tokens($1, 120, 'purchase', 'purchase-ch_e2e_4242')`, [
      member.userId,
    ]);

    const { page } = await e2e.consolePage('admin');
    await page.goto('/actions');
    const card = page.getByTestId('action-refund');
    await card.getByLabel('Stripe charge').fill('ch_e2e_4242');
    await card.getByLabel('Amount (blank = all)').fill('30');
    await card.getByLabel('Reason').fill('customer asked within 14 days');
    await card.getByRole('button', { name: 'Preview' }).click();
    const preview = card.getByTestId('refund-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/Tokens to take back\s*60/);
    expect(stripe.refunds).toHaveLength(0);

    const commit = card.getByRole('button', { name: 'Commit refund' });
    await commit.click();
    await card.getByTestId('refund-result').filter({ hasText: 'succeeded' }).waitFor();
    expect(stripe.refunds).toEqual([expect.objectContaining({ charge: 'ch_e2e_4242', amount: 3000 })]);
    const ledger = await e2e.app.database.sql.query<{ amount: number }>(
      `SELECT amount FROM token_ledger WHERE user_id = $1 AND source = 'spend'`,
      [member.userId],
    );
    expect(ledger).toEqual([{ amount: -60 }]);
    await tickerItems(page, 'refund.succeeded').first().waitFor({ timeout: 10_000 });
  });
});

describe('Refund without Stripe', () => {
  const e2e = setupConsole();

  it('says Stripe is not configured and keeps the buttons off', async () => {
    const { page } = await e2e.consolePage('admin');
    await page.goto('/actions');
    const card = page.getByTestId('action-refund');
    await card.getByTestId('refund-unavailable').filter({ hasText: 'STRIPE_SECRET_KEY' }).waitFor();
    await card.getByLabel('Stripe charge').fill('ch_anything');
    expect(await card.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(true);
  });
});
