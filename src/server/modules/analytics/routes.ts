import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnalyticsQuery, AnalyticsResponse } from '../../../contracts/analytics.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { analyticsFigures } from './service.ts';

/** The Analytics tab: one request answers the whole page for a range. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.mc.database;

  app.get(
    '/api/admin/analytics',
    {
      config: { guard: 'view_analytics', readOnly: true },
      schema: { querystring: AnalyticsQuery, response: { 200: AnalyticsResponse, ...ERROR_RESPONSES } },
    },
    async (request) => analyticsFigures(db, request.query),
  );
};
