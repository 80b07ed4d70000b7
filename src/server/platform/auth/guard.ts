import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasPermission } from '../../../contracts/permissions.ts';
import { appendEvents } from '../audit/append.ts';
import { AppError } from '../errors.ts';
import { loadSession, readSessionToken, stepUpExpiry } from './session.ts';

const LAST_SEEN_EVERY_MS = 5 * 60_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Paths the console calls to find out whether anyone is signed in: a 401 there is routine. */
const GUEST_PROBES = new Set(['/api/admin/me', '/api/user/sessions']);

/**
 * Authentication and authorization for every route, in one hook that runs before the body is even
 * parsed: 401 without a session, 403 without the permission, 401 step_up_required when the TOTP
 * step-up is stale. A route that does not declare its guard cannot be registered.
 */
export const guardPlugin = fp(async (app: FastifyInstance) => {
  const { config, database, keys } = app.mc;
  app.decorate('routeTable', []);
  app.decorateRequest('session', null);
  app.decorateRequest('idempotency', null);
  app.decorateRequest('context', null as unknown as FastifyRequest['context']);

  app.addHook('onRoute', (route) => {
    // The OpenAPI document and its viewer describe a public, open-source API.
    if (!route.config?.guard && route.url.startsWith('/api/docs'))
      route.config = { ...route.config, guard: 'public' };
    const guard = route.config?.guard;
    if (!guard) {
      if (route.url.startsWith('/api'))
        throw new Error(`${route.method} ${route.url} must declare config.guard`);
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeTable.push({ method, url: route.url, guard, idempotent: route.config?.idempotent === true });
    }
  });

  app.addHook('onRequest', async (request) => {
    request.context = {
      actor: { id: null, email: null, role: 'anonymous' },
      requestId: request.id,
      ip: request.ip,
    };
    const guard = request.routeOptions.config.guard;
    if (!guard || guard === 'public') return;

    const token = readSessionToken(request, config, keys.auth);
    const session = token ? await loadSession(database, token) : null;
    if (!session) {
      const path = request.url.split('?')[0] ?? '';
      if (GUEST_PROBES.has(path) && !request.headers.cookie) {
        request.log.info(`${request.method} ${path} 401 (guest)`);
      } else {
        request.log.warn(
          {
            path,
            hasCookie: Boolean(request.headers.cookie),
            hasSession: Boolean(token),
            origin: request.headers.origin,
            referer: request.headers.referer,
            userAgent: request.headers['user-agent'],
          },
          'unauthenticated request',
        );
      }
      throw new AppError('unauthenticated', 'Sign in first');
    }
    request.session = session;
    request.context.actor = { id: session.userId, email: session.email, role: session.role ?? 'user' };
    if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      await database.sql.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [session.sessionId]);
    }
    if (guard === 'signed_in') return;
    if (!session.role) throw new AppError('forbidden', 'This needs a staff account');
    if (guard === 'staff') return;
    // Step-up first: without a fresh code a session proves only a password, and must not learn
    // what its role may do, nor write authz.denied rows (each takes the chain lock).
    if (!stepUpExpiry(session, config.adminSessionTimeoutMs)) {
      throw new AppError('step_up_required', 'Enter a code from your authenticator app to continue', {
        enrolled: session.totpEnrolled,
      });
    }
    if (!hasPermission(session.role, guard)) {
      await appendEvents(database.db, request.context, [
        {
          type: 'authz.denied',
          subjectType: 'route',
          subjectId: `${request.method} ${request.routeOptions.url}`,
          payload: { permission: guard, role: session.role },
        },
      ]);
      throw new AppError('forbidden', `Your role (${session.role}) lacks the ${guard} permission`, {
        permission: guard,
      });
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1–200 visible ASCII characters', [
        { path: 'headers.idempotency-key', message: 'must be 1–200 visible ASCII characters' },
      ]);
    }
    const route = `${request.method} ${request.routeOptions.url}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify([route, request.params ?? null, request.body ?? null]))
      .digest('hex');
    request.idempotency = { key: header, route, requestHash };
  });
});
