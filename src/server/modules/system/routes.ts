import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../../../contracts/errors.ts';
import {
  HealthResponse,
  OutboxResponse,
  SettingsPatch,
  SettingsResponse,
  SystemOverview,
  TelemetryHistoryResponse,
  UiMetricBody,
} from '../../../contracts/system.ts';
import { appendEvents } from '../../platform/audit/append.ts';
import { startLatencySampler } from './latency-sampler.ts';
import { listOutbox, measureDbLatency, systemOverview } from './service.ts';
import { readSettings, updateSettings } from './settings.ts';

export const routes: FastifyPluginAsyncZod = async (app) => {
  const mc = app.mc;
  const { config, database } = mc;

  app.get(
    '/api/healthz',
    {
      config: { guard: 'public' },
      schema: { response: { 200: HealthResponse, 503: HealthResponse } },
    },
    async (_request, reply) => {
      const body = { env: config.appEnv, dbHost: database.host, database: database.kind };
      try {
        await measureDbLatency(database.db);
        return { ok: true, ...body };
      } catch {
        return reply.status(503).send({ ok: false, ...body });
      }
    },
  );

  // `/api/health` is seed 000's name for it.
  for (const alias of ['/health', '/api/health', '/api/admin/system/health']) {
    app.get(alias, { config: { guard: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.redirect('/api/healthz', 307),
    );
  }

  app.get(
    '/api/admin/system',
    {
      config: { guard: 'view_system', readOnly: true },
      schema: { response: { 200: SystemOverview, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async () => systemOverview(mc),
  );

  // Development's outbox: the last 50 messages kept instead of sent (reset links, straggler mail).
  app.get(
    '/api/admin/outbox',
    {
      config: { guard: 'view_system', readOnly: true },
      schema: { response: { 200: OutboxResponse, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async () => ({
      enabled: mc.mailer.outbox,
      messages: mc.mailer.outbox ? await listOutbox(database.db) : [],
    }),
  );

  const errors = {
    400: ErrorResponse,
    401: ErrorResponse,
    403: ErrorResponse,
    404: ErrorResponse,
    422: ErrorResponse,
  };

  app.get(
    '/api/admin/settings',
    {
      config: { guard: 'view_system', readOnly: true },
      schema: { response: { 200: SettingsResponse, ...errors } },
    },
    async () => ({ settings: await readSettings({ db: database.db, config }) }),
  );

  app.patch(
    '/api/admin/settings',
    {
      config: { guard: 'manage_settings', idempotent: true },
      schema: { body: SettingsPatch, response: { 200: SettingsResponse, ...errors } },
    },
    async (request) => ({
      settings: await updateSettings(
        { database, config },
        request.context,
        request.body,
        request.idempotency,
      ),
    }),
  );

  startLatencySampler(app);
  app.get(
    '/api/admin/system/telemetry/history',
    {
      config: { guard: 'view_system', readOnly: true },
      schema: { response: { 200: TelemetryHistoryResponse, ...errors } },
    },
    async () => ({ minutes: mc.telemetry.history() }),
  );

  // Any staff page reports its timings, with or without a fresh step-up (it must never prompt for one).
  app.post(
    '/api/admin/telemetry',
    {
      config: { guard: 'staff' },
      schema: { body: UiMetricBody, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      mc.telemetry.recordPage(request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/jobs/:name/run',
    {
      config: { guard: 'manage_settings' },
      schema: {
        params: z.object({ name: z.string().regex(/^[a-z0-9-]+$/, 'must be a job name') }),
        response: {
          200: z.object({ ran: z.boolean(), ok: z.boolean(), detail: z.record(z.string(), z.unknown()) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const outcome = await mc.jobs.runNow(request.params.name);
      await appendEvents(database.db, request.context, [
        { type: 'job.run_requested', subjectType: 'job', subjectId: request.params.name, payload: outcome },
      ]);
      return outcome;
    },
  );
};
