import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode, FieldErrors } from '../../contracts/errors.ts';
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

// Fastify's own refusals that have a code of ours (the others are 400s or 404s).
const FASTIFY_STATUS_CODES: Record<number, ErrorCode> = {
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Refusals Fastify gives before any route is found (a path parameter over `maxParamLength`: 414, a
 * path that does not decode: 400) answer in our shape too, like every other error.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.statusCode === 414;
  reply
    .status(tooLong ? 414 : 400)
    .send({ code: tooLong ? 'uri_too_long' : 'bad_request', message: error.message });
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
    const code = FASTIFY_STATUS_CODES[status];
    if (code) return reply.status(status).send({ code, message: error.message });
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
