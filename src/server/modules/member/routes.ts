import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import {
  CurrentUserResponse,
  ForgotPasswordBody,
  ForgotPasswordResponse,
  SignInProviders,
} from '../../../contracts/member.ts';
import { RevokedResponse, SessionIdParams, SessionsResponse } from '../../../contracts/users.ts';
import { loadSession, readSessionToken } from '../../platform/auth/session.ts';
import { listOwnSessions, requestOwnPasswordReset, revokeOwnSession } from './service.ts';

const errors = ERROR_RESPONSES;

/** What a signed-in member can see and do about their own account (the member page). */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, config, keys, auth, mailer } = app.mc;

  // Guest-safe: a visitor without a session gets 200 {auth:false}, not a 401 to log and retry.
  app.get(
    '/api/user',
    { config: { guard: 'public' }, schema: { response: { 200: CurrentUserResponse } } },
    async (request) => {
      const token = readSessionToken(request, config, keys.auth);
      const session = token ? await loadSession(database, token) : null;
      if (!session) return { auth: false as const };
      return {
        auth: true as const,
        user: { id: session.userId, email: session.email, name: session.name, status: 'active' as const },
      };
    },
  );

  app.get(
    '/api/user/providers',
    { config: { guard: 'public' }, schema: { response: { 200: SignInProviders } } },
    async () => ({ password: true as const, google: config.google !== null }),
  );

  app.get(
    '/api/user/sessions',
    {
      config: { guard: 'signed_in', readOnly: true },
      schema: { response: { 200: SessionsResponse, ...errors } },
    },
    async (request) => listOwnSessions(database.db, request.session!),
  );

  app.post(
    '/api/user/sessions/:sid/revoke',
    {
      config: { guard: 'signed_in' },
      schema: { params: SessionIdParams, response: { 200: RevokedResponse, ...errors } },
    },
    async (request) =>
      revokeOwnSession(database, request.context, {
        userId: request.session!.userId,
        sessionId: request.params.sid,
      }),
  );

  app.post(
    '/api/user/forgot-password',
    {
      config: { guard: 'public' },
      schema: { body: ForgotPasswordBody, response: { 200: ForgotPasswordResponse, ...errors } },
    },
    async (request) =>
      requestOwnPasswordReset(
        { db: database.db, auth, mailer, publicUrl: config.publicUrl, rule: config.signInRateLimit },
        { email: request.body.email, ip: request.ip },
      ),
  );
};
