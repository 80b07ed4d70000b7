import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import {
  PaymentsExportQuery,
  PaymentsQuery,
  PaymentsResponse,
  StripeSummary,
  StripeWebhookHeaders,
  StripeWebhookReceipt,
  SyncIdParams,
  SyncStartResponse,
  SyncStateResponse,
  WebhookEventsQuery,
  WebhookEventsResponse,
  WebhookIdParams,
  WebhookRetryResponse,
} from '../../../contracts/stripe.ts';
import { AppError } from '../../errors.ts';
import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { PAYMENT_EXPORT_COLUMNS } from './service/export-payments.ts';
import { listPayments, stripeSummary } from './service/overview.ts';
import { WebhookQueue } from './service/queue.ts';
import { loadSync, startSync } from './service/sync.ts';
import { listWebhooks, processWebhook, receiveWebhook, retryWebhook } from './service/webhooks.ts';

const errors = ERROR_RESPONSES;
/** Actions take no input: anything sent is refused (400), so nothing runs by accident. */
const NoBody = z.strictObject({}).nullish();

/** The Stripe webhook receiver (public, signed) and the Stripe tab (manage_payments). */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, payments, config, keys } = app.mc;
  const { db } = database;
  const receiving = { database, payments, webhookSecret: config.stripeWebhookSecret };
  // Stripe, verified by the signature: events name the system as actor, the delivery as request.
  const queue = new WebhookQueue(
    (id) => processWebhook(receiving, { ...SYSTEM_CONTEXT, requestId: `webhook:${id}` }, id),
    (error) =>
      app.log.error({ err: error }, 'stripe webhook processing stopped; the stuck-webhook job retries it'),
  );
  app.addHook('onClose', async () => queue.drain());

  // The receiver reads the raw bytes Stripe signed: its own scope, where every body stays a Buffer.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/webhooks/stripe',
      {
        config: { guard: 'public' },
        schema: {
          headers: StripeWebhookHeaders,
          response: { 200: StripeWebhookReceipt, ...errors },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          throw new AppError('bad_request', 'Empty body', [{ path: 'body', message: 'the signed event' }]);
        const outcome = await receiveWebhook(
          receiving,
          request.body,
          String(request.headers['stripe-signature']),
        );
        if (outcome.id) queue.enqueue(outcome.id);
        return { received: true as const, duplicate: outcome.duplicate, status: outcome.status };
      },
    );
  });

  app.get(
    '/api/admin/stripe',
    {
      config: { guard: 'manage_payments', readOnly: true },
      schema: { response: { 200: StripeSummary, ...errors } },
    },
    async () =>
      stripeSummary({
        db,
        payments,
        webhookSecretSet: config.stripeWebhookSecret !== null,
        publicUrl: config.publicUrl,
      }),
  );

  app.get(
    '/api/admin/stripe/payments',
    {
      config: { guard: 'manage_payments', readOnly: true },
      schema: { querystring: PaymentsQuery, response: { 200: PaymentsResponse, ...errors } },
    },
    async (request) =>
      listPayments(await readerFor(request), request.query, { cursorKey: keys.cursor, mode: payments.mode }),
  );

  app.get(
    '/api/admin/stripe/payments/export',
    {
      config: { guard: 'manage_payments' },
      schema: { querystring: PaymentsExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'payments',
        filter: request.query,
        columns: PAYMENT_EXPORT_COLUMNS,
        pages: listPages((paging) =>
          listPayments(
            reader,
            { ...request.query, ...paging },
            { cursorKey: keys.cursor, mode: payments.mode },
          ),
        ),
      });
    },
  );

  app.get(
    '/api/admin/stripe/webhooks',
    {
      config: { guard: 'manage_payments', readOnly: true },
      schema: {
        querystring: WebhookEventsQuery,
        response: { 200: WebhookEventsResponse, ...errors },
      },
    },
    async (request) => ({ webhooks: await listWebhooks(db, request.query) }),
  );

  app.post(
    '/api/admin/stripe/webhooks/retry-last-failed',
    {
      config: { guard: 'manage_payments' },
      schema: { body: NoBody, response: { 200: WebhookRetryResponse, ...errors } },
    },
    async (request) => ({ webhook: await retryWebhook(receiving, request.context, 'last_failed') }),
  );

  app.post(
    '/api/admin/stripe/webhooks/:id/retry',
    {
      config: { guard: 'manage_payments' },
      schema: { params: WebhookIdParams, body: NoBody, response: { 200: WebhookRetryResponse, ...errors } },
    },
    async (request) => ({ webhook: await retryWebhook(receiving, request.context, request.params.id) }),
  );

  app.post(
    '/api/admin/stripe/sync',
    {
      config: { guard: 'manage_payments' },
      schema: { body: NoBody, response: { 200: SyncStartResponse, ...errors } },
    },
    async (request) => {
      const { sync, started, done } = await startSync(
        { database, payments, fault: config.fault },
        request.context,
      );
      // The run goes on after the answer; it records its own failure.
      void done;
      return { sync, started };
    },
  );

  app.get(
    '/api/admin/stripe/sync',
    {
      config: { guard: 'manage_payments', readOnly: true },
      schema: { response: { 200: SyncStateResponse, ...errors } },
    },
    async () => ({ sync: await loadSync(db) }),
  );

  app.get(
    '/api/admin/stripe/sync/:id',
    {
      config: { guard: 'manage_payments', readOnly: true },
      schema: { params: SyncIdParams, response: { 200: SyncStateResponse, ...errors } },
    },
    async (request) => {
      const sync = await loadSync(db, request.params.id);
      if (!sync) throw new AppError('not_found', `No sync ${request.params.id}`);
      return { sync };
    },
  );
};
