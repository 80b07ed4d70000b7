import { jsonSchemaTransform } from 'fastify-type-provider-zod';

type Transform = typeof jsonSchemaTransform;
type JsonNode = { [key: string]: unknown };

/** The OpenAPI version the document is written in: its schemas follow that version's rules. */
export const OPENAPI_VERSION = '3.0.3';

/**
 * OpenAPI 3.0 reads `enum` before `nullable`: `{nullable: true, enum: ['a','b']}` forbids null
 * (the 3.0.3 clarification), while zod's `z.enum([...]).nullable()` answers null. The enum of a
 * nullable schema therefore lists null too, so the document allows what the server sends.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonNode;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
  for (const value of Object.values(schema)) allowNullInNullableEnums(value);
}

/**
 * How each route's zod schemas become its OpenAPI operation, used by the document at /api/docs and by
 * the contract check of the test suite (tests/support/contract.ts), so both read the same schemas.
 * It also names the `Idempotency-Key` header of idempotent routes (read by the guard, not by a
 * schema), required where the route requires it.
 */
export const openApiTransform: Transform = (input) => {
  const transformed = jsonSchemaTransform(input);
  const schema = transformed.schema as { headers?: Record<string, unknown>; response?: unknown };
  allowNullInNullableEnums(schema.response);
  const idempotent = (input.route as { config?: { idempotent?: boolean | 'required' } }).config?.idempotent;
  if (!idempotent) return transformed;
  return {
    ...transformed,
    schema: {
      ...schema,
      headers: {
        type: 'object',
        properties: {
          'idempotency-key': {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'The same key and body replay the first answer; the key with another body is 422.',
          },
        },
        ...(idempotent === 'required' ? { required: ['idempotency-key'] } : {}),
      },
    },
  };
};
