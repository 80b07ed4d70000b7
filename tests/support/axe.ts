import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

// axe-core's browser build, injected into every page of a test browser context.
const AXE_SOURCE: string = createRequire(import.meta.url)('axe-core').source;

/** The impacts that fail a browser test (WCAG A/AA rules; moderate and minor are reported by axe only). */
const FAILING = new Set(['serious', 'critical']);

export type AxeFinding = { url: string; rule: string; impact: string; help: string; targets: string[] };

type AxeResult = {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; failureSummary?: string }>;
  }>;
};

/** Makes axe available on every page the context opens (before the app's own scripts run). */
export async function installAxe(context: BrowserContext) {
  await context.addInitScript({ content: AXE_SOURCE });
}

/** Runs axe on the page as it is now: its serious and critical violations. */
export async function scanPage(page: Page): Promise<AxeFinding[]> {
  const url = page.url();
  const result = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }
    ).axe;
    // Colours caught half-way through a transition (a theme switch) are not the page's colours:
    // scan once every running transition and animation has settled.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
    // Two frames: a theme just switched has been styled and painted before axe reads colours.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // After a theme switch, Chromium can leave an inherited colour of the old theme on some
    // elements (a header's button, a link in muted text) until their style is next recomputed;
    // changing the root's own colour for a moment makes every inheriting element recompute.
    const root = document.documentElement;
    const before = root.style.color;
    root.style.color = 'rgb(1, 2, 3)';
    void getComputedStyle(document.body).color;
    root.style.color = before;
    void getComputedStyle(document.body).color;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
    });
  })) as AxeResult;
  return result.violations
    .filter((violation) => FAILING.has(violation.impact ?? ''))
    .map((violation) => ({
      url,
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      // Each node with axe's reason (e.g. the two colours and their contrast ratio).
      targets: violation.nodes.slice(0, 5).map((node) => {
        const why = node.failureSummary?.split('\n').slice(1).join(' ').trim();
        return `${node.target.map(String).join(' ')}${why ? ` — ${why}` : ''}`;
      }),
    }));
}

/**
 * Scans each page state a test reaches: every navigation (once per path and theme, when its main
 * heading has rendered) and, at the end, every page still open. Findings are collected; `take()`
 * returns and clears them so the fixture can fail the test that produced them.
 */
export class AxeWatch {
  private findings: AxeFinding[] = [];
  private pending: Promise<void>[] = [];
  private seen = new Set<string>();

  watch(page: Page) {
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      this.pending.push(this.scanWhenRendered(page));
    });
  }

  private async scanWhenRendered(page: Page) {
    try {
      await page.locator('h1').first().waitFor({ timeout: 10_000 });
      const key = await page.evaluate(
        () =>
          `${location.pathname}|${document.documentElement.classList.contains('dark') ? 'dark' : 'light'}`,
      );
      if (this.seen.has(key)) return;
      this.seen.add(key);
      this.add(await scanPage(page));
    } catch {
      // The test moved on (another navigation, a closed page): its next state is scanned instead.
    }
  }

  async scanNow(page: Page) {
    if (page.isClosed()) return;
    try {
      this.add(await scanPage(page));
    } catch {
      // Closed or navigating while the test ended.
    }
  }

  private add(findings: AxeFinding[]) {
    for (const finding of findings) {
      const same = this.findings.some(
        (each) => each.rule === finding.rule && each.targets.join() === finding.targets.join(),
      );
      if (!same) this.findings.push(finding);
    }
  }

  async take(): Promise<AxeFinding[]> {
    await Promise.allSettled(this.pending.splice(0));
    return this.findings.splice(0);
  }
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map(
      (each) =>
        `[${each.impact}] ${each.rule}: ${each.help} at ${each.url}\n    ${each.targets.join('\n    ')}`,
    )
    .join('\n');
}
