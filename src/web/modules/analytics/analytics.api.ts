import { useQuery } from '@tanstack/react-query';
import {
  ANALYTICS_RANGES,
  type AnalyticsRange,
  type AnalyticsResponse,
  type DrillLink,
  metricDef,
} from '../../../contracts/analytics.ts';
import { viewerTimeZone } from '../../components/charts/palette.ts';
import { api, toQuery } from '../../lib/api.ts';

/** The Analytics tab's range, as it lives in the URL (shared by every tile and chart). */
export type AnalyticsSearch = { range?: AnalyticsRange; from?: string; to?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the URL leniently: an unknown range is dropped (7 days), dates kept for the server to judge. */
export function parseAnalyticsSearch(search: Record<string, unknown>): AnalyticsSearch {
  const out: AnalyticsSearch = {};
  if (typeof search.range === 'string' && (ANALYTICS_RANGES as readonly string[]).includes(search.range))
    out.range = search.range as AnalyticsRange;
  if (typeof search.from === 'string' && DATE.test(search.from)) out.from = search.from;
  if (typeof search.to === 'string' && DATE.test(search.to)) out.to = search.to;
  return out;
}

export const ANALYTICS_PATH = '/api/admin/analytics';

/** The whole page's figures for a range, in the viewer's time zone. */
export function useAnalytics(search: AnalyticsSearch, options: { refetchMs?: number } = {}) {
  const tz = viewerTimeZone();
  const range = search.range ?? '7d';
  const params = {
    range,
    tz,
    ...(range === 'custom' ? { from: search.from, to: search.to } : {}),
  };
  return useQuery({
    queryKey: ['analytics', params],
    queryFn: ({ signal }) => api<AnalyticsResponse>(`${ANALYTICS_PATH}${toQuery(params)}`, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchMs ?? 60_000,
  });
}

/** Where a metric drills for a window (a tile: the range; a chart point: its bucket), if anywhere. */
export function drillFor(key: string, window: { from: string; to: string }): DrillLink | null {
  return metricDef(key)?.drill?.(window) ?? null;
}

const money = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const moneyExact = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat();

/** A figure as shown: counts as numbers, money (cents) in dollars, rates with a % sign. */
export function formatFigure(format: 'count' | 'money' | 'percent', value: number, exact = false): string {
  if (format === 'money') return (exact ? moneyExact : money).format(value / 100);
  if (format === 'percent') return `${count.format(value)}%`;
  return count.format(value);
}
