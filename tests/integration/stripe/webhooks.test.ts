import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createMember,
  eventsOfType,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';
import { signedDelivery, startStripeServer, stripeEvent } from '../../support/stripe.ts';

const KEY = 'sk_test_mission_control';
const SECRET = 'whsec_test_mission_control_webhooks';
let t: TestApp;
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let developer: string;
let support: string;
let n = 0;

beforeAll(async () => {
  stripe = await startStripeServer(KEY);
  t = await startTestApp({
    STRIPE_SECRET_KEY: KEY,
    STRIPE_API_BASE: stripe.apiBase,
    STRIPE_TIMEOUT: '2s',
    STRIPE_WEBHOOK_SECRET: SECRET,
  });
  developer = (await staffCookie(t, 'developer')).cookie;
  support = (await staffCookie(t, 'support')).cookie;
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

const chargeId = () => {
  n += 1;
  return `ch_wh_${process.pid}_${n}`;
};
/** POSTs a delivery the way Stripe does: no cookie, no Origin, the signed raw body. */
const deliver = (delivery: { payload: string; headers: Record<string, string> }) =>
  t.app.inject({ method: 'POST', url: '/api/webhooks/stripe', ...delivery });
/**
 * Delivers an event and waits until its row is processed or failed (processing runs after the 2xx):
 * the HTTP status, Stripe's answer, and the row's settled status.
 */
async function send(event: ReturnType<typeof stripeEvent>) {
  const response = await deliver(signedDelivery(event, SECRET));
  const answer = response.json();
  let status = answer.status;
  const deadline = Date.now() + 10_000;
  while (response.statusCode === 200 && status === 'received' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = (await stored(event.id))[0]?.status;
  }
  return { statusCode: response.statusCode, answer, status };
}
const stored = (eventId: string) =>
  t.database.sql.query<{ id: string; status: string; attempts: number; error: string | null }>(
    `SELECT id::text AS id, status, attempts, error FROM webhook_events WHERE external_id = $1`,
    [eventId],
  );
const payment = async (charge: string) =>
  (
    await t.database.sql.query<{
      status: string;
      amount_cents: number;
      refunded_cents: number;
      user_id: string | null;
    }>(
      `SELECT status, amount_cents, refunded_cents, user_id::text AS user_id FROM payments WHERE stripe_charge_id = $1`,
      [charge],
    )
  )[0];

describe('POST /api/webhooks/stripe', () => {
  it('refuses a bad signature, a stale one and a missing one with 400, storing nothing', async () => {
    const event = stripeEvent('charge.succeeded', stripe.addCharge(chargeId(), 1200));
    const forged = await deliver(signedDelivery(event, 'whsec_not_the_secret'));
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({
      code: 'bad_request',
      details: [{ path: 'headers.stripe-signature' }],
    });
    const stale = await deliver(signedDelivery(event, SECRET, Math.floor(Date.now() / 1000) - 301));
    expect(stale.statusCode).toBe(400);
    const tampered = signedDelivery(event, SECRET);
    const altered = await deliver({ ...tampered, payload: tampered.payload.replace('1200', '120000') });
    expect(altered.statusCode).toBe(400);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      payload: JSON.stringify(event),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.statusCode).toBe(400);
    expect(JSON.stringify(unsigned.json())).toContain('stripe-signature');
    expect(await stored(event.id)).toEqual([]);
  });

  it('stores then processes a charge once; a redelivery is recognised and not processed again', async () => {
    const member = await createMember(t);
    const id = chargeId();
    const event = stripeEvent('charge.succeeded', stripe.addCharge(id, 4200, { email: member.email }));
    const first = await send(event);
    expect(first.statusCode).toBe(200);
    // Stripe's answer means "stored"; processing follows.
    expect(first.answer).toEqual({ received: true, duplicate: false, status: 'received' });
    expect(first.status).toBe('processed');
    expect(await payment(id)).toMatchObject({
      status: 'succeeded',
      amount_cents: 4200,
      user_id: member.userId,
    });

    const again = await send(event);
    expect(again.answer).toEqual({ received: true, duplicate: true, status: 'processed' });
    expect(await stored(event.id)).toMatchObject([{ status: 'processed', attempts: 1 }]);
    const audit = (await eventsOfType(t, 'payment.succeeded')).filter((row) => row.subject_id === id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_role: 'system', payload: { stripeEventId: event.id } });
  });

  it('ends consistent when the refund arrives before its charge, and an older event rolls nothing back', async () => {
    const id = chargeId();
    const created = Math.floor(Date.now() / 1000) - 60;
    const charge = stripe.addCharge(id, 3000, { created });
    const refund = {
      id: `re_wh_${n}`,
      object: 'refund',
      amount: 3000,
      charge: id,
      status: 'succeeded',
      metadata: {},
    };
    stripe.charges.get(id)!.refunded = 3000;
    const refundEvent = await send(stripeEvent('charge.refund.updated', refund));
    expect(refundEvent.status).toBe('processed');
    expect(await payment(id)).toMatchObject({ status: 'refunded', refunded_cents: 3000 });
    // The charge.succeeded Stripe sent first, delivered last.
    const late = await send(stripeEvent('charge.succeeded', charge, { created }));
    expect(late.status).toBe('processed');
    expect(await payment(id)).toMatchObject({ status: 'refunded', refunded_cents: 3000 });
    const refunds = await t.database.sql.query<{ origin: string; status: string }>(
      `SELECT r.origin, r.status FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.stripe_charge_id = $1`,
      [id],
    );
    expect(refunds).toEqual([{ origin: 'stripe', status: 'succeeded' }]);
  });

  it('marks a processing failure failed (2xx to Stripe), then a retry succeeds and records its outcome', async () => {
    const id = chargeId();
    const refund = {
      id: `re_wh_${n}`,
      object: 'refund',
      amount: 500,
      charge: id,
      status: 'succeeded',
      metadata: {},
    };
    const event = stripeEvent('charge.refund.updated', refund);
    const response = await send(event);
    expect(response.statusCode).toBe(200);
    expect(response.answer).toMatchObject({ duplicate: false });
    expect(response.status).toBe('failed');
    const [row] = await stored(event.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.error).toContain(id);
    expect((await eventsOfType(t, 'webhook.failed')).some((e) => e.subject_id === row!.id)).toBe(true);

    // Stripe redelivers: stored already, not processed again by the delivery.
    expect((await send(event)).answer).toMatchObject({ duplicate: true, status: 'failed' });
    expect(await stored(event.id)).toMatchObject([{ attempts: 1 }]);

    // Support may not; a developer (manage_payments) may.
    const refused = await call(t, {
      method: 'POST',
      url: `/api/admin/stripe/webhooks/${row!.id}/retry`,
      cookie: support,
    });
    expect(refused.statusCode).toBe(403);
    stripe.addCharge(id, 2000);
    const retried = await call(t, {
      method: 'POST',
      url: `/api/admin/stripe/webhooks/${row!.id}/retry`,
      cookie: developer,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().webhook).toMatchObject({ status: 'processed', attempts: 2, error: null });
    expect(await payment(id)).toMatchObject({ status: 'partially_refunded', refunded_cents: 500 });
    expect((await eventsOfType(t, 'webhook.retried')).at(-1)).toMatchObject({
      subject_id: row!.id,
      payload: { outcome: 'processed' },
    });
    const again = await call(t, {
      method: 'POST',
      url: `/api/admin/stripe/webhooks/${row!.id}/retry`,
      cookie: developer,
    });
    expect(again.statusCode).toBe(409);
  });

  it('processes payment intents and a checkout that pays an order', async () => {
    const member = await createMember(t);
    const number = `WH-${process.pid}-${n}`;
    const [order] = await t.database.sql.query<{ id: string }>(
      `INSERT INTO orders (user_id, number, status, total) VALUES ($1, $2, 'pending', 25) RETURNING id::text AS id`,
      [member.userId, number],
    );
    const id = chargeId();
    const intent = `pi_wh_${n}`;
    const checkout = await send(
      stripeEvent('checkout.session.completed', {
        id: `cs_wh_${n}`,
        object: 'checkout.session',
        client_reference_id: number,
        payment_intent: intent,
        payment_status: 'paid',
        customer_details: { email: member.email },
        collected_information: {
          shipping_details: {
            name: 'Ada',
            address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
          },
        },
      }),
    );
    expect(checkout.status).toBe('processed');
    const succeeded = await send(
      stripeEvent('payment_intent.succeeded', {
        id: intent,
        object: 'payment_intent',
        amount: 2500,
        amount_received: 2500,
        currency: 'usd',
        status: 'succeeded',
        latest_charge: id,
        receipt_email: member.email,
      }),
    );
    expect(succeeded.status).toBe('processed');
    const [linked] = await t.database.sql.query<{ order_id: string; status: string }>(
      `SELECT order_id::text AS order_id, status FROM payments WHERE stripe_charge_id = $1`,
      [id],
    );
    expect(linked).toEqual({ order_id: order!.id, status: 'succeeded' });
    const [paid] = await t.database.sql.query<{ status: string; shipping_address: { city: string } }>(
      `SELECT status, shipping_address FROM orders WHERE id = $1`,
      [order!.id],
    );
    expect(paid).toMatchObject({ status: 'paid', shipping_address: { city: 'Springfield' } });

    const failed = await send(
      stripeEvent('payment_intent.payment_failed', {
        id: `pi_wh_failed_${n}`,
        object: 'payment_intent',
        amount: 900,
        currency: 'usd',
        status: 'requires_payment_method',
        latest_charge: `${id}_declined`,
        last_payment_error: { message: 'Your card was declined.' },
      }),
    );
    expect(failed.status).toBe('processed');
    expect(await payment(`${id}_declined`)).toMatchObject({ status: 'failed' });
  });

  it('lets a failure streak open a mission card through Health Pulse', async () => {
    for (let i = 0; i < 3; i += 1) {
      const id = chargeId();
      const response = await send(
        stripeEvent('charge.refund.updated', {
          id: `re_lost_${n}`,
          object: 'refund',
          amount: 100,
          charge: id,
        }),
      );
      expect(response.status).toBe('failed');
    }
    const pulse = await call(t, {
      method: 'POST',
      url: '/api/admin/actions/health-pulse',
      cookie: developer,
    });
    expect(pulse.statusCode).toBe(200);
    const cards = await t.database.sql.query<{ status: string; evidence: { failedLastHour: number } }>(
      `SELECT status, evidence FROM missions WHERE signal_key = 'failing_webhooks:stripe'`,
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]!.status).toBe('DETECTED');
    expect(cards[0]!.evidence.failedLastHour).toBeGreaterThanOrEqual(3);
  });
});
