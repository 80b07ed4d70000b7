import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Waits until what the page shows is what it will keep showing: every running transition and
 * animation finished (a theme switch fades colours), then two frames painted. A screenshot taken
 * earlier shows colours half-way between the themes.
 */
export async function settled(page: Page) {
  await page.evaluate(async () => {
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/**
 * Where the browser tests leave screenshots for a person to look at (never compared): the folder
 * `SHOTS_DIR` names. Unset (as in `npm test`), no screenshot is taken: they cost a fifth of the
 * browser suite's time and check nothing.
 */
const SHOTS_DIR = process.env.SHOTS_DIR?.trim() || null;

/** One screenshot of the page as it is, as `<SHOTS_DIR>/<name>.png` (only when SHOTS_DIR is set). */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await settled(page);
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: options.fullPage });
}

/**
 * Light and dark screenshots of what the page shows now, as `<SHOTS_DIR>/<name>-<width>-<theme>.png`
 * (only when SHOTS_DIR is set). With `widths`, one pair per width, then back to 1440 px.
 */
export async function themeShots(
  page: Page,
  name: string,
  widths?: number[],
  options: { fullPage?: boolean } = {},
) {
  if (!SHOTS_DIR) return;
  const dir = SHOTS_DIR;
  mkdirSync(dir, { recursive: true });
  const before = await page.evaluate(() => localStorage.getItem('mc-theme'));
  for (const width of widths ?? [page.viewportSize()?.width ?? 0]) {
    if (widths) await page.setViewportSize({ width, height: 900 });
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => {
        localStorage.setItem('mc-theme', value);
        document.documentElement.classList.toggle('dark', value === 'dark');
      }, theme);
      await settled(page);
      await page.screenshot({ path: join(dir, `${name}-${width}-${theme}.png`), fullPage: options.fullPage });
    }
  }
  // The page goes on as it was: the stored choice (or none) and its theme.
  await page.evaluate((value) => {
    if (value === null) localStorage.removeItem('mc-theme');
    else localStorage.setItem('mc-theme', value);
    const dark =
      (value ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
    document.documentElement.classList.toggle('dark', dark);
  }, before);
  if (widths) await page.setViewportSize({ width: 1440, height: 900 });
}
