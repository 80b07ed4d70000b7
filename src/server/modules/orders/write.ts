import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';

// What Stripe's webhooks and sync may change on an order (the panel itself changes nothing): called
// by the stripe module inside its own transaction, through this module's index.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order a Stripe object points at: by number or id (metadata, client_reference_id) or by payment intent. */
export async function findOrderId(
  db: Db,
  ref: { reference?: string | null; paymentIntentId?: string | null },
): Promise<string | null> {
  const conditions = [];
  if (ref.reference) {
    conditions.push(sql`number = ${ref.reference}`);
    if (UUID.test(ref.reference)) conditions.push(sql`id = ${ref.reference}::uuid`);
  }
  if (ref.paymentIntentId) conditions.push(sql`stripe_payment_intent_id = ${ref.paymentIntentId}`);
  if (conditions.length === 0) return null;
  const [row] = await rows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM orders WHERE ${sql.join(conditions, sql` OR `)} LIMIT 1`,
  );
  return row?.id ?? null;
}

export type CheckoutFacts = {
  orderId: string;
  sessionId: string;
  paymentIntentId: string | null;
  email: string | null;
  shippingAddress: Record<string, unknown> | null;
  paid: boolean;
};

/** A completed Checkout Session: its ids, email and address on the order; paid if it was pending. */
export async function recordCheckout(tx: Db, facts: CheckoutFacts): Promise<{ number: string }> {
  const [row] = await rows<{ number: string }>(
    tx,
    sql`UPDATE orders SET stripe_checkout_session_id = ${facts.sessionId},
                          stripe_payment_intent_id = coalesce(${facts.paymentIntentId}, stripe_payment_intent_id),
                          customer_email = coalesce(customer_email, ${facts.email}),
                          shipping_address = coalesce(${facts.shippingAddress ? JSON.stringify(facts.shippingAddress) : null}::jsonb, shipping_address),
                          status = CASE WHEN ${facts.paid} AND status = 'pending' THEN 'paid' ELSE status END
         WHERE id = ${facts.orderId}::uuid RETURNING number`,
  );
  return { number: row!.number };
}

/** A payment's state on its order: paid once it succeeded, refunded once fully refunded. */
export async function settleOrderPayment(
  tx: Db,
  orderId: string,
  paymentStatus: 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded',
): Promise<void> {
  await tx.execute(
    sql`UPDATE orders SET status = CASE
           WHEN ${paymentStatus} = 'refunded' AND status IN ('pending', 'paid', 'fulfilled') THEN 'refunded'
           WHEN ${paymentStatus} IN ('succeeded', 'partially_refunded') AND status = 'pending' THEN 'paid'
           ELSE status END
         WHERE id = ${orderId}::uuid`,
  );
}

/** Shipping details a charge carries (carrier, tracking number): the order counts as shipped. */
export async function recordShipment(
  tx: Db,
  orderId: string,
  shipment: {
    carrier: string | null;
    trackingNumber: string | null;
    address: Record<string, unknown> | null;
  },
): Promise<void> {
  await tx.execute(
    sql`UPDATE orders SET carrier = coalesce(${shipment.carrier}, carrier),
                          tracking_number = coalesce(${shipment.trackingNumber}, tracking_number),
                          shipping_address = coalesce(shipping_address, ${shipment.address ? JSON.stringify(shipment.address) : null}::jsonb),
                          fulfilment = CASE WHEN ${shipment.trackingNumber}::text IS NOT NULL AND fulfilment = 'unfulfilled'
                                            THEN 'shipped' ELSE fulfilment END,
                          shipped_at = CASE WHEN ${shipment.trackingNumber}::text IS NOT NULL THEN coalesce(shipped_at, now()) ELSE shipped_at END
         WHERE id = ${orderId}::uuid`,
  );
}
