import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import {
  RefundBody,
  RefundPreview,
  RefundPreviewBody,
  RefundsQuery,
  RefundView,
} from '../../../contracts/refunds.ts';
import { listRefunds, previewRefund, requestRefund } from './service.ts';

const errors = ERROR_RESPONSES;

/** Refund: a Stripe charge and its token deduction, idempotent on both sides. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, payments, config } = app.mc;
  const refunding = { database, payments, fault: config.fault };

  app.post(
    '/api/admin/actions/refund/preview',
    {
      config: { guard: 'refund' },
      schema: { body: RefundPreviewBody, response: { 200: RefundPreview, ...errors } },
    },
    async (request) => previewRefund(database.db, request.body),
  );

  app.post(
    '/api/admin/actions/refund',
    {
      config: { guard: 'refund', idempotent: 'required' },
      schema: { body: RefundBody, response: { 200: RefundView, ...errors } },
    },
    async (request) => requestRefund(refunding, request.context, request.body, request.idempotency),
  );

  app.get(
    '/api/admin/refunds',
    {
      config: { guard: 'refund', readOnly: true },
      schema: {
        querystring: RefundsQuery,
        response: { 200: z.object({ refunds: z.array(RefundView) }), ...errors },
      },
    },
    async (request) => ({ refunds: await listRefunds(database.db, request.query.status) }),
  );
};
