import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { ErrorResponse, type FieldErrors } from '../../contracts/errors.ts';
import { AppError } from '../errors.ts';

const NO_QUERY = z.strictObject({});

/** Deeper JSON than this is refused before it is parsed: no answer of ours nests half as deep. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a JSON text, counted without parsing it (brackets inside strings do not count). */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index += 1;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth -= 1;
  }
  return deepest;
}

/** Every place in `value` where a string (or an object key) holds a NUL character, as dotted paths. */
export function nulPaths(value: unknown, path: string, found: FieldErrors = []): FieldErrors {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path, message: 'must not contain the NUL character' });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) nulPaths(item, `${path}.${index}`, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push({ path, message: 'a key must not contain the NUL character' });
      else nulPaths(item, `${path}.${key}`, found);
    }
  }
  return found;
}

/**
 * One rule for every route's input, before any schema or handler sees it: JSON nested deeper than
 * MAX_JSON_DEPTH is refused before parsing (a 5,000-deep body would overflow the stack of whatever
 * walks it), too-large bodies are refused by Fastify's bodyLimit (413) while reading, and no string
 * in the body, query or path may carry `\u0000` (Postgres refuses it in text: the answer would be a
 * 500). Both are 400s naming the field, in the error handler's shape.
 */
export const inputPlugin = fp(async (app: FastifyInstance) => {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      const details: FieldErrors = [{ path: 'body', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }];
      done(
        new AppError(
          'bad_request',
          `Invalid input — body: nests deeper than ${MAX_JSON_DEPTH} levels`,
          details,
        ),
      );
      return;
    }
    parseJson(request, text, done);
  });

  // Unknown query parameters are refused, never ignored (`?page=2` on a keyset list would otherwise
  // silently answer page one): every query schema in the contracts is a strict object, and an admin
  // route that declares none takes none. This rule can answer 400 on any route, so every route that
  // documents its answers documents that 400 too (the OpenAPI document and the contract check).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/admin/') && !route.schema?.querystring) {
      route.schema = { ...route.schema, querystring: NO_QUERY };
    }
    const response = route.schema?.response as Record<string, unknown> | undefined;
    // A route that documents its 4XX answers as a range (the auth library's mount) keeps them.
    if (response && !(400 in response) && !('4XX' in response)) {
      route.schema = { ...route.schema, response: { ...response, 400: ErrorResponse } };
    }
  });

  app.addHook('preValidation', async (request) => {
    const found = [
      ...nulPaths(request.params, 'params'),
      ...nulPaths(request.query, 'query'),
      ...nulPaths(request.body, 'body'),
    ];
    if (found.length === 0) return;
    const summary = found.map((field) => `${field.path}: ${field.message}`).join('; ');
    throw new AppError('bad_request', `Invalid input — ${summary}`, found);
  });
});
