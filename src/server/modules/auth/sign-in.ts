import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { SYSTEM_CONTEXT } from '../../platform/audit/append.ts';
import { CLIENT_IP_HEADER } from '../../platform/auth/better-auth.ts';
import { callbackNonce, newNonce, nonceFromCookie, OIDC_NONCE_COOKIE } from '../../platform/auth/google.ts';
import {
  readCookie,
  readSessionToken,
  sessionCookieName,
  verifySignedSessionValue,
} from '../../platform/auth/session.ts';
import { consumeRateLimit } from '../../platform/rate-limit.ts';
import type { Platform } from '../../platform/types.ts';
import { runHealthPulse } from '../signals/index.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { normalizeErrorCode, recordSignIn, refreshAuthProvider, type SignInProvider } from './sign-in-log.ts';
import { countSignInFailure, forgetSignInFailures, signInWait } from './throttles.ts';

const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host', CLIENT_IP_HEADER]);

type Attempt = { provider: SignInProvider; method: 'signin' | 'signup' };

/** Which requests are sign-in attempts, and of what kind. */
function classify(method: string, path: string): Attempt | null {
  if (method === 'POST' && path === '/api/auth/sign-in/email')
    return { provider: 'password', method: 'signin' };
  if (method === 'POST' && path === '/api/auth/sign-up/email')
    return { provider: 'password', method: 'signup' };
  if (
    method === 'GET' &&
    /^\/api\/auth\/oauth2\/callback\/google$|^\/api\/auth\/callback\/google$/.test(path)
  ) {
    return { provider: 'google', method: 'signin' };
  }
  return null;
}

/**
 * The only better-auth endpoints the product uses; everything else of better-auth's API answers
 * 404. Its session management (`list-sessions`, `revoke-other-sessions`, `get-session`, ...) would
 * hand raw tokens to page scripts and bypass step-up and the audit: sessions are managed through
 * our audited routes (`/api/user/sessions`, `/api/admin/users/:id/sessions`).
 */
const EXPOSED: readonly RegExp[] = [
  /^POST \/api\/auth\/sign-in\/(email|oauth2)$/,
  /^POST \/api\/auth\/sign-up\/email$/,
  /^POST \/api\/auth\/sign-out$/,
  /^POST \/api\/auth\/oauth2\/link$/,
  /^GET \/api\/auth\/(oauth2\/)?callback\/google$/,
  /^POST \/api\/auth\/request-password-reset$/,
  /^POST \/api\/auth\/reset-password$/,
  /^GET \/api\/auth\/reset-password\/[^/]+$/,
  /^GET \/api\/auth\/error$/,
];

export function isExposedAuthEndpoint(method: string, path: string): boolean {
  const line = `${method} ${path}`;
  return EXPOSED.some((pattern) => pattern.test(line));
}

/** better-auth puts the raw session token in JSON answers (sign-in's `token`): page scripts must not see it. */
function withoutTokens(text: string, contentType: string | null): string {
  if (!contentType?.includes('json') || !text.includes('"token"')) return text;
  try {
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return text;
    const { token: _token, ...rest } = body as Record<string, unknown>;
    const session = rest.session;
    if (session && typeof session === 'object') {
      const { token: _sessionToken, ...safe } = session as Record<string, unknown>;
      rest.session = safe;
    }
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

/** Where a request sets a password, and the body field that holds it. */
const PASSWORD_FIELDS: Record<string, string> = {
  '/api/auth/sign-up/email': 'password',
  '/api/auth/reset-password': 'newPassword',
  '/api/auth/change-password': 'newPassword',
};

/**
 * The sign-in pipeline: hands a request for /api/auth/* to better-auth. Fastify has already parsed
 * the body and resolved the client IP (TRUST_PROXY decides whether forwarded headers count);
 * better-auth gets both from us. Around it: the password policy, sign-in throttles (per IP; per
 * account and IP with growing waits; per account across all IPs, the ceiling: throttles.ts),
 * session renewal at sign-in, and a `login_events` row for every attempt.
 */
export async function forwardToBetterAuth(
  deps: Pick<Platform, 'config' | 'database' | 'auth' | 'keys'>,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { config, database, auth, keys } = deps;
  const url = new URL(request.url, config.publicUrl);
  if (!isExposedAuthEndpoint(request.method, url.pathname)) {
    throw new AppError('not_found', `No route ${request.method} ${url.pathname}`);
  }
  const attempt = classify(request.method, url.pathname);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : null;
  const passwordField = request.method === 'POST' ? PASSWORD_FIELDS[url.pathname] : undefined;
  if (passwordField) assertPasswordAcceptable(body[passwordField], `body.${passwordField}`);

  const throttled = attempt?.provider === 'password' && attempt.method === 'signin' && email !== null;
  const record = (success: boolean, errorCode: string | null, sessionToken: string | null) =>
    recordSignIn(database.db, {
      ...attempt!,
      success,
      email,
      errorCode,
      sessionToken,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
  if (attempt?.method === 'signin' && attempt.provider === 'password') {
    await consumeRateLimit(database.db, `signin:ip:${request.ip}`, config.signInRateLimit);
    const wait = throttled ? await signInWait(database.db, email!, request.ip) : null;
    if (wait !== null) {
      await record(false, 'throttled', null);
      // The same words for every address, member or not: the answer tells only when to retry.
      throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
  }
  const previousToken = attempt ? readSessionToken(request, config, keys.auth) : null;

  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_HEADERS.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
  const isCallback = attempt?.provider === 'google';
  const nonce = isCallback ? nonceFromCookie(keys.auth, readCookie(request, OIDC_NONCE_COOKIE)) : null;
  const response = await callbackNonce.run(nonce, () =>
    auth.handler(
      new Request(url, {
        method: request.method,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
      }),
    ),
  );
  const cookies = response.headers.getSetCookie();
  let text = withoutTokens(await response.text(), response.headers.get('content-type'));
  if (request.method === 'POST' && STARTS_OIDC.has(url.pathname) && response.ok) {
    const started = withNonce(text, keys.auth, config.secureCookies);
    text = started.text;
    if (started.cookie) cookies.push(started.cookie);
  }
  if (isCallback) cookies.push(`${OIDC_NONCE_COOKIE}=; Max-Age=0; Path=/api/auth; HttpOnly; SameSite=Lax`);

  const linking = isCallback && previousToken !== null && !failed(response);
  if (linking) {
    // A signed-in member linked their Google account: not a sign-in; their provider is now both.
    await refreshAuthProvider(database.db, previousToken);
  } else if (attempt) {
    const newToken = sessionTokenFrom(cookies, sessionCookieName(config), keys.auth);
    const succeeded = attempt.method === 'signup' ? response.ok : newToken !== null;
    if (succeeded) {
      // A fresh session at sign-in; the one the browser held before must stop working.
      if (previousToken && newToken)
        await database.db.execute(sql`DELETE FROM sessions WHERE token = ${previousToken}`);
      if (throttled) await forgetSignInFailures(database.db, email!, request.ip);
      await record(true, null, newToken);
    } else {
      if (throttled && failureCode(response, text) === 'invalid_credentials') {
        const { ceilingReached } = await countSignInFailure(database.db, email!, request.ip, config);
        if (ceilingReached) await openCeilingCard(database, request);
      }
      await record(false, failureCode(response, text), null);
    }
  }

  reply.status(response.status);
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie' || name === 'content-length') continue;
    reply.header(name, value);
  }
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  return reply.send(text.length > 0 ? text : undefined);
}

/**
 * An account reached its ceiling: the `signin_ceiling` detector runs alone now, so its card opens at
 * once rather than at the next Health Pulse. A card that fails to open must not change the sign-in
 * answer; the next pulse opens it.
 */
async function openCeilingCard(database: Platform['database'], request: FastifyRequest) {
  try {
    await runHealthPulse(database, SYSTEM_CONTEXT, null, { only: ['signin_ceiling'] });
  } catch (error) {
    request.log.warn({ err: error }, 'could not open the sign-in ceiling card; the next pulse will');
  }
}

/** Requests that answer with an authorization URL to send the browser to. */
const STARTS_OIDC = new Set(['/api/auth/sign-in/oauth2', '/api/auth/oauth2/link']);

/** Adds a fresh nonce to the authorization URL, and the cookie that binds it to this browser. */
function withNonce(text: string, key: string, secure: boolean): { text: string; cookie: string | null } {
  try {
    const body = JSON.parse(text) as { url?: string };
    if (!body.url) return { text, cookie: null };
    const { nonce, cookie } = newNonce(key);
    const url = new URL(body.url);
    url.searchParams.set('nonce', nonce);
    return {
      text: JSON.stringify({ ...body, url: url.toString() }),
      cookie: `${OIDC_NONCE_COOKIE}=${cookie}; Max-Age=600; Path=/api/auth; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
    };
  } catch {
    return { text, cookie: null };
  }
}

function failed(response: Response): boolean {
  const location = response.headers.get('location');
  return !location || new URL(location, 'http://x').searchParams.has('error');
}

function sessionTokenFrom(cookies: string[], name: string, secret: string): string | null {
  for (const cookie of cookies) {
    const [pair = ''] = cookie.split(';');
    const index = pair.indexOf('=');
    if (pair.slice(0, index) !== name) continue;
    const token = verifySignedSessionValue(secret, pair.slice(index + 1));
    if (token) return token;
  }
  return null;
}

/** better-auth answers JSON errors with a `code`; OAuth callbacks redirect with `?error=`. */
function failureCode(response: Response, text: string): string {
  const location = response.headers.get('location');
  if (location) {
    const error = new URL(location, 'http://x').searchParams.get('error');
    if (error) return normalizeErrorCode(error.toUpperCase());
  }
  try {
    return normalizeErrorCode((JSON.parse(text) as { code?: string }).code);
  } catch {
    return normalizeErrorCode(null);
  }
}
