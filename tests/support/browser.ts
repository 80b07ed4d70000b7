import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp, WEB_DIST } from '../../src/server/app.ts';
import { toolEnv } from '../../src/server/config.ts';
import { type TestApp, testAppParts } from './app.ts';
import { installAxe } from './axe.ts';
import { freePort } from './server-process.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type BrowserApp = TestApp & {
  /** The URL the browser uses; PUBLIC_URL is set to it so Origin checks and cookies line up. */
  url: string;
  /** A fresh browser context (its own cookies) and page on the app. */
  newPage(): Promise<Page>;
};

/**
 * A real server on a fresh test database and a random port, serving the built SPA, and pages on the
 * worker's Chromium (each in a browser context of its own, closed with the app).
 * `env` are config overrides (e.g. ADMIN_SESSION_TIMEOUT). Build the SPA first: `npx vite build`.
 */
export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('dist/web is missing: run `npx vite build` before the e2e tests');
  }
  // The port is chosen before the app is built (PUBLIC_URL names it), so another test process can
  // take it in between: then start again on another one.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnFreePort(env);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt === 3) throw error;
    }
  }
}

let launched: Promise<Browser> | undefined;

/**
 * The worker's one Chromium, launched on first use and kept for the spec files after it (they share
 * the worker's modules): a launch costs a second or two of both cores, and each file's pages live in
 * browser contexts of their own (own cookies and storage) closed with the file. Launched again if it
 * went away; it ends with the worker process.
 */
async function workerBrowser(): Promise<Browser> {
  const current = await launched?.catch(() => undefined);
  if (current?.isConnected()) return current;
  launched = chromium.launch({ executablePath: toolEnv().chromiumPath, args: CHROMIUM_ARGS });
  return launched;
}

async function startOnFreePort(env: Record<string, string>): Promise<BrowserApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { logStream, ...parts } = await testAppParts({
    LOG_LEVEL: 'warn',
    PORT: String(port),
    PUBLIC_URL: url,
    ...env,
  });
  const app = await buildApp({ ...parts, logStream, serveWeb: true });
  try {
    await app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await app.close();
    await parts.database.close();
    throw error;
  }
  const browser = await workerBrowser();
  const contexts: BrowserContext[] = [];

  return {
    ...parts,
    app,
    url,
    async newPage() {
      // Reduced motion: no page is scanned by axe half-way through a fade.
      const context = await browser.newContext({
        baseURL: url,
        viewport: { width: 1440, height: 900 },
        reducedMotion: 'reduce',
      });
      await installAxe(context);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      // Open event streams would keep the server from closing.
      app.server.closeAllConnections();
      await app.close();
      await parts.database.close();
    },
  };
}
