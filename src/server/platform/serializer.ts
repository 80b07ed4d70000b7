import fastJsonStringify from 'fast-json-stringify';
import { ResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Answers are written by fast-json-stringify, compiled once per route from its Zod response schema:
 * only the declared fields go out (as with Zod's own encode), in about half the time. With
 * `validate` (everywhere but production) each answer is first checked against the schema, so the
 * tests and staging catch a route that drifts from its contract; production trusts what the tests
 * proved. A schema JSON Schema cannot express falls back to Zod's encode and JSON.stringify.
 */
export function responseSerializer(validate: boolean) {
  return (route: { schema: unknown; method: string; url: string; httpStatus?: string }) => {
    const schema = route.schema;
    if (!(schema instanceof z.ZodType)) return serializerCompiler(route as never);
    let write: (data: unknown) => string;
    try {
      write = fastJsonStringify(z.toJSONSchema(schema, { io: 'output', target: 'draft-7' }) as never);
    } catch {
      return serializerCompiler(route as never);
    }
    if (!validate) return write;
    return (data: unknown) => {
      const checked = z.safeEncode(schema, data);
      if (!checked.success)
        throw new ResponseSerializationError(route.method, route.url, { cause: checked.error });
      return write(checked.data);
    };
  };
}
