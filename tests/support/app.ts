import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/contracts/permissions.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Config, configFor } from '../../src/server/config.ts';
import { grantStaff, newTotpSecret } from '../../src/server/modules/auth/index.ts';
import { createPasswordAccount } from '../../src/server/platform/auth/accounts.ts';
import {
  newSessionToken,
  sessionCookieName,
  signSessionToken,
} from '../../src/server/platform/auth/session.ts';
import { deriveKeys, type Keys } from '../../src/server/platform/crypto.ts';
import { installContractCheck } from './contract.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  keys: Keys;
  /** Every log line the app wrote, raw JSON text. */
  logs: string[];
  close(): Promise<void>;
};

/**
 * What every test app is built from, in-process or behind a real port: a fresh database, the config
 * (test defaults, then `env`), the keys, and a log stream that keeps every line it is given.
 */
export async function testAppParts(
  env: Record<string, string> = {},
  options: { replicaServer?: string } = {},
) {
  const database = await createTestDatabase(options);
  const config = configFor({
    MC_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'info',
    SIGNIN_RATE_LIMIT: '1000/60s',
    ...env,
  });
  const keys = deriveKeys(TEST_SECRET);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  return { database, config, keys, logs, logStream };
}

/**
 * An app on a fresh database of its own. `env` are config overrides, as environment variables;
 * `replicaServer` also opens a read replica of that database on that server (tests/support/database.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { replicaServer?: string } = {},
): Promise<TestApp> {
  const { logStream, ...parts } = await testAppParts(env, options);
  const app = await buildApp({ ...parts, logStream, instrument: installContractCheck });
  await app.ready();
  return {
    ...parts,
    app,
    async close() {
      await app.close();
      await parts.database.close();
    },
  };
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.test`;
}

export type TestAccount = { userId: string; email: string; password: string; totpSecret: string | null };

export async function createMember(t: TestApp, password = 'correct horse battery'): Promise<TestAccount> {
  const email = uniqueEmail('member');
  const { userId } = await createPasswordAccount(t.database.db, { email, name: 'Test Member', password });
  return { userId, email, password, totpSecret: null };
}

const CLI = { actor: { id: null, email: 'test', role: 'cli' }, requestId: 'test', ip: null };

/** A staff account; enrolled in TOTP unless told otherwise. */
export async function createStaff(
  t: TestApp,
  role: Role,
  options: { enrolled?: boolean } = {},
): Promise<TestAccount> {
  const email = uniqueEmail(role);
  const password = 'staff password 123';
  const totpSecret = options.enrolled === false ? null : newTotpSecret();
  const { userId } = await grantStaff(t.database, CLI, {
    email,
    role,
    password,
    ...(totpSecret ? { totpSecret, totpKey: t.keys.totp } : {}),
  });
  return { userId, email, password, totpSecret };
}

/**
 * A signed-in session written straight to the database (the way a test fixture logs in: fresh, a week
 * to live, so not due for renewal), optionally
 * already stepped up. The real sign-in and step-up flows have tests of their own.
 */
export async function sessionCookie(
  t: TestApp,
  userId: string,
  options: { steppedUp?: boolean } = {},
): Promise<string> {
  const token = newSessionToken();
  await t.database.sql.query(
    `INSERT INTO sessions (token, user_id, expires_at, ip, user_agent, step_up_at)
     VALUES ($1, $2, now() + interval '7 days', '127.0.0.1', 'vitest', $3)`,
    [token, userId, options.steppedUp === false ? null : new Date()],
  );
  return `${sessionCookieName(t.config)}=${signSessionToken(t.keys.auth, token)}`;
}

/** A staff member of `role`, signed in and stepped up: the cookie to send. */
export async function staffCookie(t: TestApp, role: Role): Promise<{ cookie: string; account: TestAccount }> {
  const account = await createStaff(t, role);
  return { cookie: await sessionCookie(t, account.userId), account };
}

/** app.inject with a session cookie and a same-origin Origin header, as the SPA sends. */
export function call(
  t: TestApp,
  options: InjectOptions & { cookie?: string },
): Promise<LightMyRequestResponse> {
  const { cookie, headers, ...rest } = options;
  return t.app.inject({
    ...rest,
    headers: { origin: t.config.publicUrl, ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** The session cookie a response set, as a Cookie header value. */
export function cookieFrom(response: LightMyRequestResponse, t: TestApp): string | null {
  const name = sessionCookieName(t.config);
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const line = all.find((value) => value.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : null;
}

/** Events of a type, oldest first. */
export async function eventsOfType(t: TestApp, type: string) {
  return t.database.sql.query<{
    id: string;
    actor_id: string | null;
    actor_email: string | null;
    actor_role: string | null;
    subject_id: string | null;
    payload: Record<string, unknown>;
    request_id: string | null;
    ip: string | null;
  }>(
    `SELECT id::text AS id, actor_id::text AS actor_id, actor_email, actor_role, subject_id, payload, request_id, host(ip) AS ip
       FROM events WHERE type = $1 ORDER BY events.id`,
    [type],
  );
}
