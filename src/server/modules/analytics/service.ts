import { type SQL, sql } from 'drizzle-orm';
import {
  type AnalyticsBucket,
  type AnalyticsQuery,
  type AnalyticsResponse,
  type AnalyticsWindow,
  CHARTS,
  METRICS,
  type MetricDef,
  TILES,
} from '../../../contracts/analytics.ts';
import { type Db, rows } from '../../db/client.ts';
import { activeMembers } from './active.ts';
import { searchTerms } from './search-terms.ts';
import { CURRENT, SNAPSHOTS } from './snapshots.ts';
import { resolveWindow } from './window.ts';

const ISO = 'YYYY-MM-DD"T"HH24:MI:SS"Z"';
export const iso = (expression: SQL) => sql`to_char((${expression}) AT TIME ZONE 'UTC', ${ISO})`;

/** Where the page reads (a replica when there is one) and the primary, which keeps computed spans. */
export type Readers = { db: Db; primary: Db };

export type Span = { from: string; to: string; tz: string; granularity: AnalyticsWindow['granularity'] };

/** The start of the bucket holding instant `column`: its UTC hour, or the local midnight of its day. */
export function bucketOf(span: Span, column: SQL): SQL {
  return span.granularity === 'hour'
    ? sql`date_trunc('hour', ${column})`
    : sql`(date_trunc('day', ${column} AT TIME ZONE ${span.tz}) AT TIME ZONE ${span.tz})`;
}

/** Every bucket start of the span, in order: empty buckets are shown, not skipped. */
export async function bucketStarts(db: Db, span: Span): Promise<string[]> {
  const starts =
    span.granularity === 'hour'
      ? sql`SELECT generate_series(date_trunc('hour', ${span.from}::timestamptz),
                                   ${span.to}::timestamptz - interval '1 millisecond', interval '1 hour') AS s`
      : sql`SELECT (d::timestamp AT TIME ZONE ${span.tz}) AS s
              FROM generate_series((${span.from}::timestamptz AT TIME ZONE ${span.tz})::date,
                                   ((${span.to}::timestamptz - interval '1 millisecond') AT TIME ZONE ${span.tz})::date,
                                   interval '1 day') d`;
  const found = await rows<{ at: string }>(
    db,
    sql`SELECT ${iso(sql`s`)} AS at FROM (${starts}) b ORDER BY s`,
  );
  return found.map((row) => row.at);
}

const rollupMetrics = (METRICS as readonly MetricDef[]).filter(
  (metric): metric is MetricDef & { source: { rollup: string; field: 'count' | 'amount' } } =>
    'rollup' in metric.source,
);

/**
 * Sums of the rollup metrics per bucket. Hourly rows cover what retention keeps; per day, days older
 * than a metric's oldest hourly row come from `analytics_daily` (UTC days) so long ranges still add up.
 */
async function rollupValues(db: Db, span: Span) {
  const names = [...new Set(rollupMetrics.map((metric) => metric.source.rollup))];
  const hourly = sql`SELECT metric, ${bucketOf(span, sql`bucket`)} AS b, count, amount_cents FROM analytics_hourly
                      WHERE metric IN ${names} AND bucket >= ${span.from}::timestamptz AND bucket < ${span.to}::timestamptz`;
  const daily = sql`SELECT d.metric, ${bucketOf(span, sql`(d.day::timestamp AT TIME ZONE 'UTC')`)} AS b, d.count, d.amount_cents
                      FROM analytics_daily d
                     WHERE d.metric IN ${names}
                       AND d.day >= (${span.from}::timestamptz AT TIME ZONE 'UTC')::date
                       AND d.day < (${span.to}::timestamptz AT TIME ZONE 'UTC')::date
                       AND d.day < coalesce((SELECT (min(h.bucket) AT TIME ZONE 'UTC')::date FROM analytics_hourly h
                                              WHERE h.metric = d.metric), 'infinity'::date)`;
  const union = span.granularity === 'day' ? sql`${hourly} UNION ALL ${daily}` : hourly;
  return rows<{ metric: string; at: string; count: string; amount: string }>(
    db,
    sql`SELECT metric, ${iso(sql`b`)} AS at, sum(count)::text AS count, sum(amount_cents)::text AS amount
          FROM (${union}) r GROUP BY metric, b`,
  );
}

/**
 * Distinct active members per bucket and over the whole span (active.ts). A bucket counts the hours
 * that start inside both it and the span, as a count over the raw rows would.
 */
async function activeValues(handles: Readers, span: Span, starts: string[]) {
  const spanFrom = Date.parse(span.from);
  const intervals = starts.map((start, index) => ({
    from: Date.parse(start) < spanFrom ? span.from : start,
    to: starts[index + 1] ?? span.to,
  }));
  const counts = await activeMembers(handles.db, handles.primary, [
    ...intervals,
    { from: span.from, to: span.to },
  ]);
  return {
    perBucket: starts.map((at, index) => ({ at, n: counts[index] ?? 0 })),
    total: counts.at(-1) ?? 0,
  };
}

const snapshotMetrics = (METRICS as readonly MetricDef[]).filter(
  (metric): metric is MetricDef & { source: { snapshot: string } } => 'snapshot' in metric.source,
);

/** Each snapshot metric at the end of every bucket (the next bucket's start, or the span's end). */
async function snapshotValues(db: Db, span: Span, starts: string[]) {
  if (snapshotMetrics.length === 0 || starts.length === 0) return [];
  const ends = sql`SELECT s, coalesce(lead(s) OVER (ORDER BY s), ${span.to}::timestamptz) AS e
                     FROM unnest(${`{${starts.join(',')}}`}::timestamptz[]) AS s`;
  const columns = snapshotMetrics.map(
    (metric) => sql`${SNAPSHOTS[metric.source.snapshot]!(sql`b.e`)}::int AS ${sql.identifier(metric.key)}`,
  );
  return rows<Record<string, number | string>>(
    db,
    sql`SELECT ${iso(sql`b.s`)} AS at, ${sql.join(columns, sql`, `)} FROM (${ends}) b`,
  );
}

const currentMetrics = (METRICS as readonly MetricDef[]).filter(
  (metric): metric is MetricDef & { source: { current: string } } => 'current' in metric.source,
);
const ratioMetrics = (METRICS as readonly MetricDef[]).filter(
  (metric): metric is MetricDef & { source: { ratio: { of: string; per: string } } } =>
    'ratio' in metric.source,
);

/** Each `current` metric now (one query, whatever the number of buckets). */
async function currentValues(db: Db): Promise<Record<string, number>> {
  if (currentMetrics.length === 0) return {};
  const columns = currentMetrics.map(
    (metric) => sql`${CURRENT[metric.source.current]!}::int AS ${sql.identifier(metric.key)}`,
  );
  const [found] = await rows<Record<string, number>>(db, sql`SELECT ${sql.join(columns, sql`, `)}`);
  return Object.fromEntries(currentMetrics.map((metric) => [metric.key, Number(found?.[metric.key] ?? 0)]));
}

/** `of` ÷ `per` in percent with one decimal; 0 where nobody is in the denominator. */
const percentOf = (of: number, per: number) => (per > 0 ? Math.round((of / per) * 1000) / 10 : 0);

/** One span's buckets (every charted metric, zero where nothing happened) and its tile values. */
async function figuresOf(handles: Readers, span: Span) {
  const { db } = handles;
  const [starts, rollups] = await Promise.all([bucketStarts(db, span), rollupValues(db, span)]);
  const active = await activeValues(handles, span, starts);
  const snapshots = await snapshotValues(db, span, starts);
  const byBucket = new Map<string, Record<string, number>>(starts.map((at) => [at, {}]));
  const totals: Record<string, number> = {};
  for (const metric of METRICS as readonly MetricDef[]) {
    totals[metric.key] = 0;
    for (const values of byBucket.values()) values[metric.key] = 0;
  }
  for (const metric of rollupMetrics) {
    for (const row of rollups) {
      if (row.metric !== metric.source.rollup) continue;
      const value = Number(metric.source.field === 'count' ? row.count : row.amount);
      const values = byBucket.get(row.at);
      if (values) values[metric.key] = (values[metric.key] ?? 0) + value;
      totals[metric.key] = (totals[metric.key] ?? 0) + value;
    }
  }
  for (const row of active.perBucket) {
    const values = byBucket.get(row.at);
    if (values) values.active_users = Number(row.n);
  }
  totals.active_users = active.total;
  for (const row of snapshots) {
    const values = byBucket.get(String(row.at));
    for (const metric of snapshotMetrics) if (values) values[metric.key] = Number(row[metric.key] ?? 0);
  }
  for (const metric of snapshotMetrics) totals[metric.key] = Number(snapshots.at(-1)?.[metric.key] ?? 0);
  Object.assign(totals, await currentValues(db));
  for (const metric of ratioMetrics) {
    const { of, per } = metric.source.ratio;
    for (const values of byBucket.values()) values[metric.key] = percentOf(values[of] ?? 0, values[per] ?? 0);
    totals[metric.key] = percentOf(totals[of] ?? 0, totals[per] ?? 0);
  }
  const buckets: AnalyticsBucket[] = [...byBucket.entries()].map(([at, values]) => ({ at, values }));
  return { buckets, totals };
}

/** The metrics the tiles and charts show (what a response carries values for). */
export const SHOWN_METRICS = [...new Set([...TILES, ...CHARTS.flatMap((chart) => chart.metrics)])];

/**
 * The Analytics page's figures for a range: each tile with its previous period, and every bucket of
 * both periods. Reads only the rollup tables, so its cost follows the number of buckets, not of rows.
 */
export async function analyticsFigures(
  handles: Readers,
  query: AnalyticsQuery,
  now = new Date(),
  canViewPii = false,
): Promise<AnalyticsResponse> {
  const { db } = handles;
  const window = await resolveWindow(db, query, now);
  const current = { from: window.from, to: window.to, tz: window.tz, granularity: window.granularity };
  const previous = { ...current, from: window.previousFrom, to: window.previousTo };
  const [now_, before, terms] = await Promise.all([
    figuresOf(handles, current),
    figuresOf(handles, previous),
    searchTerms(db, current, canViewPii),
  ]);
  return {
    window,
    tiles: TILES.map((key) => ({ key, value: now_.totals[key] ?? 0, previous: before.totals[key] ?? 0 })),
    buckets: now_.buckets,
    previousBuckets: before.buckets,
    searchTerms: terms,
  };
}
