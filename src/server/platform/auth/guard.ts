import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import { hasPermission } from '../../../contracts/permissions.ts';
import { AppError } from '../../errors.ts';
import { appendEvents } from '../audit/append.ts';
import { readIdempotencyKey } from '../idempotency.ts';
import type { Guard } from '../types.ts';
import {
  loadSession,
  readSessionToken,
  renewalDue,
  renewSession,
  type SessionInfo,
  sameSession,
  setSessionCookie,
  stepUpExpiry,
} from './session.ts';

const LAST_SEEN_EVERY_MS = 5 * 60_000;
/** Paths the console calls to find out whether anyone is signed in: a 401 there is routine. */
const GUEST_PROBES = new Set(['/api/admin/me', '/api/user/sessions']);
/** How many tokens' last admitted sessions are kept to start read-only requests early. */
const RECENT_SESSIONS = 10_000;

type SessionGuard = Exclude<Guard, 'public'>;

/**
 * Authentication and authorization for every route, in one hook that runs before the body is even
 * parsed: 401 without a session, 403 without the permission, 401 step_up_required when the TOTP
 * step-up is stale. A route that does not declare its guard cannot be registered.
 *
 * Every answer is judged against the session as it is in the database at that moment, so a revoked
 * session, a suspension or a demotion counts from the next request. Read-only routes save the wait:
 * when the token's last admitted session would pass, the handler starts on it while the check runs
 * alongside, and its answer is sent only if the check agrees; if the session changed, the handler
 * runs again on the current one; if it is refused, the refusal is the answer.
 */
export const guardPlugin = fp(async (app: FastifyInstance) => {
  const { config, database, keys } = app.mc;
  const recent = new Map<string, SessionInfo>();
  app.decorateRequest('session', null);
  app.decorateRequest('idempotency', null);
  app.decorateRequest('sessionCheck', null);
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
    if (route.config?.readOnly) {
      if (methods.some((method) => method !== 'GET' && method !== 'HEAD'))
        throw new Error(`${route.method} ${route.url}: only GET routes can be readOnly`);
      // It returns its answer: a handler that writes to the reply could answer before the check.
      if (route.handler.length > 1)
        throw new Error(
          `${route.method} ${route.url}: a readOnly handler returns its answer, it takes no reply`,
        );
      route.handler = checkedBeforeAnswering(route.handler);
      route.onSend = [...hooksOf(route.onSend), nothingBeforeTheCheck];
    }
    if (route.config?.idempotent) route.preHandler = [...hooksOf(route.preHandler), readIdempotencyKey];
  });

  /**
   * The session if it may use a route with this guard; otherwise throws the refusal. The token's
   * entry in `recent` follows the answer: the admitted session, or none.
   */
  async function admit(
    request: FastifyRequest,
    reply: FastifyReply,
    guard: SessionGuard,
    token: string | null,
  ): Promise<SessionInfo> {
    let session = token ? await loadSession(database, token) : null;
    if (!session) {
      if (token) recent.delete(token);
      logUnauthenticated(request, token !== null);
      throw new AppError('unauthenticated', 'Sign in first');
    }
    if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      await database.db.execute(
        sql`UPDATE sessions SET last_seen_at = now() WHERE id = ${session.sessionId}`,
      );
    }
    const refused = refusalOf(session, guard);
    if (!refused) {
      if (renewalDue(session)) session = await renew(request, reply, session, token!);
      remember(token!, session);
      return session;
    }
    recent.delete(token!);
    if (refused.code === 'forbidden' && session.role) {
      await appendEvents(database.db, { ...request.context, actor: actorOf(session) }, [
        {
          type: 'authz.denied',
          subjectType: 'route',
          subjectId: `${request.method} ${request.routeOptions.url}`,
          payload: { permission: guard, role: session.role },
        },
      ]);
    }
    throw refused;
  }

  /**
   * A session in use starts its week again once a day (better-auth's expiresIn / updateAge, which
   * its own get-session would do were it exposed): a new expiry, the cookie re-issued to match, and
   * the renewal recorded by the listeners in the same transaction.
   */
  async function renew(
    request: FastifyRequest,
    reply: FastifyReply,
    session: SessionInfo,
    token: string,
  ): Promise<SessionInfo> {
    const userAgent = request.headers['user-agent'] ?? null;
    const expiresAt = await renewSession(
      database,
      { session, ip: request.ip, userAgent },
      app.mc.sessionRenewalListeners,
    );
    if (!expiresAt) return (await loadSession(database, token)) ?? session;
    setSessionCookie(reply, config, keys.auth, token, expiresAt);
    return { ...session, expiresAt };
  }

  /**
   * Why a session may not use a route with this guard, or null: the one rule both the check and the
   * early start of read-only routes follow, without asking the database or writing anything.
   */
  function refusalOf(session: SessionInfo, guard: SessionGuard): AppError | null {
    if (guard === 'signed_in') return null;
    if (!session.role) return new AppError('forbidden', 'This needs a staff account');
    if (guard === 'staff') return null;
    // Step-up first: without a fresh code a session proves only a password, and must not learn
    // what its role may do, nor write authz.denied rows (each takes the chain lock).
    if (!stepUpExpiry(session, config.adminSessionTimeoutMs)) {
      return new AppError('step_up_required', 'Enter a code from your authenticator app to continue', {
        enrolled: session.totpEnrolled,
      });
    }
    if (!hasPermission(session.role, guard)) {
      return new AppError('forbidden', `Your role (${session.role}) lacks the ${guard} permission`, {
        permission: guard,
      });
    }
    return null;
  }

  function remember(token: string, session: SessionInfo) {
    recent.delete(token);
    recent.set(token, session);
    if (recent.size > RECENT_SESSIONS) recent.delete(recent.keys().next().value as string);
  }

  function logUnauthenticated(request: FastifyRequest, hasSession: boolean) {
    const path = request.url.split('?')[0] ?? '';
    if (GUEST_PROBES.has(path) && !request.headers.cookie) {
      request.log.info(`${request.method} ${path} 401 (guest)`);
      return;
    }
    request.log.warn(
      {
        path,
        hasCookie: Boolean(request.headers.cookie),
        hasSession,
        origin: request.headers.origin,
        referer: request.headers.referer,
        userAgent: request.headers['user-agent'],
      },
      'unauthenticated request',
    );
  }

  app.addHook('onRequest', async (request, reply) => {
    request.context = {
      actor: { id: null, email: null, role: 'anonymous' },
      requestId: request.id,
      ip: request.ip,
    };
    const guard = request.routeOptions.config.guard;
    if (!guard || guard === 'public') return;

    const token = readSessionToken(request, config, keys.auth);
    const last = token && request.routeOptions.config.readOnly ? recent.get(token) : undefined;
    if (token && last && !refusalOf(last, guard)) {
      identify(request, last);
      let started: Promise<SessionInfo | null> | null = null;
      // Started by whoever needs it: the wrapped handler sends its own first query before it, so
      // the check costs the handler nothing; a failure before the handler starts it on its own.
      request.sessionCheck = () => {
        started ??= admit(request, reply, guard, token).then((current) =>
          sameSession(current, last) ? null : current,
        );
        return started;
      };
      return;
    }
    identify(request, await admit(request, reply, guard, token));
  });
});

/**
 * Nothing leaves a read-only route before its session check: the wrapped handler and the error
 * handler await it, and this catches any other way out (a refusal replaces the answer; a changed
 * session cannot be served from an answer computed for the old one).
 */
async function nothingBeforeTheCheck(request: FastifyRequest) {
  const check = request.sessionCheck;
  if (!check) return;
  request.sessionCheck = null;
  if ((await check()) !== null) throw new Error('answer computed for a session that has since changed');
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

function actorOf(session: SessionInfo): FastifyRequest['context']['actor'] {
  return { id: session.userId, email: session.email, role: session.role ?? 'user' };
}

function identify(request: FastifyRequest, session: SessionInfo) {
  request.session = session;
  request.context.actor = actorOf(session);
}

/**
 * A read-only handler that runs while its session check is in flight: a refusal is the answer as
 * soon as it comes; when the check agrees the handler's answer stands; when the session changed the
 * handler runs again on the current one. The check stays pending on the request until it has
 * settled, so the onSend hook and the error handler see it too.
 */
function checkedBeforeAnswering(handler: RouteHandlerMethod): RouteHandlerMethod {
  return async function (this: FastifyInstance, request, reply) {
    const check = request.sessionCheck;
    if (!check) return handler.call(this, request, reply);
    const answer = (async () => handler.call(this, request, reply))();
    answer.catch(() => {}); // awaited below, or dropped with a refusal
    // The check waits for the next turn of the event loop, by when the handler's first query is out.
    await new Promise((resolve) => setImmediate(resolve));
    const current = await check();
    request.sessionCheck = null;
    if (current === null) return answer;
    // The first run ends before the second starts: both use this request.
    await answer.catch(() => {});
    identify(request, current);
    return handler.call(this, request, reply);
  };
}
