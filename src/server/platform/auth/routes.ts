import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consumeRateLimit } from '../rate-limit.ts';
import { CLIENT_IP_HEADER } from './better-auth.ts';
import { readSessionToken } from './session.ts';

const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host', CLIENT_IP_HEADER]);

/**
 * Mounts better-auth at /api/auth/*. Fastify has already parsed the body and resolved the client IP
 * (TRUST_PROXY decides whether forwarded headers count); better-auth gets both from us.
 */
export async function authRoutes(app: FastifyInstance) {
  const { config, database, auth, keys } = app.mc;

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    const url = new URL(request.url, config.publicUrl);
    const signingIn = request.method === 'POST' && url.pathname.startsWith('/api/auth/sign-in/');
    if (signingIn) {
      await consumeRateLimit(database.sql, `signin:ip:${request.ip}`, config.signInRateLimit);
    }
    const previousToken = signingIn ? readSessionToken(request, config, keys.auth) : null;

    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || HOP_HEADERS.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set(CLIENT_IP_HEADER, request.ip);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
    const response = await auth.handler(
      new Request(url, {
        method: request.method,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
      }),
    );

    // A fresh session on sign-in; the one the browser held before must stop working.
    if (signingIn && response.ok && previousToken) {
      await database.sql.query('DELETE FROM sessions WHERE token = $1', [previousToken]);
    }
    reply.status(response.status);
    for (const [name, value] of response.headers) {
      if (name === 'set-cookie' || name === 'content-length') continue;
      reply.header(name, value);
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    const text = await response.text();
    return reply.send(text.length > 0 ? text : undefined);
  }

  app.route({ method: ['GET', 'POST'], url: '/api/auth/*', config: { guard: 'public' }, handler: forward });
}
