import { sql } from 'drizzle-orm';
import type { PaymentStatus } from '../../../../contracts/stripe.ts';
import { type Db, rows } from '../../../db/client.ts';
import { findOrderId, recordShipment, settleOrderPayment } from '../../orders/index.ts';
import type { ChargeFacts, RefundFacts } from './facts.ts';

/** What an upsert did: the sync reports these counts. */
export type Outcome = 'created' | 'updated' | 'unchanged';

type Stored = {
  id: string;
  order_id: string | null;
  user_id: string | null;
  stripe_payment_intent_id: string | null;
  customer_email: string | null;
  amount_cents: number;
  refunded_cents: number;
  status: PaymentStatus;
  failure_message: string | null;
  /** Refunds this payment has in `refunds` that succeeded (the console's included). */
  refunds_succeeded: number;
};

/**
 * The status a payment ends in, whatever order its facts arrived in: a charge that succeeded stays
 * succeeded (an older "pending" arriving late changes nothing), and refunds only ever add up.
 */
export function mergedStatus(
  before: PaymentStatus | null,
  incoming: ChargeFacts['status'],
  amountCents: number,
  refundedCents: number,
): PaymentStatus {
  if (refundedCents > 0 && refundedCents >= amountCents) return 'refunded';
  if (refundedCents > 0) return 'partially_refunded';
  const went = (status: PaymentStatus) => before === status || incoming === status;
  if (went('succeeded') || went('refunded') || went('partially_refunded')) return 'succeeded';
  if (went('failed')) return 'failed';
  return 'pending';
}

async function loadForUpdate(tx: Db, chargeId: string): Promise<Stored | null> {
  // Lock first, in its own statement, so the refunds sum below sees what committed meanwhile.
  await tx.execute(sql`SELECT 1 FROM payments WHERE stripe_charge_id = ${chargeId} FOR UPDATE`);
  const [row] = await rows<Stored>(
    tx,
    sql`SELECT p.id::text AS id, p.order_id::text AS order_id, p.user_id::text AS user_id, p.stripe_payment_intent_id,
               p.customer_email, p.amount_cents, p.refunded_cents, p.status, p.failure_message,
               (SELECT coalesce(sum(r.amount_cents), 0)::int FROM refunds r
                 WHERE r.payment_id = p.id AND r.status = 'succeeded') AS refunds_succeeded
          FROM payments p WHERE p.stripe_charge_id = ${chargeId}`,
  );
  return row ?? null;
}

/**
 * A charge as Stripe reports it, into `payments` (created, updated, or unchanged when nothing
 * differs), linked to its member (by email) and order, and the order settled accordingly.
 */
export async function upsertPayment(
  tx: Db,
  facts: ChargeFacts,
): Promise<{ paymentId: string; outcome: Outcome; status: PaymentStatus; orderId: string | null }> {
  if (facts.amountCents <= 0) throw new Error(`charge ${facts.chargeId} has no amount`);
  const orderId = await findOrderId(tx, {
    reference: facts.orderReference,
    paymentIntentId: facts.paymentIntentId,
  });
  const status = mergedStatus(null, facts.status, facts.amountCents, facts.refundedCents);
  const [inserted] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO payments (order_id, user_id, stripe_charge_id, stripe_payment_intent_id, amount_cents, currency,
                              status, refunded_cents, customer_email, failure_message, livemode, stripe_created_at, created_at)
        VALUES (${orderId}::uuid,
                (SELECT id FROM users WHERE lower(email) = lower(${facts.email}) LIMIT 1),
                ${facts.chargeId}, ${facts.paymentIntentId}, ${facts.amountCents}, ${facts.currency}, ${status},
                ${facts.refundedCents}, ${facts.email}, ${facts.failureMessage}, ${facts.livemode},
                ${facts.createdAt?.toISOString() ?? null}::timestamptz, coalesce(${facts.createdAt?.toISOString() ?? null}::timestamptz, now()))
        ON CONFLICT (stripe_charge_id) DO NOTHING
        RETURNING id::text AS id`,
  );
  let paymentId: string;
  let outcome: Outcome;
  let finalStatus = status;
  let finalOrder = orderId;
  if (inserted) {
    paymentId = inserted.id;
    outcome = 'created';
  } else {
    const before = (await loadForUpdate(tx, facts.chargeId))!;
    paymentId = before.id;
    const refunded = Math.max(before.refunded_cents, facts.refundedCents);
    finalStatus = mergedStatus(
      before.status,
      facts.status,
      facts.amountCents,
      Math.max(refunded, before.refunds_succeeded),
    );
    finalOrder = before.order_id ?? orderId;
    const after = {
      order_id: finalOrder,
      stripe_payment_intent_id: facts.paymentIntentId ?? before.stripe_payment_intent_id,
      customer_email: facts.email ?? before.customer_email,
      amount_cents: facts.amountCents,
      refunded_cents: refunded,
      status: finalStatus,
      failure_message: facts.failureMessage ?? before.failure_message,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).some((key) => after[key] !== before[key]);
    outcome = changed ? 'updated' : 'unchanged';
    if (changed) {
      await tx.execute(
        sql`UPDATE payments SET order_id = ${after.order_id}::uuid, stripe_payment_intent_id = ${after.stripe_payment_intent_id},
                                customer_email = ${after.customer_email}, amount_cents = ${after.amount_cents},
                                refunded_cents = ${after.refunded_cents}, status = ${after.status},
                                failure_message = ${after.failure_message},
                                user_id = coalesce(user_id, (SELECT id FROM users WHERE lower(email) = lower(${after.customer_email}) LIMIT 1)),
                                updated_at = now()
             WHERE id = ${paymentId}::uuid`,
      );
    }
  }
  if (finalOrder) {
    await settleOrderPayment(tx, finalOrder, finalStatus);
    if (facts.shipment) await recordShipment(tx, finalOrder, facts.shipment);
  }
  return { paymentId, outcome, status: finalStatus, orderId: finalOrder };
}

/**
 * A refund made in Stripe, into `refunds` (origin `stripe`, once per Stripe refund id), and the
 * payment's status recomputed. Refunds the console made (they carry our id in their metadata) belong
 * to the refunds module, which finishes them itself: left alone here, so nothing counts twice.
 */
export async function upsertRefund(tx: Db, paymentId: string, facts: RefundFacts): Promise<Outcome> {
  if (facts.consoleRefundId || facts.amountCents <= 0) return 'unchanged';
  const [row] = await rows<{ inserted: boolean }>(
    tx,
    sql`INSERT INTO refunds (payment_id, amount_cents, reason, status, stripe_refund_id, origin, completed_at, created_at)
        VALUES (${paymentId}::uuid, ${facts.amountCents}, ${`Refunded in Stripe${facts.reason ? ` (${facts.reason})` : ''}`},
                ${facts.status}, ${facts.refundId}, 'stripe',
                CASE WHEN ${facts.status} = 'succeeded' THEN now() END,
                coalesce(${facts.createdAt?.toISOString() ?? null}::timestamptz, now()))
        ON CONFLICT (stripe_refund_id) WHERE stripe_refund_id IS NOT NULL DO UPDATE
           SET status = EXCLUDED.status, updated_at = now(),
               completed_at = coalesce(refunds.completed_at, EXCLUDED.completed_at)
         WHERE refunds.status <> EXCLUDED.status AND (refunds.status = 'pending' OR EXCLUDED.status = 'failed')
        RETURNING (xmax = 0) AS inserted`,
  );
  if (!row) return 'unchanged';
  await settlePayment(tx, paymentId);
  return row.inserted ? 'created' : 'updated';
}

/** The payment's status from what was refunded (Stripe's figure or our refunds, the larger). */
async function settlePayment(tx: Db, paymentId: string): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM payments WHERE id = ${paymentId}::uuid FOR UPDATE`);
  const [row] = await rows<{ status: PaymentStatus; order_id: string | null }>(
    tx,
    sql`UPDATE payments p SET
           refunded_cents = greatest(p.refunded_cents,
             (SELECT coalesce(sum(amount_cents), 0)::int FROM refunds WHERE payment_id = p.id AND status = 'succeeded')),
           status = CASE
             WHEN p.status IN ('pending', 'failed') THEN p.status
             WHEN greatest(p.refunded_cents, (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE payment_id = p.id AND status = 'succeeded')) >= p.amount_cents THEN 'refunded'
             WHEN greatest(p.refunded_cents, (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE payment_id = p.id AND status = 'succeeded')) > 0 THEN 'partially_refunded'
             ELSE 'succeeded' END,
           updated_at = now()
         WHERE p.id = ${paymentId}::uuid RETURNING p.status, p.order_id::text AS order_id`,
  );
  if (row?.order_id) await settleOrderPayment(tx, row.order_id, row.status);
}
