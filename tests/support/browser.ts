import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { buildApp, WEB_DIST } from '../../src/server/app.ts';
import { configFor, toolEnv } from '../../src/server/config.ts';
import { codeAt } from '../../src/server/modules/auth/totp.ts';
import { deriveKeys } from '../../src/server/platform/crypto.ts';
import { createMember, TEST_SECRET, type TestAccount, type TestApp } from './app.ts';
import { createTestDatabase } from './database.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SCREENSHOTS = join(import.meta.dirname, '..', 'e2e', 'screenshots');

export type BrowserApp = TestApp & {
  /** The URL the browser uses; PUBLIC_URL is set to it so Origin checks and cookies line up. */
  url: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) and page on the app. */
  newPage(): Promise<Page>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real server on a fresh test database and a random port, serving the built SPA, plus Chromium.
 * `env` are config overrides (e.g. ADMIN_SESSION_TIMEOUT). Build the SPA first: `npx vite build`.
 */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('dist/web is missing: run `npx vite build` before the e2e tests');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const database = await createTestDatabase();
  const config = configFor({
    MC_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    SIGNIN_RATE_LIMIT: '1000/60s',
    PORT: String(port),
    PUBLIC_URL: url,
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
  const app = await buildApp({ config, database, keys, logStream, serveWeb: true });
  await app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.launch({ executablePath: toolEnv().chromiumPath, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  return {
    app,
    database,
    config,
    keys,
    logs,
    url,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1440, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close().catch(() => {});
      // Open event streams would keep the server from closing.
      app.server.closeAllConnections();
      await app.close();
      await database.close();
    },
  };
}

/** Registers the failure screenshot for every test of a file. */
export function screenshotFailures(page: () => Page | undefined, name: string) {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const current = page();
    if (!current) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await current
      .screenshot({ path: join(SCREENSHOTS, `${name}-${Date.now()}.png`), fullPage: true })
      .catch(() => {});
  });
}

/** Signs in through the form. */
export async function signIn(page: Page, account: TestAccount) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Answers the step-up dialog with the code for `timestamp` (a code's time-step is good once). */
export async function enterStepUpCode(page: Page, secret: string, timestamp = Date.now()) {
  const dialog = page.getByRole('dialog', { name: /confirm it/i });
  await dialog.waitFor();
  await dialog.getByLabel('6-digit code').fill(codeAt(secret, timestamp));
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Signs in and steps up: the console, ready. */
export async function signInSteppedUp(page: Page, account: TestAccount) {
  await signIn(page, account);
  await enterStepUpCode(page, account.totpSecret!);
  await page.getByTestId('step-up-indicator').filter({ hasText: 'valid until' }).waitFor();
}

export type SeededMember = TestAccount & { sessionIds: string[] };

/**
 * A member written straight into the tables, for the Users tab: a last IP, live sessions (IP and
 * user agent) and login events, then the aggregate view refreshed so the list counts them.
 */
export async function seedMember(
  t: TestApp,
  options: {
    status?: 'active' | 'suspended' | 'deleted';
    lastIp?: string;
    sessions?: Array<{ ip: string; userAgent: string }>;
    loginEvents?: Array<{ ip: string; success: boolean }>;
  } = {},
): Promise<SeededMember> {
  const member = await createMember(t);
  const q = t.database.sql.query.bind(t.database.sql);
  await q(
    `UPDATE users SET status = $2, last_ip = $3, last_login_at = now() - interval '1 hour', auth_provider = 'password'
      WHERE id = $1`,
    [member.userId, options.status ?? 'active', options.lastIp ?? null],
  );
  const sessionIds: string[] = [];
  for (const [index, session] of (options.sessions ?? []).entries()) {
    const rows = await q<{ id: string }>(
      `INSERT INTO sessions (token, user_id, expires_at, ip, user_agent, created_at, last_seen_at)
       VALUES ($1, $2, now() + interval '1 day', $3, $4, now() - ($5 || ' hours')::interval, now())
       RETURNING id`,
      [randomUUID(), member.userId, session.ip, session.userAgent, String(index + 1)],
    );
    sessionIds.push(rows[0]!.id);
  }
  for (const event of options.loginEvents ?? []) {
    await q(
      `INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, user_agent)
       VALUES ($1, $2, 'password', 'signin', $3, $4, $5, 'e2e')`,
      [member.userId, member.email, event.success, event.success ? null : 'invalid_password', event.ip],
    );
  }
  await q('SELECT refresh_user_aggregate()');
  return { ...member, sessionIds };
}
