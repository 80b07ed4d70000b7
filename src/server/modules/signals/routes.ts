import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { hasPermission } from '../../../contracts/permissions.ts';
import {
  IntegrationsStatus,
  PulseResult,
  SignalThresholds,
  SignalThresholdsPatch,
} from '../../../contracts/signals.ts';
import {
  previewHealthPulse,
  pulseForViewer,
  readThresholds,
  runHealthPulse,
  updateThresholds,
} from './pulse.ts';

const errors = ERROR_RESPONSES;

/** Health Pulse: the detectors, by button (preview, then commit) and every 15 minutes. */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database } = app.mc;
  const { db } = database;

  app.post(
    '/api/admin/actions/health-pulse/preview',
    {
      config: { guard: 'run_signals' },
      schema: { response: { 200: PulseResult, ...errors } },
    },
    async (request) =>
      pulseForViewer(await previewHealthPulse(db), hasPermission(request.session!.role, 'view_pii')),
  );

  app.post(
    '/api/admin/actions/health-pulse',
    {
      config: { guard: 'run_signals', idempotent: true },
      schema: { response: { 200: PulseResult, ...errors } },
    },
    async (request) =>
      pulseForViewer(
        await runHealthPulse(database, request.context, request.idempotency),
        hasPermission(request.session!.role, 'view_pii'),
      ),
  );

  app.get(
    '/api/admin/signals/thresholds',
    {
      config: { guard: 'view_activity', readOnly: true },
      schema: { response: { 200: SignalThresholds, ...errors } },
    },
    async () => readThresholds(db),
  );

  app.patch(
    '/api/admin/signals/thresholds',
    {
      config: { guard: 'manage_settings', idempotent: true },
      schema: {
        body: SignalThresholdsPatch,
        response: { 200: SignalThresholds, ...errors },
      },
    },
    async (request) => updateThresholds(database, request.context, request.body, request.idempotency),
  );

  // Which integrations work: the console disables what needs a missing one, and says why.
  app.get(
    '/api/admin/integrations',
    {
      config: { guard: 'staff', readOnly: true },
      schema: { response: { 200: IntegrationsStatus, ...errors } },
    },
    async () => {
      const { payments, discord, mailer } = app.mc;
      return {
        stripe: { configured: payments.configured, reason: payments.unavailableReason },
        discord: { configured: discord.configured, reason: discord.unavailableReason },
        email: { configured: mailer.configured, reason: mailer.unavailableReason },
      };
    },
  );
};
