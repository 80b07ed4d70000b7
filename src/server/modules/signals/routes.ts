import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { PulseResult } from '../../../contracts/signals.ts';
import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import { previewHealthPulse, runHealthPulse } from './pulse.ts';

const errors = ERROR_RESPONSES;

/** Health Pulse: the detectors, by button (preview, then commit) and every 15 minutes. */
export const signalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database } = app.mc;

  app.mc.jobs.add({
    name: 'health-pulse',
    schedule: '*/15 * * * *',
    run: async () => {
      const result = await runHealthPulse(database, { ...SYSTEM_CONTEXT, requestId: 'job:health-pulse' });
      return { signals: result.signals.length, opened: result.opened.length, cleared: result.cleared.length };
    },
  });

  app.post(
    '/api/admin/actions/health-pulse/preview',
    {
      config: { guard: 'run_signals' },
      schema: { tags: ['actions'], response: { 200: PulseResult, ...errors } },
    },
    async () => previewHealthPulse(database),
  );

  app.post(
    '/api/admin/actions/health-pulse',
    {
      config: { guard: 'run_signals', idempotent: true },
      schema: { tags: ['actions'], response: { 200: PulseResult, ...errors } },
    },
    async (request) => runHealthPulse(database, request.context, request.idempotency),
  );
};
