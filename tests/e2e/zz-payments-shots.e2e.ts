import { afterAll, beforeAll, describe, it } from 'vitest';
import { seedDemoMembers } from '../../src/server/demo/members.ts';
import { setupConsole } from '../support/console.ts';
import { signedDelivery, startStripeServer, stripeEvent } from '../support/stripe.ts';

const KEY = 'sk_test_shots';
const SECRET = 'whsec_shots';
const DIR = '/tmp/payments-shots';

describe('shots', () => {
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

  it('shoots', async () => {
    await seedDemoMembers(e2e.app.database, { members: 40, seed: 'shots' });
    for (let i = 1; i <= 6; i += 1)
      stripe.addCharge(`ch_3Nshot${i}xYz`, 1299 * i, {
        email: `buyer${i}@example.test`,
        created: Math.floor(Date.now() / 1000) - i * 3600,
      });
    stripe.charges.get('ch_3Nshot2xYz')!.refunded = 1000;
    const d = signedDelivery(
      stripeEvent('charge.refund.updated', {
        id: 're_x',
        object: 'refund',
        amount: 100,
        charge: 'ch_unknown',
      }),
      SECRET,
    );
    await fetch(`${e2e.app.url}/api/webhooks/stripe`, {
      method: 'POST',
      headers: d.headers,
      body: d.payload,
    });
    const { page } = await e2e.consolePage('developer');
    await page.goto('/stripe');
    await page.getByRole('button', { name: 'Sync everything' }).click();
    await page.getByTestId('stripe-sync').getByText('succeeded').waitFor();
    await page.getByTestId('stripe-payment-row').first().waitFor();
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.evaluate((s) => {
          localStorage.setItem('mc-theme', s);
        }, scheme);
        await page.goto('/stripe');
        await page.getByTestId('stripe-payment-row').first().waitFor();
        await page.screenshot({ path: `${DIR}/stripe-${w}-${scheme}.png`, fullPage: true });
        await page.goto('/orders');
        await page.getByTestId('order-row').first().waitFor();
        await page.screenshot({ path: `${DIR}/orders-${w}-${scheme}.png`, fullPage: true });
        await page.getByTestId('order-row').first().locator('td').first().click();
        await page.getByTestId('order-drawer').waitFor();
        await page.screenshot({ path: `${DIR}/order-drawer-${w}-${scheme}.png` });
        await page.keyboard.press('Escape');
        await page.goto('/system');
        await page.getByTestId('system-overview').waitFor();
        await page.screenshot({ path: `${DIR}/system-${w}-${scheme}.png`, fullPage: true });
      }
    }
  });
});
