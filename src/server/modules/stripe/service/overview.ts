import { type SQL, sql } from 'drizzle-orm';
import {
  type PaymentRow,
  type PaymentStatus,
  type PaymentsQuery,
  type PaymentsResponse,
  type StripeSummary,
  stripeDashboardUrl,
  type WebhookStatus,
} from '../../../../contracts/stripe.ts';
import { type Db, rows } from '../../../db/client.ts';
import { Payments } from '../../../integrations/stripe.ts';
import { afterCursor, keysetPage, whereAll } from '../../../platform/lists.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

/** The last Stripe delivery, for the Stripe tab's header and the System tab's health. */
export async function lastStripeWebhook(
  db: Db,
): Promise<{ at: string; type: string; status: WebhookStatus; error: string | null } | null> {
  const [row] = await rows<{
    received_at: Date | string;
    type: string;
    status: WebhookStatus;
    error: string | null;
  }>(
    db,
    sql`SELECT received_at, type, status, error FROM webhook_events WHERE provider = 'stripe'
         ORDER BY received_at DESC, id DESC LIMIT 1`,
  );
  return row ? { at: iso(row.received_at), type: row.type, status: row.status, error: row.error } : null;
}

/** The Stripe tab's header: mode and account from the key and the API, the last webhook, the last error. */
export async function stripeSummary(deps: {
  db: Db;
  payments: Payments;
  webhookSecretSet: boolean;
  publicUrl: string;
}): Promise<StripeSummary> {
  const { db, payments } = deps;
  let accountId: string | null = null;
  let accountError: string | null = null;
  if (payments.configured) {
    try {
      accountId = await payments.accountId();
    } catch (error) {
      accountError = Payments.classify(error).message;
    }
  }
  const [failure] = await rows<{ at: Date | string; message: string; source: 'webhook' | 'sync' }>(
    db,
    sql`SELECT at, message, source FROM (
          (SELECT received_at AS at, error AS message, 'webhook' AS source FROM webhook_events
            WHERE provider = 'stripe' AND status = 'failed' AND error IS NOT NULL ORDER BY received_at DESC LIMIT 1)
          UNION ALL
          (SELECT finished_at, error, 'sync' FROM stripe_syncs WHERE status = 'failed' AND error IS NOT NULL
            ORDER BY started_at DESC LIMIT 1)
        ) f ORDER BY at DESC LIMIT 1`,
  );
  const [failed] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'stripe' AND status = 'failed'`,
  );
  return {
    configured: payments.configured,
    howToConfigure: payments.configured
      ? null
      : 'Set STRIPE_SECRET_KEY (a restricted key with read access to charges and refunds, write to refunds) and STRIPE_WEBHOOK_SECRET, then restart.',
    webhookSecretSet: deps.webhookSecretSet,
    mode: payments.mode,
    accountId,
    accountError,
    lastWebhook: await lastStripeWebhook(db),
    lastError: failure ? { at: iso(failure.at), source: failure.source, message: failure.message } : null,
    failedWebhooks: failed?.n ?? 0,
    webhookUrl: `${deps.publicUrl}/api/webhooks/stripe`,
  };
}

/**
 * Payments newest first, keyset-paged by (created_at, id): a time range, a status, and a search by
 * charge id, payment intent id or customer email.
 */
export async function listPayments(
  db: Db,
  query: PaymentsQuery,
  options: { cursorKey: Buffer | string; mode: 'test' | 'live' | null },
): Promise<PaymentsResponse> {
  const conditions: SQL[] = [];
  if (query.query) {
    const q = query.query;
    if (/^(ch|py)_/.test(q)) conditions.push(sql`p.stripe_charge_id = ${q}`);
    else if (q.startsWith('pi_')) conditions.push(sql`p.stripe_payment_intent_id = ${q}`);
    else
      conditions.push(sql`lower(p.customer_email) LIKE ${`${q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`}`);
  }
  if (query.status) conditions.push(sql`p.status = ${query.status}`);
  if (query.from) conditions.push(sql`p.created_at >= ${query.from}::timestamptz`);
  if (query.to) conditions.push(sql`p.created_at < ${query.to}::timestamptz`);
  const after = afterCursor(options.cursorKey, query.cursor);
  if (after) conditions.push(sql`(p.created_at, p.id) < (${after.v}::timestamptz, ${after.id}::uuid)`);
  const found = await rows<{
    id: string;
    stripe_charge_id: string;
    stripe_payment_intent_id: string | null;
    amount_cents: number;
    refunded_cents: number;
    currency: string;
    status: PaymentStatus;
    customer_email: string | null;
    order_id: string | null;
    order_number: string | null;
    created_at: Date | string;
    position: string;
  }>(
    db,
    sql`SELECT p.id::text AS id, p.stripe_charge_id, p.stripe_payment_intent_id, p.amount_cents, p.refunded_cents,
               p.currency, p.status, coalesce(p.customer_email, u.email) AS customer_email,
               p.order_id::text AS order_id, o.number AS order_number, p.created_at,
               to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
          FROM payments p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN orders o ON o.id = p.order_id
         ${whereAll(conditions)}
         ORDER BY p.created_at DESC, p.id DESC LIMIT ${query.pageSize + 1}`,
  );
  const { shown, nextCursor } = keysetPage(options.cursorKey, found, query.pageSize, (last) => ({
    v: last.position,
    id: last.id,
  }));
  return {
    rows: shown.map(
      (row): PaymentRow => ({
        id: row.id,
        chargeId: row.stripe_charge_id,
        paymentIntentId: row.stripe_payment_intent_id,
        amountCents: row.amount_cents,
        refundedCents: row.refunded_cents,
        currency: row.currency,
        status: row.status,
        customerEmail: row.customer_email,
        orderId: row.order_id,
        orderNumber: row.order_number,
        createdAt: iso(row.created_at),
        dashboardUrl: stripeDashboardUrl(options.mode, row.stripe_charge_id),
      }),
    ),
    nextCursor,
  };
}
