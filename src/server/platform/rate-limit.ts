import type { SqlRunner } from '../db/client.ts';
import { AppError } from '../errors.ts';

export type RateRule = { max: number; windowMs: number };

/**
 * Counts one attempt in a fixed window shared by every instance (the counter lives in Postgres).
 * Throws `rate_limited` with the seconds to wait once the window's budget is spent.
 */
export async function consumeRateLimit(sql: SqlRunner, bucket: string, rule: RateRule): Promise<void> {
  const rows = await sql.query<{ count: number; retry_after: number }>(
    `INSERT INTO rate_limits AS r (bucket, window_start, count) VALUES ($1, now(), 1)
     ON CONFLICT (bucket) DO UPDATE SET
       count = CASE WHEN r.window_start <= now() - make_interval(secs => $2::float8 / 1000) THEN 1 ELSE r.count + 1 END,
       window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $2::float8 / 1000) THEN now() ELSE r.window_start END
     RETURNING count,
       ceil(extract(epoch FROM (window_start + make_interval(secs => $2::float8 / 1000) - now())))::int AS retry_after`,
    [bucket, rule.windowMs],
  );
  const row = rows[0];
  if (row && row.count > rule.max) {
    throw new AppError('rate_limited', `Too many attempts; try again in ${Math.max(1, row.retry_after)} s`, {
      retryAfterSeconds: Math.max(1, row.retry_after),
    });
  }
}

/** Forgets a bucket, e.g. after a successful sign-in. */
export async function resetRateLimit(sql: SqlRunner, bucket: string): Promise<void> {
  await sql.query('DELETE FROM rate_limits WHERE bucket = $1', [bucket]);
}

/** Whether the bucket's current window is already spent, without counting an attempt. */
export async function isRateLimited(sql: SqlRunner, bucket: string, rule: RateRule): Promise<number | null> {
  const rows = await sql.query<{ count: number; retry_after: number }>(
    `SELECT count, ceil(extract(epoch FROM (window_start + make_interval(secs => $2::float8 / 1000) - now())))::int AS retry_after
       FROM rate_limits WHERE bucket = $1 AND window_start > now() - make_interval(secs => $2::float8 / 1000)`,
    [bucket, rule.windowMs],
  );
  const row = rows[0];
  return row && row.count >= rule.max ? Math.max(1, row.retry_after) : null;
}
