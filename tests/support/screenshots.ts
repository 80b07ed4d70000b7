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
 * Light and dark screenshots of what the page shows now, as `<dir>/<name>-<width>-<theme>.png`, for
 * a person to look at (never compared). With `widths`, one pair per width, then back to 1440 px.
 */
export async function themeShots(
  page: Page,
  dir: string,
  name: string,
  widths?: number[],
  options: { fullPage?: boolean } = {},
) {
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
