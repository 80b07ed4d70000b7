import { z } from 'zod';

/**
 * The Analytics registry: every figure the Analytics tab shows, where the server reads it, and the
 * list a tile or chart point drills into. A module adds its figures here (one entry in METRICS, its
 * key in TILES and/or a CHARTS entry) and a trigger that feeds `analytics_bump('<key>', …)` in a
 * migration of its own; the server, the tab and the tests pick them up from this file.
 */

/** Where a metric's numbers come from. */
export type MetricSource =
  /** `analytics_hourly`/`analytics_daily` rows of this metric: their count, or their amount in cents. */
  | { rollup: string; field: 'count' | 'amount' }
  /** Distinct members with a successful sign-in in the window (`analytics_active_hours`). */
  | { distinct: 'active' }
  /**
   * A state rather than a flow: how many there were at the end of each bucket (open missions; the
   * catalog's low-stock SKUs would be one). The server's SNAPSHOTS (modules/analytics/snapshots.ts)
   * says how to count it at an instant; the tile shows the value at the window's end.
   */
  | { snapshot: string }
  /**
   * A state with no history (the catalog's low-stock SKUs: stock is kept as it is now, not as it
   * was): the tile shows it now, with no previous period; the server's CURRENT says how to count it.
   */
  | { current: string }
  /** One metric over another per bucket and in all, in percent (activation: activated ÷ sign-ups). */
  | { ratio: { of: string; per: string } };

/** A list a figure opens, with the filter and window applied (the list keeps its filters in the URL). */
export type DrillLink = { to: string; search: Record<string, string> };

export type MetricDef = {
  key: string;
  label: string;
  /** What it counts and how: shown as the tile's description and in the README. */
  description: string;
  format: 'count' | 'money' | 'percent';
  source: MetricSource;
  /** Higher is worse (failed sign-ins, refunds): the ▲ is coloured as a warning. */
  lowerIsBetter?: boolean;
  drill?: (window: { from: string; to: string }) => DrillLink;
};

export const METRICS = [
  {
    key: 'active_users',
    label: 'Active users',
    description: 'Distinct members with at least one successful sign-in in the window.',
    format: 'count',
    source: { distinct: 'active' },
    drill: ({ from, to }) => ({ to: '/users', search: { lastLoginFrom: from, lastLoginTo: to } }),
  },
  {
    key: 'signups',
    label: 'Sign-ups',
    description: 'Accounts created in the window.',
    format: 'count',
    source: { rollup: 'signups', field: 'count' },
    drill: ({ from, to }) => ({ to: '/users', search: { joinedFrom: from, joinedTo: to } }),
  },
  {
    key: 'signins_ok',
    label: 'Sign-ins',
    description: 'Successful sign-ins (password or Google).',
    format: 'count',
    source: { rollup: 'signins_ok', field: 'count' },
    drill: ({ from, to }) => ({ to: '/users', search: { lastLoginFrom: from, lastLoginTo: to } }),
  },
  {
    key: 'signins_failed',
    label: 'Failed sign-ins',
    description: 'Sign-in attempts that were refused (wrong password, locked, unknown account).',
    format: 'count',
    source: { rollup: 'signins_failed', field: 'count' },
    lowerIsBetter: true,
  },
  {
    key: 'orders',
    label: 'Orders',
    description: 'Orders placed, whatever their status now.',
    format: 'count',
    source: { rollup: 'orders', field: 'count' },
    drill: ({ from, to }) => ({ to: '/orders', search: { from, to } }),
  },
  {
    key: 'revenue',
    label: 'Revenue',
    description: 'Money taken: the sum of payments charged in the window.',
    format: 'money',
    source: { rollup: 'revenue', field: 'amount' },
    drill: ({ from, to }) => ({ to: '/orders', search: { from, to } }),
  },
  {
    key: 'refunds',
    label: 'Refunds',
    description: 'Money given back: refunds that succeeded in the window.',
    format: 'money',
    source: { rollup: 'refunds', field: 'amount' },
    lowerIsBetter: true,
    drill: ({ from, to }) => ({ to: '/orders', search: { status: 'refunded', from, to } }),
  },
  {
    key: 'low_stock',
    label: 'Low-stock SKUs',
    description:
      'Products not archived with 1 … the low-stock threshold (System → Settings) in stock, now: stock has no history, so there is no previous period.',
    format: 'count',
    source: { current: 'low_stock' },
    lowerIsBetter: true,
    drill: () => ({ to: '/products', search: { stock: 'low' } }),
  },
  {
    key: 'searches',
    label: 'Searches',
    description: 'Shop searches members ran in the window (search_queries).',
    format: 'count',
    source: { rollup: 'searches', field: 'count' },
  },
  {
    key: 'searches_zero',
    label: 'Zero-result searches',
    description: 'Searches that found no product: what the shop lacks, or how it is misspelt.',
    format: 'count',
    source: { rollup: 'searches_zero', field: 'count' },
    lowerIsBetter: true,
  },
  {
    key: 'posts',
    label: 'Posts',
    description: 'Journal posts written in the window, whatever became of them since.',
    format: 'count',
    source: { rollup: 'posts', field: 'count' },
  },
  {
    key: 'messages',
    label: 'Conversation messages',
    description:
      "Messages in stones' conversations, placed at each conversation's last message (the console keeps counts, not messages).",
    format: 'count',
    source: { rollup: 'messages', field: 'count' },
  },
  {
    key: 'activations',
    label: 'Activated (cohort)',
    description:
      'Members who signed up in the bucket and have completed genesis (activated a stone) since, counted once each.',
    format: 'count',
    source: { rollup: 'activations', field: 'count' },
  },
  {
    key: 'activation_rate',
    label: 'Activation rate',
    description:
      'Of the members who signed up in the window (or bucket), the share who have completed genesis: activated ÷ sign-ups.',
    format: 'percent',
    source: { ratio: { of: 'activations', per: 'signups' } },
    drill: ({ from, to }) => ({ to: '/users', search: { joinedFrom: from, joinedTo: to } }),
  },
  {
    key: 'open_missions',
    label: 'Open missions',
    description: 'Mission cards not yet shipped, at the end of the window (and of each bucket).',
    format: 'count',
    source: { snapshot: 'open_missions' },
    lowerIsBetter: true,
    drill: () => ({ to: '/missions', search: {} }),
  },
] as const satisfies readonly MetricDef[];

export type MetricKey = (typeof METRICS)[number]['key'];
export const METRIC_KEYS = METRICS.map((metric) => metric.key) as [MetricKey, ...MetricKey[]];

export function metricDef(key: string): MetricDef | undefined {
  return (METRICS as readonly MetricDef[]).find((metric) => metric.key === key);
}

/** The tiles of the Analytics tab, in order. */
export const TILES: readonly MetricKey[] = [
  'active_users',
  'signups',
  'signins_ok',
  'signins_failed',
  'orders',
  'revenue',
  'refunds',
  'open_missions',
  'low_stock',
  'searches',
  'posts',
  'activation_rate',
];

export type ChartDef = {
  key: string;
  title: string;
  kind: 'line' | 'bar';
  metrics: readonly MetricKey[];
};

/** The charts of the Analytics tab, in order. */
export const CHARTS: readonly ChartDef[] = [
  { key: 'users', title: 'Users over time', kind: 'line', metrics: ['signups', 'active_users'] },
  { key: 'signins', title: 'Sign-ins and failures', kind: 'bar', metrics: ['signins_ok', 'signins_failed'] },
  { key: 'orders', title: 'Orders', kind: 'bar', metrics: ['orders'] },
  { key: 'revenue', title: 'Revenue and refunds', kind: 'line', metrics: ['revenue', 'refunds'] },
  { key: 'posts', title: 'Posts over time', kind: 'bar', metrics: ['posts'] },
  {
    key: 'activation',
    title: 'Activation rate by sign-up cohort',
    kind: 'line',
    metrics: ['activation_rate'],
  },
  { key: 'conversations', title: 'Conversation volume', kind: 'bar', metrics: ['messages'] },
  { key: 'searches', title: 'Searches', kind: 'bar', metrics: ['searches', 'searches_zero'] },
];

export const ANALYTICS_RANGES = ['today', '7d', '30d', 'custom'] as const;
export type AnalyticsRange = (typeof ANALYTICS_RANGES)[number];

/** A time zone the runtime knows (IANA name). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const localDate = z.iso.date('must be a date YYYY-MM-DD');

export const AnalyticsQuery = z.strictObject({
  range: z.enum(ANALYTICS_RANGES).default('7d'),
  /** Custom range: first and last local day, both included. */
  from: localDate.optional(),
  to: localDate.optional(),
  /** The viewer's time zone: days start at its midnight. */
  tz: z
    .string()
    .max(64)
    .refine((value) => !value.includes('\u0000') && isTimeZone(value), 'must be an IANA time zone')
    .default('UTC'),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

export const AnalyticsWindow = z.object({
  range: z.enum(ANALYTICS_RANGES),
  tz: z.string(),
  granularity: z.enum(['hour', 'day']),
  /** Half-open [from, to) in UTC ISO; `to` is now for ranges that end today. */
  from: z.string(),
  to: z.string(),
  /** The period before, of the same length, for the comparison. */
  previousFrom: z.string(),
  previousTo: z.string(),
});
export type AnalyticsWindow = z.infer<typeof AnalyticsWindow>;

export const AnalyticsTile = z.object({
  key: z.string(),
  /** Counts, or cents for money. */
  value: z.number(),
  previous: z.number(),
});
export type AnalyticsTile = z.infer<typeof AnalyticsTile>;

export const AnalyticsBucket = z.object({
  /** Start of the bucket (UTC ISO); it ends where the next begins (or at the window's end). */
  at: z.string(),
  values: z.record(z.string(), z.number()),
});
export type AnalyticsBucket = z.infer<typeof AnalyticsBucket>;

/** A search query (lower-cased, trimmed) and how often it was run in the window. */
export const SearchTerm = z.object({ query: z.string(), searches: z.number().int(), zero: z.number().int() });
export type SearchTerm = z.infer<typeof SearchTerm>;

export const AnalyticsResponse = z.object({
  window: AnalyticsWindow,
  tiles: z.array(AnalyticsTile),
  /** Every bucket of the window, empty ones as zero, with a value for every charted metric. */
  buckets: z.array(AnalyticsBucket),
  /** The same buckets of the previous period (for sparklines "vs yesterday"). */
  previousBuckets: z.array(AnalyticsBucket),
  /** The window's most run searches and those that found nothing (UTC days the window touches). */
  searchTerms: z.object({ top: z.array(SearchTerm), zero: z.array(SearchTerm) }),
});
export type AnalyticsResponse = z.infer<typeof AnalyticsResponse>;

/** Change from `previous` to `value` in percent (null when there is nothing to compare with). */
export function changePercent(value: number, previous: number): number | null {
  if (previous === 0) return value === 0 ? 0 : null;
  return Math.round(((value - previous) / previous) * 1000) / 10;
}

export const MemberSignInsParams = z.object({ id: z.guid('must be a user id') });
export const MemberSignInsQuery = AnalyticsQuery.pick({ tz: true });

/** A member's sign-ins per local day over the last 30 days (User 360). */
export const MemberSignInsResponse = z.object({
  tz: z.string(),
  days: z.array(AnalyticsBucket),
});
export type MemberSignInsResponse = z.infer<typeof MemberSignInsResponse>;
