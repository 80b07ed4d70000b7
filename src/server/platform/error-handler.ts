import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldErrors } from '../../contracts/errors.ts';
import { AppError, STATUS_OF } from '../errors.ts';

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query',
  params: 'params',
  body: 'body',
  headers: 'headers',
};

function fieldErrors(error: unknown): FieldErrors | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const context =
    CONTEXT_NAMES[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
  return error.validation.flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const at = path ? `${context}.${path}` : context;
    // A strict object's unknown keys (`?page=2` on a keyset list): one error per key, naming it.
    const unknown = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: string[] }).keys : null;
    if (unknown?.length) {
      const noun = context === 'query' ? 'parameter' : 'field';
      return unknown.map((key) => ({ path: `${at}.${key}`, message: `is not a known ${noun}` }));
    }
    return [{ path: at, message: issue.message ?? 'is invalid' }];
  });
}

// What a lost database connection looks like from node-postgres: the server ended the backend
// (57P01 admin_shutdown, 57P02, 57P03), the socket closed, or the client is no longer queryable.
const CONNECTION_LOST =
  /Connection terminated|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection|Client was closed/i;

export function isConnectionLost(error: unknown): boolean {
  for (
    let current = error as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    current && depth < 4;
    current = current.cause as typeof current, depth += 1
  ) {
    if (current.code && /^57P0[123]$|^08/.test(current.code)) return true;
    if (current.message && CONNECTION_LOST.test(current.message)) return true;
  }
  return false;
}

/** One handler answers `{code, message, details}`; 5xx answers never carry internals. */
export function registerErrorHandler(app: FastifyInstance) {
  // An integration left unconfigured is a setting, not a failure: said once per reason, as a warning.
  const notConfiguredSaid = new Set<string>();
  app.setErrorHandler(async (caught: FastifyError | AppError, request, reply) => {
    let error = caught;
    // A read-only request that failed before its session check came back (bad input, a missing
    // row) answers with the refusal if the session is refused: its errors are answers too.
    const check = request.sessionCheck;
    if (check) {
      request.sessionCheck = null;
      error = await check().then(
        () => caught,
        (refusal: AppError) => refusal,
      );
    }
    const fields = fieldErrors(error);
    if (fields) {
      const summary = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
      return reply
        .status(400)
        .send({ code: 'bad_request', message: `Invalid input — ${summary}`, details: fields });
    }
    if (error instanceof AppError) {
      const status = STATUS_OF[error.code];
      if (error.code === 'not_configured') {
        if (!notConfiguredSaid.has(error.message)) {
          notConfiguredSaid.add(error.message);
          request.log.warn({ code: error.code }, `not configured: ${error.message}`);
        }
      } else if (status >= 500) request.log.error({ err: error }, error.message);
      // A refusal that knows when to come back says so in the standard header too.
      const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (error.code === 'rate_limited' && typeof retryAfter === 'number')
        reply.header('retry-after', String(Math.ceil(retryAfter)));
      return reply.status(status).send({ code: error.code, message: error.message, details: error.details });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response did not match its schema');
      return reply.status(500).send({ code: 'internal', message: 'Internal error' });
    }
    if (isConnectionLost(error)) {
      request.log.warn({ code: 'unavailable' }, 'database connection lost during the request');
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ code: 'unavailable', message: 'The database connection was interrupted; try again' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ code: 'internal', message: 'Internal error' });
    }
    if (status === 415)
      return reply.status(415).send({ code: 'unsupported_media_type', message: error.message });
    if (status === 429) return reply.status(429).send({ code: 'rate_limited', message: error.message });
    // Fastify's own 4xx (malformed JSON, body too large, ...): keep its message, it names the problem.
    return reply
      .status(status)
      .send({ code: status === 404 ? 'not_found' : 'bad_request', message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
