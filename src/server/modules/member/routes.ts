import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ERROR_RESPONSES } from '../../../contracts/errors.ts';
import { CurrentUserResponse, SignInProviders } from '../../../contracts/member.ts';
import { RevokedResponse, SessionIdParams, SessionsResponse } from '../../../contracts/users.ts';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { loadSession, readSessionToken } from '../../platform/auth/session.ts';
import { mutate } from '../../platform/mutation.ts';

const errors = ERROR_RESPONSES;

/** What a signed-in member can see and do about their own account (the member page). */
export const routes: FastifyPluginAsyncZod = async (app) => {
  const { database, config, keys } = app.mc;

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
    async (request) => {
      const rows = await database.sql.query<{
        id: string;
        ip: string | null;
        user_agent: string | null;
        created_at: Date;
        last_seen_at: Date;
        expires_at: Date;
      }>(
        `SELECT id, host(ip) AS ip, user_agent, created_at, last_seen_at, expires_at FROM sessions
          WHERE user_id = $1 AND expires_at > now() ORDER BY last_seen_at DESC`,
        [request.session!.userId],
      );
      // A member sees their own IPs in full: it is their own data.
      return {
        sessions: rows.map((row) => ({
          id: row.id,
          ip: row.ip,
          userAgent: row.user_agent,
          createdAt: new Date(row.created_at).toISOString(),
          lastSeenAt: new Date(row.last_seen_at).toISOString(),
          expiresAt: new Date(row.expires_at).toISOString(),
          current: row.id === request.session!.sessionId,
        })),
      };
    },
  );

  app.post(
    '/api/user/sessions/:sid/revoke',
    {
      config: { guard: 'signed_in' },
      schema: { params: SessionIdParams, response: { 200: RevokedResponse, ...errors } },
    },
    async (request) => {
      const userId = request.session!.userId;
      return mutate(database, request.context, async (tx) => {
        const removed = await tx.execute(
          sql`DELETE FROM sessions WHERE id = ${request.params.sid} AND user_id = ${userId} RETURNING id`,
        );
        if (rowsOf(removed).length === 0) throw new AppError('not_found', 'No such session of yours');
        return {
          result: { revoked: 1 },
          events: [
            {
              type: 'session.revoked',
              subjectType: 'user',
              subjectId: userId,
              payload: { sessionId: request.params.sid, by: 'self' },
            },
          ],
        };
      });
    },
  );
};
