import { sql } from 'drizzle-orm';
import type { WebhookEventView, WebhookStatus } from '../../../../contracts/stripe.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { Payments } from '../../../integrations/stripe.ts';
import type { EventInput, RequestContext } from '../../../platform/audit/append.ts';
import { mutate } from '../../../platform/mutation.ts';
import { findOrderId, recordCheckout } from '../../orders/index.ts';
import { type ChargeFacts, chargeFacts, checkoutFacts, intentFacts, objectOf, refundFacts } from './facts.ts';
import { upsertPayment, upsertRefund } from './upsert.ts';

/** What receiving and processing need: the database, Stripe (to fetch a charge a refund names), the secret. */
export type Receiving = { database: Database; payments: Payments; webhookSecret: string | null };

/** The event types processed into payments, refunds and orders; others are stored and marked processed. */
export const HANDLED_TYPES = [
  'charge.succeeded',
  'charge.failed',
  'charge.pending',
  'charge.captured',
  'charge.updated',
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'checkout.session.completed',
] as const;

type Row = {
  id: string;
  external_id: string;
  type: string;
  status: WebhookStatus;
  attempts: number;
  error: string | null;
  received_at: Date | string;
  processed_at: Date | string | null;
};

const iso = (value: Date | string) => new Date(value).toISOString();
export function toWebhookView(row: Row): WebhookEventView {
  return {
    id: row.id,
    eventId: row.external_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    receivedAt: iso(row.received_at),
    processedAt: row.processed_at ? iso(row.processed_at) : null,
  };
}
const COLUMNS = sql`id::text AS id, external_id, type, status, attempts, error, received_at, processed_at`;

export async function loadWebhook(db: Db, id: string): Promise<WebhookEventView | null> {
  const [row] = await rows<Row>(db, sql`SELECT ${COLUMNS} FROM webhook_events WHERE id = ${id}::bigint`);
  return row ? toWebhookView(row) : null;
}

/** The latest Stripe deliveries, newest first, optionally of one status. */
export async function listWebhooks(
  db: Db,
  query: { status?: WebhookStatus; limit: number },
): Promise<WebhookEventView[]> {
  const found = await rows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM webhook_events
         WHERE provider = 'stripe' ${query.status ? sql`AND status = ${query.status}` : sql``}
         ORDER BY received_at DESC, id DESC LIMIT ${query.limit}`,
  );
  return found.map(toWebhookView);
}

/** Postgres cannot store NUL in text or jsonb: dropped from every string before storing. */
const withoutNul = (_key: string, value: unknown) =>
  typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;

/**
 * A delivery to `POST /api/webhooks/stripe`: verified with the endpoint's secret through the official
 * SDK (bad or older than 300 s → 400, stored nowhere) and stored once per event id; the caller then
 * has it processed (`processWebhook`, in the background). Stripe's answer does not wait on
 * processing: once stored, a failure is the row's (`failed`, error, attempts), retried from the
 * Stripe tab, never a 500 that Stripe would redeliver.
 */
export async function receiveWebhook(
  deps: Receiving,
  raw: Buffer,
  signature: string,
): Promise<{ id: string | null; duplicate: boolean; status: WebhookStatus }> {
  if (!deps.webhookSecret)
    throw new AppError('not_configured', 'Stripe webhooks are not configured (set STRIPE_WEBHOOK_SECRET)');
  let event: { id: string; type: string };
  try {
    event = Payments.verifyWebhook(raw, signature, deps.webhookSecret);
  } catch (error) {
    throw new AppError('bad_request', 'The Stripe-Signature does not verify', [
      { path: 'headers.stripe-signature', message: (error as Error).message.split('\n')[0] ?? 'invalid' },
    ]);
  }
  if (typeof event.id !== 'string' || typeof event.type !== 'string')
    throw new AppError('bad_request', 'Not a Stripe event', [{ path: 'body', message: 'needs id and type' }]);
  const [stored] = await rows<{ id: string }>(
    deps.database.db,
    sql`INSERT INTO webhook_events (provider, external_id, type, payload)
        VALUES ('stripe', ${event.id}, ${event.type}, ${JSON.stringify(event, withoutNul)}::jsonb)
        ON CONFLICT (provider, external_id) DO NOTHING RETURNING id::text AS id`,
  );
  if (!stored) {
    const [known] = await rows<{ status: WebhookStatus }>(
      deps.database.db,
      sql`SELECT status FROM webhook_events WHERE provider = 'stripe' AND external_id = ${event.id}`,
    );
    return { id: null, duplicate: true, status: known?.status ?? 'received' };
  }
  return { id: stored.id, duplicate: false, status: 'received' };
}

/** A charge a refund names, from Stripe when we have not heard of it yet (refund before charge). */
async function missingCharge(deps: Receiving, chargeId: string): Promise<ChargeFacts | null> {
  const [known] = await rows<{ id: string }>(
    deps.database.db,
    sql`SELECT id::text AS id FROM payments WHERE stripe_charge_id = ${chargeId}`,
  );
  if (known) return null;
  if (!deps.payments.configured)
    throw new AppError(
      'conflict',
      `charge ${chargeId} is not known yet (and Stripe is not configured to ask)`,
    );
  try {
    return chargeFacts((await deps.payments.retrieveCharge(chargeId)) as unknown as Record<string, unknown>);
  } catch (error) {
    throw new AppError(
      'conflict',
      `charge ${chargeId} is not known yet: ${Payments.classify(error).message}`,
    );
  }
}

type Applied = { events: EventInput[]; chargeIds: string[] };

/** One stored event into payments, refunds and orders, inside the caller's transaction. */
async function applyEvent(
  tx: Db,
  payload: Record<string, unknown>,
  type: string,
  fetched: ChargeFacts | null,
): Promise<Applied> {
  const object = objectOf(payload);
  const base = { stripeEventId: payload.id, stripeEventType: type };
  if (type.startsWith('charge.') && !type.startsWith('charge.refund.')) {
    const facts = chargeFacts(object);
    const payment = await upsertPayment(tx, facts);
    for (const refund of facts.refunds) await upsertRefund(tx, payment.paymentId, refund);
    const verb =
      type === 'charge.refunded' ? 'refunded' : payment.status === 'failed' ? 'failed' : payment.status;
    return {
      chargeIds: [facts.chargeId],
      events: [
        {
          type: `payment.${verb === 'partially_refunded' ? 'refunded' : verb}`,
          subjectType: 'payment',
          subjectId: facts.chargeId,
          payload: {
            ...base,
            amountCents: facts.amountCents,
            refundedCents: facts.refundedCents,
            status: payment.status,
            outcome: payment.outcome,
            orderId: payment.orderId,
          },
        },
      ],
    };
  }
  if (type === 'charge.refund.updated' || type === 'refund.created' || type === 'refund.updated') {
    const facts = refundFacts(object);
    if (!facts.chargeId) throw new AppError('bad_request', `refund ${facts.refundId} names no charge`);
    if (fetched) await upsertPayment(tx, fetched);
    const [payment] = await rows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM payments WHERE stripe_charge_id = ${facts.chargeId}`,
    );
    if (!payment) throw new AppError('conflict', `charge ${facts.chargeId} is not known yet`);
    const outcome = await upsertRefund(tx, payment.id, facts);
    return {
      chargeIds: [facts.chargeId],
      events: [
        {
          type: 'refund.updated',
          subjectType: 'payment',
          subjectId: facts.chargeId,
          payload: {
            ...base,
            stripeRefundId: facts.refundId,
            amountCents: facts.amountCents,
            status: facts.status,
            outcome,
            madeByConsole: facts.consoleRefundId !== null,
          },
        },
      ],
    };
  }
  if (type === 'payment_intent.succeeded' || type === 'payment_intent.payment_failed') {
    const facts = intentFacts(object);
    const payment = facts ? await upsertPayment(tx, facts) : null;
    const intentId = typeof object.id === 'string' ? object.id : null;
    return {
      chargeIds: facts ? [facts.chargeId] : [],
      events: [
        {
          type: type === 'payment_intent.succeeded' ? 'payment_intent.succeeded' : 'payment_intent.failed',
          subjectType: 'payment',
          subjectId: facts?.chargeId ?? intentId,
          payload: {
            ...base,
            paymentIntentId: intentId,
            status: payment?.status ?? null,
            outcome: payment?.outcome ?? null,
            error: facts?.failureMessage ?? null,
          },
        },
      ],
    };
  }
  if (type === 'checkout.session.completed') {
    const facts = checkoutFacts(object);
    const orderId = await findOrderId(tx, {
      reference: facts.orderReference,
      paymentIntentId: facts.paymentIntentId,
    });
    if (!orderId) {
      if (!facts.orderReference) return { chargeIds: [], events: [] };
      throw new AppError('conflict', `order ${facts.orderReference} is not known`);
    }
    const order = await recordCheckout(tx, { ...facts, orderId });
    if (facts.paymentIntentId)
      await tx.execute(
        sql`UPDATE payments SET order_id = ${orderId}::uuid, updated_at = now()
             WHERE stripe_payment_intent_id = ${facts.paymentIntentId} AND order_id IS NULL`,
      );
    return {
      chargeIds: [],
      events: [
        {
          type: 'order.checkout_completed',
          subjectType: 'order',
          subjectId: orderId,
          payload: {
            ...base,
            number: order.number,
            checkoutSessionId: facts.sessionId,
            paymentIntentId: facts.paymentIntentId,
            paid: facts.paid,
          },
        },
      ],
    };
  }
  return { chargeIds: [], events: [] };
}

const MAX_ERROR = 500;

/**
 * Processes a stored event once: under a lock on its row (a concurrent retry waits, then sees it
 * processed), in one transaction with its effects and audit event. A failure rolls the effects back
 * and marks the row `failed` with the error and one more attempt. A charge processed here also
 * finishes its refunds that were waiting for it (a refund delivered before its charge).
 */
export async function processWebhook(
  deps: Receiving,
  context: RequestContext,
  id: string,
  cascade = true,
): Promise<WebhookEventView> {
  const { database } = deps;
  let chargeIds: string[] = [];
  try {
    const [peek] = await rows<{ type: string; payload: Record<string, unknown> }>(
      database.db,
      sql`SELECT type, payload FROM webhook_events WHERE id = ${id}::bigint`,
    );
    if (!peek) throw new AppError('not_found', `No webhook row ${id}`);
    const refundCharge =
      peek.type === 'charge.refund.updated' || peek.type.startsWith('refund.')
        ? refundFacts(objectOf(peek.payload)).chargeId
        : null;
    // Outside the transaction: no database lock is held while Stripe answers.
    const fetched = refundCharge ? await missingCharge(deps, refundCharge) : null;
    chargeIds = await mutate(database, context, async (tx) => {
      const [row] = await rows<{ status: WebhookStatus; type: string; payload: Record<string, unknown> }>(
        tx,
        sql`SELECT status, type, payload FROM webhook_events WHERE id = ${id}::bigint FOR UPDATE`,
      );
      if (!row || row.status === 'processed') return { result: [], events: [] };
      const applied = await applyEvent(tx, row.payload, row.type, fetched);
      await tx.execute(
        sql`UPDATE webhook_events SET status = 'processed', attempts = attempts + 1, error = NULL, processed_at = now()
             WHERE id = ${id}::bigint`,
      );
      return { result: applied.chargeIds, events: applied.events };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw error;
    const message = (error as Error).message.slice(0, MAX_ERROR) || 'processing failed';
    await mutate(database, context, async (tx) => {
      const [row] = await rows<{ external_id: string; type: string; attempts: number }>(
        tx,
        sql`UPDATE webhook_events SET status = 'failed', attempts = attempts + 1, error = ${message}
             WHERE id = ${id}::bigint AND status <> 'processed'
         RETURNING external_id, type, attempts`,
      );
      return {
        result: null,
        events: row
          ? [
              {
                type: 'webhook.failed',
                subjectType: 'webhook',
                subjectId: id,
                payload: {
                  provider: 'stripe',
                  stripeEventId: row.external_id,
                  stripeEventType: row.type,
                  attempts: row.attempts,
                  error: message,
                },
              },
            ]
          : [],
      };
    });
  }
  if (cascade) {
    for (const chargeId of chargeIds) {
      const waiting = await rows<{ id: string }>(
        database.db,
        sql`SELECT id::text AS id FROM webhook_events
             WHERE provider = 'stripe' AND status <> 'processed' AND id <> ${id}::bigint
               AND payload->'data'->'object'->>'charge' = ${chargeId}
             ORDER BY id LIMIT 20`,
      );
      for (const row of waiting) await processWebhook(deps, context, row.id, false);
    }
  }
  return (await loadWebhook(database.db, id))!;
}

/** An operator's retry of a failed (or stuck) row: processes the stored payload again and records who asked. */
export async function retryWebhook(
  deps: Receiving,
  context: RequestContext,
  id: string | 'last_failed',
): Promise<WebhookEventView> {
  const target =
    id === 'last_failed'
      ? (
          await rows<{ id: string }>(
            deps.database.db,
            sql`SELECT id::text AS id FROM webhook_events WHERE provider = 'stripe' AND status = 'failed'
                 ORDER BY received_at DESC, id DESC LIMIT 1`,
          )
        )[0]?.id
      : id;
  if (!target) throw new AppError('not_found', 'No failed Stripe webhook to retry');
  const before = await loadWebhook(deps.database.db, target);
  if (!before) throw new AppError('not_found', `No webhook row ${target}`);
  if (before.status === 'processed') throw new AppError('conflict', 'This webhook was processed already');
  const after = await processWebhook(deps, context, target);
  await mutate(deps.database, context, async () => ({
    result: null,
    events: [
      {
        type: 'webhook.retried',
        subjectType: 'webhook',
        subjectId: target,
        payload: {
          provider: 'stripe',
          stripeEventId: after.eventId,
          outcome: after.status,
          attempts: after.attempts,
          error: after.error,
        },
      },
    ],
  }));
  return after;
}

/** Rows stored but never processed (their process died between the two): processed now. */
export async function processStuckWebhooks(deps: Receiving, context: RequestContext) {
  const stuck = await rows<{ id: string }>(
    deps.database.db,
    sql`SELECT id::text AS id FROM webhook_events
         WHERE provider = 'stripe' AND status = 'received' AND received_at < now() - interval '1 minute'
         ORDER BY id LIMIT 100`,
  );
  let processed = 0;
  for (const row of stuck) {
    if ((await processWebhook(deps, context, row.id)).status === 'processed') processed += 1;
  }
  return { stuck: stuck.length, processed };
}
