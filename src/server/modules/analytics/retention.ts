import { sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { type Db, rows } from '../../db/client.ts';
import { readSettings } from '../system/index.ts';

/**
 * Raw analytics rows other modules keep (their table and time column), pruned past the retention.
 * Search queries live on in `analytics_daily` (searches, zero-result) and their terms per day in
 * `analytics_search_terms_daily` (migration 0095), so the raw rows need not stay.
 */
export const PRUNED_RAW_TABLES: readonly { table: string; column: string }[] = [
  { table: 'search_queries', column: 'created_at' },
];

/**
 * Applies `analytics.retention_days`: the fine-grained analytics rows older than it (the hourly
 * rollup and who was active in which hour) are deleted, from a UTC midnight so no day is cut in two.
 * What stays: `analytics_daily`, kept forever, into which the distinct active members of each pruned
 * day are written first (metric `active_users`). Raw rows other modules keep for analytics (search
 * queries, page views) are pruned here too once they register in PRUNED_RAW_TABLES.
 */
export async function pruneAnalytics(deps: {
  db: Db;
  config: Pick<Config, 'loginEventRetentionDays' | 'adminEnhanced'>;
}): Promise<{ cutoff: string; hourly: number; active: number }> {
  const { db } = deps;
  const { analyticsRetentionDays } = await readSettings(deps);
  const [{ cutoff } = { cutoff: '' }] = await rows<{ cutoff: string }>(
    db,
    sql`SELECT (date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${analyticsRetentionDays}))::date::text AS cutoff`,
  );
  const [result] = await rows<{ hourly: number; active: number }>(
    db,
    sql`WITH days AS (
          INSERT INTO analytics_daily AS d (day, metric, count, amount_cents)
          SELECT (bucket AT TIME ZONE 'UTC')::date, 'active_users', count(DISTINCT user_id), 0
            FROM analytics_active_hours WHERE bucket < (${cutoff}::date::timestamp AT TIME ZONE 'UTC')
           GROUP BY 1
          ON CONFLICT (metric, day) DO UPDATE SET count = greatest(d.count, EXCLUDED.count)
          RETURNING 1
        ), active AS (
          DELETE FROM analytics_active_hours WHERE bucket < (${cutoff}::date::timestamp AT TIME ZONE 'UTC') RETURNING 1
        ), hourly AS (
          DELETE FROM analytics_hourly WHERE bucket < (${cutoff}::date::timestamp AT TIME ZONE 'UTC') RETURNING 1
        )
        SELECT (SELECT count(*) FROM hourly)::int AS hourly, (SELECT count(*) FROM active)::int AS active,
               (SELECT count(*) FROM days)::int AS days`,
  );
  // Kept distinct counts of past spans (active.ts): recomputed when asked for again, so a week is plenty.
  await db.execute(sql`DELETE FROM analytics_active_spans WHERE computed_at < now() - interval '7 days'`);
  for (const raw of PRUNED_RAW_TABLES) {
    await db.execute(
      sql`DELETE FROM ${sql.identifier(raw.table)} WHERE ${sql.identifier(raw.column)} < ${cutoff}::date::timestamp AT TIME ZONE 'UTC'`,
    );
  }
  return { cutoff, hourly: result?.hourly ?? 0, active: result?.active ?? 0 };
}
