import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupConsole } from '../support/console.ts';
import { signedDelivery, startStripeServer, stripeEvent } from '../support/stripe.ts';

const KEY = 'sk_test_e2e_stripe_tab';
const SECRET = 'whsec_e2e_stripe_tab';

describe('Stripe tab', () => {
  let stripe: Awaited<ReturnType<typeof startStripeServer>>;
  beforeAll(async () => {
    stripe = await startStripeServer(KEY);
  });
  afterAll(async () => stripe?.close());
  const e2e = setupConsole(() => ({
    STRIPE_SECRET_KEY: KEY,
    STRIPE_API_BASE: stripe.apiBase,
    STRIPE_WEBHOOK_SECRET: SECRET,
  }));

  it('shows the header, syncs with progress and result, lists payments and retries a failed webhook', async () => {
    for (let i = 1; i <= 3; i += 1)
      stripe.addCharge(`ch_e2e_tab_${i}`, 1500 * i, {
        email: `shopper${i}@example.test`,
        created: Math.floor(Date.now() / 1000) - i * 120,
      });
    // A refund for a charge Stripe does not know yet: stored, processing fails.
    const delivery = signedDelivery(
      stripeEvent('charge.refund.updated', {
        id: 're_e2e_late',
        object: 'refund',
        amount: 400,
        charge: 'ch_e2e_tab_late',
        status: 'succeeded',
        metadata: {},
      }),
      SECRET,
    );
    const received = await fetch(`${e2e.app.url}/api/webhooks/stripe`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.payload,
    });
    expect(await received.json()).toMatchObject({ received: true, duplicate: false });

    const { page } = await e2e.consolePage('developer');
    await page.goto('/stripe');
    const header = page.getByTestId('stripe-header');
    await header.getByText('acct_1MissionControl').waitFor();
    await header.getByText('test', { exact: true }).waitFor();
    await header.getByText('failed', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sync everything' }).click();
    const sync = page.getByTestId('stripe-sync');
    await sync.getByText('succeeded').waitFor();
    expect(await page.getByTestId('stripe-sync-counts').textContent()).toMatch(/3\s*created/);
    await expect.poll(() => page.getByTestId('stripe-payment-row').count(), { timeout: 10_000 }).toBe(3);
    await page.getByRole('link', { name: 'Open ch_e2e_tab_1 in Stripe' }).waitFor();

    await page.getByLabel('Search payments').fill('shopper2@example.test');
    await page.getByLabel('Search payments').press('Enter');
    await expect.poll(() => page.getByTestId('stripe-payment-row').count()).toBe(1);
    expect(page.url()).toContain('query=shopper2');

    stripe.addCharge('ch_e2e_tab_late', 2000);
    await page.getByRole('button', { name: 'Retry last failed' }).click();
    await page.getByRole('status').filter({ hasText: 'processed' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Search payments').fill('');
    await page.getByLabel('Search payments').press('Enter');
    await expect.poll(() => page.getByTestId('stripe-payment-row').count()).toBe(4);
    // The table scrolls inside its card: the page itself does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('Stripe tab without Stripe', () => {
  const e2e = setupConsole();

  it('says Stripe is not configured and how, and nothing breaks', async () => {
    const { page } = await e2e.consolePage('admin');
    await page.goto('/stripe');
    await page.getByTestId('stripe-not-configured').filter({ hasText: 'STRIPE_SECRET_KEY' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync everything' }).isDisabled()).toBe(true);
  });
});
