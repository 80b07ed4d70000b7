import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Light and dark screenshots of what the page shows now, as `<dir>/<name>-<width>-<theme>.png`, for
 * a person to look at (never compared). With `widths`, one pair per width, then back to 1440 px.
 */
export async function themeShots(page: Page, dir: string, name: string, widths?: number[]) {
  mkdirSync(dir, { recursive: true });
  for (const width of widths ?? [page.viewportSize()?.width ?? 0]) {
    if (widths) await page.setViewportSize({ width, height: 900 });
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => {
        localStorage.setItem('mc-theme', value);
        document.documentElement.classList.toggle('dark', value === 'dark');
      }, theme);
      await page.screenshot({ path: join(dir, `${name}-${width}-${theme}.png`) });
    }
  }
  if (widths) await page.setViewportSize({ width: 1440, height: 900 });
}
