import { sql } from 'drizzle-orm';
import type { Config } from '../../../config.ts';
import { type Db, rows } from '../../../db/client.ts';
import { readSettings } from '../../system/index.ts';

const RETENTION_BATCH = 10_000;

/**
 * Raw login events older than the retention setting are rolled up into `login_events_daily` and
 * deleted, one batch per statement: a batch is moved whole or not at all, so the job can be stopped
 * at any point and run again.
 */
export async function rollUpLoginEvents(
  deps: { db: Db; config: Pick<Config, 'loginEventRetentionDays' | 'adminEnhanced'> },
  batchSize = RETENTION_BATCH,
): Promise<{ moved: number; cutoff: string }> {
  const { db } = deps;
  const { loginEventRetentionDays } = await readSettings(deps);
  const [{ cutoff } = { cutoff: '' }] = await rows<{ cutoff: string }>(
    db,
    sql`SELECT (now() - make_interval(days => ${loginEventRetentionDays}))::text AS cutoff`,
  );
  let moved = 0;
  for (;;) {
    const [result] = await rows<{ moved: number }>(
      db,
      sql`WITH batch AS (
            SELECT id FROM login_events WHERE created_at < ${cutoff}::timestamptz ORDER BY id LIMIT ${batchSize}
               FOR UPDATE SKIP LOCKED
          ), removed AS (
            DELETE FROM login_events l USING batch WHERE l.id = batch.id
            RETURNING l.created_at, l.user_id, l.provider, l.success
          ), rolled AS (
            INSERT INTO login_events_daily AS d (day, user_id, provider, success, count)
            SELECT (created_at AT TIME ZONE 'UTC')::date, user_id, provider, success, count(*)
              FROM removed GROUP BY 1, 2, 3, 4
            ON CONFLICT (day, coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid), provider, success)
            DO UPDATE SET count = d.count + EXCLUDED.count
            RETURNING 1
          )
          SELECT (SELECT count(*) FROM removed)::int AS moved`,
    );
    moved += result?.moved ?? 0;
    if ((result?.moved ?? 0) < batchSize) break;
  }
  return { moved, cutoff };
}

/** Recomputes `user_aggregate` (orders, lifetime value, last login per member) without blocking reads. */
export async function refreshUserAggregate(db: Db): Promise<{ ms: number }> {
  const started = performance.now();
  await db.execute(sql`SELECT refresh_user_aggregate()`);
  return { ms: Math.round(performance.now() - started) };
}
