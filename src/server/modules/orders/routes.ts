import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { ExportFile } from '../../../contracts/lists.ts';
import {
  OrderDetail,
  OrderIdParams,
  OrdersExportQuery,
  OrdersQuery,
  OrdersResponse,
} from '../../../contracts/orders.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { AppError } from '../../errors.ts';
import { listPages, sendExport } from '../../platform/export.ts';
import { readerFor } from '../../platform/reads.ts';
import { ORDER_EXPORT_COLUMNS } from './export.ts';
import { listOrders, orderDetail } from './service.ts';

const errors = ERROR_RESPONSES;

/** The Orders panel: read-only, as seed 002 says ("management happens in Stripe"). No route changes an order. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, payments, keys } = app.mc;
  const { db } = database;

  app.get(
    '/api/admin/orders',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { querystring: OrdersQuery, response: { 200: OrdersResponse, ...errors } },
    },
    async (request) =>
      listOrders(await readerFor(request), request.query, { cursorKey: keys.cursor, mode: payments.mode }),
  );

  app.get(
    '/api/admin/orders/export',
    {
      config: { guard: 'view_users' },
      schema: { querystring: OrdersExportQuery, response: { 200: ExportFile, ...errors } },
    },
    async (request, reply) => {
      const reader = await readerFor(request);
      return sendExport(reply, {
        db,
        context: request.context,
        list: 'orders',
        filter: request.query,
        columns: ORDER_EXPORT_COLUMNS,
        pages: listPages((paging) =>
          listOrders(
            reader,
            { ...request.query, ...paging },
            { cursorKey: keys.cursor, mode: payments.mode },
          ),
        ),
      });
    },
  );

  app.get(
    '/api/admin/orders/:id',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { params: OrderIdParams, response: { 200: OrderDetail, ...errors } },
    },
    async (request) => {
      const detail = await orderDetail(db, request.params.id, {
        mode: payments.mode,
        canViewPii: hasPermission(request.session!.role, 'view_pii'),
      });
      if (!detail) throw new AppError('not_found', `No order ${request.params.id}`);
      return detail;
    },
  );
};
