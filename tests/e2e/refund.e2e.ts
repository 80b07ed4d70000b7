import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createStaff } from '../support/app.ts';
import { type BrowserApp, screenshotFailures, signInSteppedUp, startBrowserApp } from '../support/browser.ts';
import { startStripeServer } from '../support/stripe.ts';

const KEY = 'sk_test_e2e_refunds';
let b: BrowserApp;
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let page: Page | undefined;
beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  b = await startBrowserApp({ STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: stripe.apiBase });
});
afterAll(async () => {
  await b?.close();
  await stripe?.close();
});
screenshotFailures(() => page, 'refund');

describe('Refund from the Actions panel', () => {
  it('previews the tokens to take back, refunds at Stripe once, and deducts them', async () => {
    const member = await createMember(b);
    stripe.addCharge('ch_e2e_4242', 6000);
    await b.database.sql.query(
      `INSERT INTO payments (user_id, stripe_charge_id, amount_cents, tokens_awarded) VALUES ($1, 'ch_e2e_4242', 6000, 120)`,
      [member.userId],
    );
    await b.database.sql.query(`SELECT award_tokens($1, 120, 'purchase', 'purchase-ch_e2e_4242')`, [
      member.userId,
    ]);

    const admin = await createStaff(b, 'admin');
    page = await b.newPage();
    await signInSteppedUp(page, admin);
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
    const ledger = await b.database.sql.query<{ amount: number }>(
      `SELECT amount FROM token_ledger WHERE user_id = $1 AND source = 'spend'`,
      [member.userId],
    );
    expect(ledger).toEqual([{ amount: -60 }]);
    await page
      .getByTestId('ticker-item')
      .filter({ hasText: 'refund.succeeded' })
      .first()
      .waitFor({ timeout: 10_000 });
  });
});

describe('Refund without Stripe', () => {
  it('says Stripe is not configured and keeps the buttons off', async () => {
    const bare = await startBrowserApp();
    const other = await bare.newPage();
    try {
      const admin = await createStaff(bare, 'admin');
      await signInSteppedUp(other, admin);
      await other.goto('/actions');
      const card = other.getByTestId('action-refund');
      await card.getByTestId('refund-unavailable').filter({ hasText: 'STRIPE_SECRET_KEY' }).waitFor();
      await card.getByLabel('Stripe charge').fill('ch_anything');
      expect(await card.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(true);
    } finally {
      await other.close();
      await bare.close();
    }
  });
});
