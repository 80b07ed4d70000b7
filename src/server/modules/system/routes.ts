import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse } from '../../../contracts/errors.ts';
import { HealthResponse, SystemOverview } from '../../../contracts/system.ts';
import { systemOverview } from './service.ts';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  const mc = app.mc;

  app.get(
    '/api/healthz',
    {
      config: { guard: 'public' },
      schema: { tags: ['system'], response: { 200: HealthResponse, 503: HealthResponse } },
    },
    async (_request, reply) => {
      const body = { env: mc.config.appEnv, dbHost: mc.database.host, database: mc.database.kind };
      try {
        await mc.database.sql.query('SELECT 1');
        return { ok: true, ...body };
      } catch {
        return reply.status(503).send({ ok: false, ...body });
      }
    },
  );

  for (const alias of ['/health', '/api/admin/system/health']) {
    app.get(alias, { config: { guard: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.redirect('/api/healthz', 307),
    );
  }

  app.get(
    '/api/admin/system',
    {
      config: { guard: 'view_system' },
      schema: { tags: ['system'], response: { 200: SystemOverview, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async () => systemOverview(mc),
  );
};
