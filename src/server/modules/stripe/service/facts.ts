import type { PaymentStatus } from '../../../../contracts/stripe.ts';

// Stripe objects as stored payloads carry them, read tolerantly: events outlive API versions, and a
// field missing from an old payload is "unknown", never a crash.

type Json = Record<string, unknown>;
const object = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const whole = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
/** An id, whether Stripe sent the id or the expanded object. */
const idOf = (value: unknown): string | null => text(value) ?? text(object(value)?.id);
const timeOf = (seconds: unknown): Date | null =>
  typeof seconds === 'number' ? new Date(seconds * 1000) : null;

export type ChargeFacts = {
  chargeId: string;
  paymentIntentId: string | null;
  amountCents: number;
  refundedCents: number;
  currency: string;
  status: Extract<PaymentStatus, 'pending' | 'succeeded' | 'failed'>;
  email: string | null;
  failureMessage: string | null;
  livemode: boolean;
  createdAt: Date | null;
  /** The order the charge names in its metadata (`order_number` or `order_id`). */
  orderReference: string | null;
  shipment: { carrier: string | null; trackingNumber: string | null; address: Json | null } | null;
  refunds: RefundFacts[];
};

export type RefundFacts = {
  refundId: string;
  chargeId: string | null;
  amountCents: number;
  status: 'pending' | 'succeeded' | 'failed';
  reason: string | null;
  /** Set on refunds the console's Refund made: those belong to the refunds module. */
  consoleRefundId: string | null;
  createdAt: Date | null;
};

function orderReference(metadata: Json | null): string | null {
  return text(metadata?.order_number) ?? text(metadata?.order_id);
}

export function chargeFacts(charge: Json): ChargeFacts {
  const status = text(charge.status);
  const billing = object(charge.billing_details);
  const shipping = object(charge.shipping);
  const refundList = object(charge.refunds);
  return {
    chargeId: text(charge.id) ?? '',
    paymentIntentId: idOf(charge.payment_intent),
    amountCents: whole(charge.amount),
    refundedCents: whole(charge.amount_refunded),
    currency: text(charge.currency) ?? 'usd',
    status: status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending',
    email: text(billing?.email) ?? text(charge.receipt_email),
    failureMessage: text(charge.failure_message),
    livemode: charge.livemode === true,
    createdAt: timeOf(charge.created),
    orderReference: orderReference(object(charge.metadata)),
    shipment: shipping
      ? {
          carrier: text(shipping.carrier),
          trackingNumber: text(shipping.tracking_number),
          address: object(shipping.address),
        }
      : null,
    refunds: Array.isArray(refundList?.data)
      ? (refundList.data as unknown[]).map((item) => refundFacts(object(item) ?? {}))
      : [],
  };
}

export function refundFacts(refund: Json): RefundFacts {
  const status = text(refund.status);
  return {
    refundId: text(refund.id) ?? '',
    chargeId: idOf(refund.charge),
    amountCents: whole(refund.amount),
    status:
      status === 'succeeded'
        ? 'succeeded'
        : status === 'failed' || status === 'canceled'
          ? 'failed'
          : 'pending',
    reason: text(refund.reason),
    consoleRefundId: text(object(refund.metadata)?.mission_control_refund),
    createdAt: timeOf(refund.created),
  };
}

/** A payment intent as a charge: its latest charge, when it got that far. */
export function intentFacts(intent: Json): ChargeFacts | null {
  const chargeId = idOf(intent.latest_charge);
  if (!chargeId) return null;
  const status = text(intent.status);
  const error = object(intent.last_payment_error);
  return {
    chargeId,
    paymentIntentId: text(intent.id),
    amountCents: whole(intent.amount_received) || whole(intent.amount),
    refundedCents: 0,
    currency: text(intent.currency) ?? 'usd',
    status: status === 'succeeded' ? 'succeeded' : error ? 'failed' : 'pending',
    email: text(intent.receipt_email),
    failureMessage: text(error?.message),
    livemode: intent.livemode === true,
    createdAt: timeOf(intent.created),
    orderReference: orderReference(object(intent.metadata)),
    shipment: null,
    refunds: [],
  };
}

export type CheckoutSessionFacts = {
  sessionId: string;
  paymentIntentId: string | null;
  orderReference: string | null;
  email: string | null;
  shippingAddress: Json | null;
  paid: boolean;
};

export function checkoutFacts(session: Json): CheckoutSessionFacts {
  const details = object(session.customer_details);
  const shipping =
    object(object(session.collected_information)?.shipping_details) ?? object(session.shipping_details);
  return {
    sessionId: text(session.id) ?? '',
    paymentIntentId: idOf(session.payment_intent),
    orderReference: text(session.client_reference_id) ?? orderReference(object(session.metadata)),
    email: text(details?.email) ?? text(session.customer_email),
    shippingAddress: shipping ? { name: text(shipping.name), ...object(shipping.address) } : null,
    paid: text(session.payment_status) === 'paid',
  };
}

export const objectOf = (payload: Json): Json => object(object(payload.data)?.object) ?? {};
