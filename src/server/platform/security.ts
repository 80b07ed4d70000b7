import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Headers on every answer, and the cross-site refusal for cookie-authenticated writes: a browser
 * says where a request comes from (Sec-Fetch-Site, Origin); anything but our own origin is refused.
 * Simple content types (forms, text/plain) have no parser, so Fastify answers them 415.
 */
export const securityPlugin = fp(async (app: FastifyInstance) => {
  const { config } = app.mc;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Members' pictures come from their identity provider (Google serves them over https).
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.removeContentTypeParser('text/plain');

  const trusted = new Set(config.trustedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/admin')) reply.header('cache-control', 'no-store');
    if (!UNSAFE.has(request.method) || !request.url.startsWith('/api/')) return;
    const site = request.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
      throw new AppError('cross_site_refused', 'Cross-site requests are refused');
    }
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origin !== 'null' && !trusted.has(origin)) {
      throw new AppError('cross_site_refused', `Origin ${origin} is not trusted`);
    }
    if (origin === 'null') throw new AppError('cross_site_refused', 'Opaque origins are refused');
  });
});
