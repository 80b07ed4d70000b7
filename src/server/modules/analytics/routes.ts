import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AnalyticsQuery,
  AnalyticsResponse,
  MemberSignInsParams,
  MemberSignInsQuery,
  MemberSignInsResponse,
} from '../../../contracts/analytics.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import { rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { readerFor } from '../../platform/reads.ts';
import { memberSignIns } from './member.ts';
import { analyticsFigures } from './service.ts';

/** The Analytics tab: one request answers the whole page for a range. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/analytics',
    {
      config: { guard: 'view_analytics', readOnly: true },
      schema: { querystring: AnalyticsQuery, response: { 200: AnalyticsResponse, ...ERROR_RESPONSES } },
    },
    async (request) =>
      analyticsFigures(
        { db: await readerFor(request), primary: app.mc.database.db },
        request.query,
        new Date(),
        hasPermission(request.session!.role, 'view_pii'),
      ),
  );

  // User 360's sign-ins per day: behind the User 360's own permission.
  app.get(
    '/api/admin/analytics/members/:id/sign-ins',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: {
        params: MemberSignInsParams,
        querystring: MemberSignInsQuery,
        response: { 200: MemberSignInsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const reader = await readerFor(request);
      const [found] = await rows(reader, sql`SELECT 1 FROM users WHERE id = ${request.params.id}::uuid`);
      if (!found) throw new AppError('not_found', `No member ${request.params.id}`);
      return memberSignIns(reader, request.params.id, request.query.tz);
    },
  );
};
