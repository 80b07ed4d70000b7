import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPENAPI_VERSION, openApiTransform } from '../../src/server/platform/openapi.ts';

/**
 * The contract check: every answer the server suite sees is held against what the OpenAPI document
 * says of its route — the status must be documented, the content type must be one the status lists,
 * and a JSON body must match the documented schema (OpenAPI 3.0 rules: `nullable`, `enum`,
 * `additionalProperties`...). The document's schemas come from the same transform /api/docs uses
 * (src/server/platform/openapi.ts), computed once per route and kept, so the check costs a walk of
 * the body per answer. A mismatch is recorded and fails the running test (contract-setup.ts).
 */

type JsonSchema = { [keyword: string]: unknown };
type Documented = Map<string, Record<string, JsonSchema>> | 'hidden';

const violations: string[] = [];
const documentedOf = new WeakMap<object, Documented>();
const NO_SCHEMA = {};

/** The mismatches recorded since the last call, emptied. */
export function takeContractViolations(): string[] {
  return violations.splice(0);
}

/** Installs the check on a fresh app, before any route registers (buildApp's `instrument`). */
export function installContractCheck(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const problem = checkAnswer(request, reply, payload);
    if (problem) {
      violations.push(
        `${request.method} ${request.routeOptions.url} answered ${reply.statusCode}: ${problem}`,
      );
    }
    return payload;
  });
}

function documented(request: FastifyRequest): Documented {
  const schema = request.routeOptions.schema ?? NO_SCHEMA;
  const known = documentedOf.get(schema);
  if (known) return known;
  const transformed = openApiTransform({
    schema,
    url: request.routeOptions.url ?? '',
    route: { config: request.routeOptions.config },
    openapiObject: { openapi: OPENAPI_VERSION },
  } as unknown as Parameters<typeof openApiTransform>[0]).schema as {
    hide?: boolean;
    response?: Record<string, JsonSchema>;
  };
  let result: Documented = 'hidden';
  if (!transformed?.hide) {
    result = new Map(
      Object.entries(transformed?.response ?? {}).map(([status, answer]) => [
        status,
        // A plain schema is documented as application/json; a `content` map names its types.
        answer.content
          ? Object.fromEntries(
              Object.entries(answer.content as Record<string, { schema: JsonSchema }>).map(
                ([type, { schema: body }]) => [type, body],
              ),
            )
          : { 'application/json': answer },
      ]),
    );
  }
  documentedOf.set(schema, result);
  return result;
}

function checkAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): string | null {
  // No route matched (a 404 of the not-found handler): nothing is documented for it.
  if (!request.routeOptions.url || request.is404) return null;
  const statuses = documented(request);
  if (statuses === 'hidden') return null;
  const status = String(reply.statusCode);
  const contents = statuses.get(status) ?? statuses.get(`${status[0]}XX`) ?? statuses.get('default');
  if (!contents)
    return `status ${status} is not documented (documented: ${[...statuses.keys()].join(', ') || 'none'})`;
  if (payload === null || payload === undefined || payload === '') return null;
  const type = String(reply.getHeader('content-type') ?? '')
    .split(';')[0]!
    .trim();
  // OpenAPI media ranges: `text/*` documents every text type, `*/*` any.
  const schema = contents[type] ?? contents[`${type.split('/')[0]}/*`] ?? contents['*/*'];
  if (!schema)
    return `content type "${type}" is not documented (documented: ${Object.keys(contents).join(', ')})`;
  if (type !== 'application/json' || typeof payload !== 'string') return null;
  const errors = validate(schema, JSON.parse(payload), 'body');
  return errors.length > 0
    ? `body does not match the documented schema: ${errors.slice(0, 5).join('; ')}`
    : null;
}

// Keywords that describe without constraining.
const DESCRIPTIVE = new Set([
  'description',
  'default',
  'title',
  'example',
  'examples',
  'deprecated',
  'format',
]);
const CHECKED = new Set([
  'type',
  'nullable',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'anyOf',
  'oneOf',
  'allOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The subset of JSON Schema an OpenAPI 3.0 document uses, with 3.0's `nullable`. */
export function validate(schema: JsonSchema, value: unknown, path: string): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!CHECKED.has(keyword) && !DESCRIPTIVE.has(keyword)) {
      return [
        `${path}: the check does not know the keyword "${keyword}"; teach it (tests/support/contract.ts)`,
      ];
    }
  }
  if (value === null) {
    // OpenAPI 3.0: null is allowed by `nullable: true` only, and an enum must list it too.
    if (schema.nullable === true) {
      return Array.isArray(schema.enum) && !schema.enum.includes(null)
        ? [`${path}: null is not in the enum ${JSON.stringify(schema.enum)}`]
        : [];
    }
    if (!schema.type && !schema.enum && !schema.anyOf && !schema.oneOf && !schema.allOf) return [];
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type) {
    const matches = actual === schema.type || (schema.type === 'number' && actual === 'integer');
    if (!matches) return [`${path}: expected ${String(schema.type)}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && schema.const !== value)
    errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      errors.push(`${path}: not below ${schema.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${path}: too short`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${path}: too long`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path}: too few items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${path}: too many items`);
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, index) => {
        errors.push(...validate(schema.items as JsonSchema, item, `${path}[${index}]`));
      });
    }
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) errors.push(`${path}.${name}: required, missing`);
    }
    for (const [name, item] of Object.entries(object)) {
      const property = properties[name];
      if (property) errors.push(...validate(property, item, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${name}: not documented`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        errors.push(...validate(schema.additionalProperties as JsonSchema, item, `${path}.${name}`));
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf as JsonSchema[]) errors.push(...validate(part, value, path));
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (!Array.isArray(options)) continue;
    const passing = (options as JsonSchema[]).filter(
      (option) => validate(option, value, path).length === 0,
    ).length;
    if (passing === 0 || (keyword === 'oneOf' && passing > 1))
      errors.push(`${path}: matches ${passing} of the ${keyword} options`);
  }
  return errors;
}
