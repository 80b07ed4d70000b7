import type { Platform } from '../types.ts';
import type { Job } from './runner.ts';
import { readSettings } from './settings.ts';

const RETENTION_BATCH = 10_000;

/**
 * Raw login events older than the retention setting are rolled up into `login_events_daily` and
 * deleted, one batch per statement: a batch is moved whole or not at all, so the job can be stopped
 * at any point and run again.
 */
export async function rollUpLoginEvents(
  mc: Platform,
  batchSize = RETENTION_BATCH,
): Promise<{ moved: number; cutoff: string }> {
  const { loginEventRetentionDays } = await readSettings(mc.database, mc.config);
  const [{ cutoff } = { cutoff: '' }] = await mc.database.sql.query<{ cutoff: string }>(
    `SELECT (now() - make_interval(days => $1))::text AS cutoff`,
    [loginEventRetentionDays],
  );
  let moved = 0;
  for (;;) {
    const [result] = await mc.database.sql.query<{ moved: number }>(
      `WITH batch AS (
         SELECT id FROM login_events WHERE created_at < $1::timestamptz ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
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
      [cutoff, batchSize],
    );
    moved += result?.moved ?? 0;
    if ((result?.moved ?? 0) < batchSize) break;
  }
  return { moved, cutoff };
}

export const JOBS: Job[] = [
  {
    name: 'login-events-retention',
    schedule: '15 3 * * *',
    run: async (mc) => rollUpLoginEvents(mc),
  },
  {
    name: 'user-aggregate-refresh',
    schedule: '*/10 * * * *',
    run: async (mc) => {
      const started = performance.now();
      await mc.database.sql.query('SELECT refresh_user_aggregate()');
      return { ms: Math.round(performance.now() - started) };
    },
  },
  {
    name: 'expired-keys-cleanup',
    schedule: '40 * * * *',
    run: async (mc) => {
      const idempotency = await mc.database.sql.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours' RETURNING 1`,
      );
      const limits = await mc.database.sql.query(
        `DELETE FROM rate_limits WHERE window_start < now() - interval '2 days' RETURNING 1`,
      );
      return { idempotencyKeys: idempotency.length, rateLimits: limits.length };
    },
  },
];
