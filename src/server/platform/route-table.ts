import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteEntry } from './types.ts';

type ZodLike = { _zod?: { def: { type: string; in?: unknown; innerType?: unknown; catchall?: ZodLike } } };

/** Whether a query schema refuses unknown keys: the object under any transform, default or optional. */
function queryKind(schema: unknown): RouteEntry['query'] {
  if (!schema) return 'none';
  let current = schema as ZodLike | undefined;
  for (let depth = 0; depth < 8 && current?._zod; depth += 1) {
    const def: NonNullable<ZodLike['_zod']>['def'] = current._zod.def;
    if (def.type === 'object') return def.catchall?._zod?.def.type === 'never' ? 'strict' : 'loose';
    current = (def.in ?? def.innerType) as ZodLike | undefined;
  }
  return 'loose';
}

/**
 * Records every route registered on `app` from this call on, whoever registers it (a module, a
 * plugin, the SPA fallback) and whether or not it declares a guard: what the route walk enumerates
 * (tests/integration/platform/rbac.test.ts). app.ts calls it before anything else is registered.
 * Entries are read when asked for, so a guard set by a later onRoute hook (the OpenAPI viewer's)
 * counts, and a route that slipped past the guard's own check shows up without one.
 */
export function recordRoutes(app: FastifyInstance): () => RouteEntry[] {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  return () =>
    routes.flatMap((route) =>
      (Array.isArray(route.method) ? route.method : [route.method])
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          url: route.url,
          guard: route.config?.guard ?? null,
          idempotent: Boolean(route.config?.idempotent),
          query: queryKind(route.schema?.querystring),
        })),
    );
}
