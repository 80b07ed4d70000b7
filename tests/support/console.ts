import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Role } from '../../src/contracts/permissions.ts';
import { createStaff, type TestAccount } from './app.ts';
import { AxeWatch, describeFindings } from './axe.ts';
import { type BrowserApp, startBrowserApp } from './browser.ts';
import { signInSteppedUp } from './sign-in.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', 'e2e', 'screenshots');

type Env = Record<string, string>;

export type ConsoleFixture = {
  /** The running app: its database, URL, config. Started in `beforeAll`, so read it inside tests. */
  readonly app: BrowserApp;
  /** A fresh page with cookies of its own, signed in as nobody: for member and guest pages. */
  page(): Promise<Page>;
  /**
   * A page signed in through the form and stepped up, on the console: as a new staff account of
   * `role`, or as an account the test made already.
   */
  consolePage(who: Role | TestAccount): Promise<{ page: Page; account: TestAccount }>;
};

/**
 * The browser fixture of a spec file (or of one `describe`): before its tests, a real server on a
 * fresh database serving the built SPA, and pages on the worker's Chromium; after them, the app and
 * those pages closed (Chromium stays for the worker's next spec file). A failing test
 * leaves a screenshot of every page still open in tests/e2e/screenshots/. Every page state a test
 * reaches (each navigation, and every page still open at its end) is scanned with axe-core: a
 * serious or critical accessibility violation fails the test.
 *
 * `env` are config overrides; pass a function when they name a stand-in service the spec starts in
 * its own `beforeAll`, registered before this call (before hooks run in order, after hooks in reverse,
 * so the service is up before the app and closes after it).
 */
export function setupConsole(env: Env | (() => Env) = {}): ConsoleFixture {
  let started: BrowserApp | undefined;
  const pages: Page[] = [];
  const axe = new AxeWatch();
  const app = () => {
    if (!started) throw new Error('the console app starts in beforeAll: use it inside a test or a hook');
    return started;
  };
  const page = async () => {
    const opened = await app().newPage();
    axe.watch(opened);
    pages.push(opened);
    return opened;
  };

  beforeAll(async () => {
    started = await startBrowserApp(typeof env === 'function' ? env() : env);
  });
  afterAll(async () => started?.close());
  afterEach(async (context) => {
    for (const open of pages) await axe.scanNow(open);
    const findings = await axe.take();
    if (context.task.result?.state !== 'fail' && findings.length > 0) {
      throw new Error(`accessibility violations (axe-core):\n${describeFindings(findings)}`);
    }
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const spec = basename(context.task.file.name).replace(/\.e2e\.ts$/, '');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const stamp = Date.now();
    for (const [index, open] of pages.entries()) {
      if (open.isClosed()) continue;
      const path = join(SCREENSHOTS, `${spec}-${index + 1}-${stamp}.png`);
      await open.screenshot({ path, fullPage: true }).catch(() => {});
    }
  });

  return {
    get app() {
      return app();
    },
    page,
    async consolePage(who) {
      const account = typeof who === 'string' ? await createStaff(app(), who) : who;
      const opened = await page();
      await signInSteppedUp(opened, account);
      return { page: opened, account };
    },
  };
}

/** The Live Activity ticker's items that mention `text` (an event type, an email). */
export function tickerItems(page: Page, text: string): Locator {
  return page.getByTestId('ticker-item').filter({ hasText: text });
}

/** The live stream's status when it reads `state` ('live', 'paused'). */
export function streamStatus(page: Page, state: string): Locator {
  return page.getByTestId('stream-status').filter({ hasText: state }).first();
}
