import { useEffect, useRef } from 'react';
import type { UiMetricBody } from '../../contracts/system.ts';

/**
 * Console page timings (seed 001 §6): each admin page reports once per visit, after its data
 * rendered, `{page, ttfb, renderMs, rows}`. The first page of a load measures from the browser's
 * navigation; later pages from the route change, with the TTFB of the page's main query.
 */
let routeStart = 0;
let firstPage = true;

/** Called by the router when the path changes (not when only the search changes). */
export function markRouteStart() {
  routeStart = performance.now();
}

function navigationTtfb(): number | null {
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return entry && entry.responseStart > 0 ? entry.responseStart : null;
}

/** Time to first byte of the latest call to `apiPath` made since the route started. */
function queryTtfb(apiPath: string): number | null {
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index]!;
    if (entry.startTime < routeStart) break;
    const path = new URL(entry.name, window.location.href).pathname;
    if (path === apiPath && entry.responseStart > 0) return entry.responseStart - entry.startTime;
  }
  return null;
}

const clamp = (ms: number) => Math.min(600_000, Math.max(0, Math.round(ms * 10) / 10));

export function reportPage(body: UiMetricBody) {
  // Fire-and-forget: the route is guarded by `staff` only, so it never asks for a step-up.
  void fetch('/api/admin/telemetry', {
    method: 'POST',
    credentials: 'include',
    keepalive: true,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {});
}

/**
 * Reports this page once, when `rows` is first known (the data is on screen). `apiPath` is the
 * path of the page's main query, for the TTFB of pages reached inside the SPA.
 */
export function usePageTelemetry(page: string, apiPath: string, rows: number | undefined) {
  const reported = useRef(false);
  useEffect(() => {
    if (reported.current || rows === undefined) return;
    reported.current = true;
    const now = performance.now();
    const first = firstPage;
    firstPage = false;
    const ttfb = (first ? navigationTtfb() : queryTtfb(apiPath)) ?? queryTtfb(apiPath) ?? 0;
    reportPage({ page, ttfb: clamp(ttfb), renderMs: clamp(now - (first ? 0 : routeStart)), rows });
  }, [page, apiPath, rows]);
}
