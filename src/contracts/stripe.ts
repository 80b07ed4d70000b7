import { z } from 'zod';
import { EXPORT_OMIT } from './lists.ts';

/** Text from a query string: trimmed, and never a NUL (Postgres text cannot hold one). */
const queryText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');
const isoTime = z.iso.datetime({ offset: true });

// ---- Webhook receiver ------------------------------------------------------------------------

/** The one header the receiver reads; the body is the raw bytes Stripe signed. */
export const StripeWebhookHeaders = z.object({
  'stripe-signature': z.string().min(1, 'Stripe signs every delivery').max(4000),
});

export const WEBHOOK_STATUSES = ['received', 'processed', 'failed'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** What Stripe gets back: 2xx as soon as the event is stored, whatever processing then said. */
export const StripeWebhookReceipt = z.object({
  received: z.literal(true),
  /** The event id was stored before (a redelivery): it is not processed again. */
  duplicate: z.boolean(),
  status: z.enum(WEBHOOK_STATUSES),
});

export const WebhookEventView = z.object({
  id: z.string(),
  eventId: z.string(),
  type: z.string(),
  status: z.enum(WEBHOOK_STATUSES),
  attempts: z.number().int(),
  error: z.string().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type WebhookEventView = z.infer<typeof WebhookEventView>;

export const WebhookEventsQuery = z.strictObject({
  status: z.enum(WEBHOOK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const WebhookEventsResponse = z.object({ webhooks: z.array(WebhookEventView) });
export const WebhookIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a webhook row id') });
export const WebhookRetryResponse = z.object({ webhook: WebhookEventView });

// ---- The Stripe tab ----------------------------------------------------------------------------

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const StripeSummary = z.object({
  configured: z.boolean(),
  /** Why not, and how to fix it, when Stripe is not configured. */
  howToConfigure: z.string().nullable(),
  webhookSecretSet: z.boolean(),
  mode: z.enum(['test', 'live']).nullable(),
  accountId: z.string().nullable(),
  /** When asking Stripe for the account failed (the header still renders). */
  accountError: z.string().nullable(),
  lastWebhook: z
    .object({
      at: z.string(),
      type: z.string(),
      status: z.enum(WEBHOOK_STATUSES),
      error: z.string().nullable(),
    })
    .nullable(),
  /** The latest webhook failure, processing or sync. */
  lastError: z
    .object({ at: z.string(), source: z.enum(['webhook', 'sync']), message: z.string() })
    .nullable(),
  failedWebhooks: z.number().int(),
  webhookUrl: z.string(),
});
export type StripeSummary = z.infer<typeof StripeSummary>;

export const PaymentsQuery = z.strictObject({
  /** Charge id, payment intent id or customer email (exact, case-insensitive), or an email's start. */
  query: queryText(200).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  /** Half-open time range on the payment's time: from ≤ t < to. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type PaymentsQuery = z.infer<typeof PaymentsQuery>;
/** `GET …/export`: the Payments list's filters (and sort), every page. */
export const PaymentsExportQuery = PaymentsQuery.omit(EXPORT_OMIT).strict();
export type PaymentsExportQuery = z.infer<typeof PaymentsExportQuery>;

export const PaymentRow = z.object({
  id: z.string(),
  chargeId: z.string(),
  paymentIntentId: z.string().nullable(),
  amountCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  customerEmail: z.string().nullable(),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  createdAt: z.string(),
  /** The payment in Stripe's dashboard (test or live by the key). */
  dashboardUrl: z.string(),
});
export type PaymentRow = z.infer<typeof PaymentRow>;

export const PaymentsResponse = z.object({ rows: z.array(PaymentRow), nextCursor: z.string().nullable() });
export type PaymentsResponse = z.infer<typeof PaymentsResponse>;

export const SYNC_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export const SyncRun = z.object({
  id: z.string(),
  status: z.enum(SYNC_STATUSES),
  since: z.string().nullable(),
  pages: z.number().int(),
  seen: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type SyncRun = z.infer<typeof SyncRun>;
/** `started: false` when a run was going already: that run is the answer (two clicks, one sync). */
export const SyncStartResponse = z.object({ sync: SyncRun, started: z.boolean() });
export const SyncStateResponse = z.object({ sync: SyncRun.nullable() });
export const SyncIdParams = z.object({ id: z.guid('must be a sync id') });

/** A link to a charge in Stripe's dashboard; test-mode objects live under /test. */
export function stripeDashboardUrl(mode: 'test' | 'live' | null, chargeId: string): string {
  return `https://dashboard.stripe.com/${mode === 'live' ? '' : 'test/'}payments/${encodeURIComponent(chargeId)}`;
}
