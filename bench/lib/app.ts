import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { configFor } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/client.ts';
import type { RequestContext } from '../../src/server/platform/audit/append.ts';
import { deriveKeys, type Keys } from '../../src/server/platform/crypto.ts';
import { createStaff, sessionCookie, type TestApp } from '../../tests/support/app.ts';

/** Who a benchmark's own writes are by, as the audit trail records them. */
export function benchRequest(requestId: string): RequestContext {
  return { actor: { id: null, email: 'bench@example.test', role: 'system' }, requestId, ip: '127.0.0.1' };
}

export type BenchApp = {
  app: FastifyInstance;
  port: number;
  keys: Keys;
  /** The session cookie of a signed-in, stepped-up developer. */
  cookie: string;
};

/**
 * The server as a benchmark calls it: on the run's database (`url`), with a fresh secret, listening
 * on a free port, and a developer to call it as. `env` are config overrides. The caller closes `app`.
 */
export async function startBenchApp(
  database: Database,
  url: string,
  env: Record<string, string> = {},
): Promise<BenchApp> {
  const secret = randomBytes(32).toString('base64url');
  const config = configFor({ MC_SECRET_KEY: secret, LOG_LEVEL: 'warn', DATABASE_URL: url, ...env });
  const keys = deriveKeys(secret);
  const app = await buildApp({ config, database, keys });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    // The support helpers want a TestApp; they only use its database, keys and config.
    const testApp: TestApp = {
      app,
      database: Object.assign(database, { url, name: new URL(url).pathname.slice(1) }),
      config,
      keys,
      logs: [],
      close: async () => {},
    };
    const staff = await createStaff(testApp, 'developer');
    const cookie = await sessionCookie(testApp, staff.userId, { steppedUp: true });
    return { app, port, keys, cookie };
  } catch (error) {
    await app.close();
    throw error;
  }
}
