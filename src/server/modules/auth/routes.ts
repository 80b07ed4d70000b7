import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AUTH_MOUNT_RESPONSES,
  EnrollResponse,
  MeResponse,
  StepUpBody,
  StepUpResponse,
} from '../../../contracts/auth.ts';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { permissionsOf } from '../../../contracts/permissions.ts';
import type { RequestContext } from '../../platform/audit/append.ts';
import { type SessionInfo, setSessionCookie, stepUpExpiry } from '../../platform/auth/session.ts';
import { readSettings } from '../system/index.ts';
import { forwardToBetterAuth } from './sign-in.ts';
import { recordRenewal } from './sign-in-log.ts';
import { startEnrollment, stepUp } from './step-up.ts';

const errors = ERROR_RESPONSES;

/**
 * Signing in (better-auth's API at /api/auth/*, behind our sign-in pipeline), the staff member's
 * own view of themselves, and the TOTP step-up.
 */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const mc = app.mc;
  const { config, database, keys } = mc;
  const stepUps = { database, totpKey: keys.totp, config };
  // The guard renews sessions in use; each renewal is a sign-in event of ours (method 'refresh').
  mc.sessionRenewalListeners.push(recordRenewal);

  /** Checks the code; the session's token rotated, so the answer carries the new cookie. */
  async function steppedUp(
    request: { session: SessionInfo | null; context: RequestContext; body: { code: string } },
    reply: FastifyReply,
    mode: 'confirm' | 'verify',
  ) {
    const session = request.session!;
    const { expiresAt, token } = await stepUp(stepUps, session, request.context, request.body.code, mode);
    setSessionCookie(reply, config, keys.auth, token, session.expiresAt);
    return { expiresAt };
  }

  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    config: { guard: 'public' },
    schema: { response: AUTH_MOUNT_RESPONSES },
    handler: (request, reply) => forwardToBetterAuth(mc, request, reply),
  });

  app.get(
    '/api/admin/me',
    {
      config: { guard: 'staff', readOnly: true },
      schema: { response: { 200: MeResponse, ...errors } },
    },
    async (request) => {
      const session = request.session!;
      const role = session.role!;
      const expires = stepUpExpiry(session, config.adminSessionTimeoutMs);
      const { adminEnhanced } = await readSettings({ db: database.db, config });
      return {
        user: { id: session.userId, email: session.email, name: session.name },
        role,
        permissions: permissionsOf(role),
        stepUp: {
          enrolled: session.totpEnrolled,
          expiresAt: expires?.toISOString() ?? null,
          timeoutSeconds: Math.round(config.adminSessionTimeoutMs / 1000),
        },
        adminEnhanced,
      };
    },
  );

  app.post(
    '/api/admin/step-up/enroll',
    { config: { guard: 'staff' }, schema: { response: { 200: EnrollResponse, ...errors } } },
    async (request) => startEnrollment(stepUps, request.session!, request.context),
  );

  app.post(
    '/api/admin/step-up/confirm',
    {
      config: { guard: 'staff' },
      schema: { body: StepUpBody, response: { 200: StepUpResponse, ...errors } },
    },
    async (request, reply) => steppedUp(request, reply, 'confirm'),
  );

  app.post(
    '/api/admin/step-up',
    {
      config: { guard: 'staff' },
      schema: { body: StepUpBody, response: { 200: StepUpResponse, ...errors } },
    },
    async (request, reply) => steppedUp(request, reply, 'verify'),
  );
};
