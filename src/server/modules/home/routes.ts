import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { HomeResponse } from '../../../contracts/home.ts';
import { homeCounts } from './service.ts';

/** The /admin home: every staff role sees the grid (each section links where its role may go). */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.mc.database;
  app.get(
    '/api/admin/home',
    {
      config: { guard: 'view_users', readOnly: true },
      schema: { response: { 200: HomeResponse, ...ERROR_RESPONSES } },
    },
    async () => homeCounts(db),
  );
};
