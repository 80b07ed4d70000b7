import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { Discord } from './integrations/discord.ts';
import { Mailer } from './integrations/mailer.ts';
import { Payments } from './integrations/stripe.ts';
import { actions } from './modules/actions/index.ts';
import { analytics } from './modules/analytics/index.ts';
import { audit } from './modules/audit/index.ts';
import { auth } from './modules/auth/index.ts';
import { campaigns } from './modules/campaigns/index.ts';
import { catalog } from './modules/catalog/index.ts';
import { home } from './modules/home/index.ts';
import { member } from './modules/member/index.ts';
import { missions } from './modules/missions/index.ts';
import { moderation } from './modules/moderation/index.ts';
import { orders } from './modules/orders/index.ts';
import { refunds } from './modules/refunds/index.ts';
import { search } from './modules/search/index.ts';
import { signals } from './modules/signals/index.ts';
import { stones } from './modules/stones/index.ts';
import { stragglers } from './modules/stragglers/index.ts';
import { stripe } from './modules/stripe/index.ts';
import { system } from './modules/system/index.ts';
import { teams } from './modules/teams/index.ts';
import { users } from './modules/users/index.ts';
import { EventHub } from './platform/audit/hub.ts';
import { sealerFor } from './platform/audit/sealer.ts';
import { createAuth } from './platform/auth/better-auth.ts';
import { guardPlugin } from './platform/auth/guard.ts';
import type { Keys } from './platform/crypto.ts';
import { frameworkErrors, registerErrorHandler } from './platform/error-handler.ts';
import { type HealthProbeName, HealthRegistry } from './platform/health.ts';
import { inputPlugin } from './platform/input.ts';
import { PLATFORM_JOBS } from './platform/jobs/housekeeping.ts';
import { JobRunner } from './platform/jobs/runner.ts';
import type { ServerModule } from './platform/module.ts';
import { OPENAPI_VERSION, openApiTransform } from './platform/openapi.ts';
import { Reads, readsPlugin } from './platform/reads.ts';
import { recordRoutes } from './platform/route-table.ts';
import { securityPlugin } from './platform/security.ts';
import { Telemetry } from './platform/telemetry.ts';
import type { Platform } from './platform/types.ts';

/** The modules, in the order they register. Adding a module is adding its folder and a line here. */
/** How often an instance looks for committed events nobody sealed yet (appends outside mutate()). */
const SEAL_INTERVAL_MS = 100;

const MODULES: ServerModule[] = [
  auth,
  member,
  audit,
  system,
  users,
  missions,
  signals,
  actions,
  stragglers,
  refunds,
  catalog,
  stripe,
  orders,
  stones,
  moderation,
  teams,
  campaigns,
  home,
  analytics,
  search,
];

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'dist', 'web');

export type AppOptions = {
  config: Config;
  database: Database;
  keys: Keys;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
  serveWeb?: boolean;
  /**
   * Called on the bare instance, before any plugin or route registers, so that its hooks reach every
   * route: the test suite installs its contract check here (tests/support/contract.ts).
   */
  instrument?: (app: FastifyInstance) => void;
};

const REDACTED = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.code',
  '*.secret',
  '*.token',
];

/** A request slower than this is logged even when request logging is quiet. */
const SLOW_REQUEST_MS = 2_000;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database, keys } = options;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED, censor: '[redacted]' },
      // Paths without query strings: filters carry emails, OAuth callbacks carry codes and state.
      serializers: {
        req: (request: { method: string; url: string; ip?: string }) => ({
          method: request.method,
          path: request.url.split('?')[0],
          remoteAddress: request.ip,
        }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    trustProxy: config.trustProxy,
    // Two lines per request drown what matters: by default only slow or failed requests are
    // logged (hook below); LOG_LEVEL=debug brings every request back.
    logController: new LogController({
      disableRequestLogging: !['debug', 'trace'].includes(config.logLevel),
    }),
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    frameworkErrors,
  });
  options.instrument?.(app);
  if (!['debug', 'trace'].includes(config.logLevel)) {
    app.addHook('onResponse', async (request, reply) => {
      // A live stream is long by design.
      const stream = String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream');
      const slow = !stream && reply.elapsedTime > SLOW_REQUEST_MS;
      if (reply.statusCode >= 500 || slow) {
        request.log.warn(
          { res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) },
          slow ? 'slow request' : 'request failed',
        );
      }
    });
  }
  // Before anything registers a route: the table of every route, for the route walk.
  const routeTable = recordRoutes(app);
  app.decorate('routeTable', { getter: routeTable });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // 1. What every module shares.
  const hub = new EventHub(database, app.log);
  const telemetry = new Telemetry();
  const mailer = new Mailer(config, database.db);
  const platform: Platform = {
    config,
    database,
    reads: new Reads(database, config.replica),
    keys,
    auth: createAuth({ config, database, keys, mailer, log: app.log }),
    hub,
    telemetry,
    mailer,
    discord: new Discord(config),
    payments: new Payments(config),
    sessionRenewalListeners: [],
    jobs: null as unknown as JobRunner<Platform>,
    health: new HealthRegistry(),
    startedAt: new Date(),
  };
  platform.jobs = new JobRunner<Platform>(platform, [...PLATFORM_JOBS], app.log);
  platform.health.register('platform', 'readReplica', () => platform.reads.health());
  app.decorate('mc', platform);
  registerErrorHandler(app);
  await app.register(securityPlugin);
  await app.register(inputPlugin);
  await app.register(guardPlugin);
  await app.register(readsPlugin);
  await app.register(swagger, {
    openapi: { openapi: OPENAPI_VERSION, info: { title: 'Mission Control API', version: '0.1.0' } },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/admin/stream')) {
      telemetry.record(reply.elapsedTime);
    }
  });

  // 2. The modules: their jobs, their health probes, and their routes, tagged in OpenAPI with the module's name.
  for (const module of MODULES) {
    for (const job of module.jobs ?? []) platform.jobs.add(job);
    for (const [name, probe] of Object.entries(module.health ?? {}) as [HealthProbeName, never][]) {
      platform.health.register(module.name, name, probe);
    }
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, tags: [module.name] };
      });
      await scope.register(module.routes);
    });
  }

  // 3. The single-page app, when built.
  if (options.serveWeb && existsSync(join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
    app.get('/*', { config: { guard: 'public' }, schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply
          .status(404)
          .send({ code: 'not_found', message: `No route GET ${request.url.split('?')[0]}` });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  await hub.start();
  // mutate() seals its own events right after commit; the timer seals the rest (decision 006).
  const sealer = sealerFor(database);
  sealer.start(SEAL_INTERVAL_MS);
  // Before the server stops accepting: open streams end (with `event: reconnect`) so close() is not held up.
  app.addHook('preClose', async () => hub.stop());
  app.addHook('onClose', async () => {
    sealer.stop();
    platform.jobs.stop();
    mailer.close();
  });
  return app;
}
