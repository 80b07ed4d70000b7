import { sql } from 'drizzle-orm';
import { type Db, rows } from '../db/client.ts';
import { AppError } from '../errors.ts';

export type RateRule = { max: number; windowMs: number };

const windowOf = (rule: RateRule) => sql`make_interval(secs => ${rule.windowMs}::float8 / 1000)`;

/**
 * Counts one attempt in a fixed window shared by every instance (the counter lives in Postgres).
 * Throws `rate_limited` with the seconds to wait once the window's budget is spent.
 */
export async function consumeRateLimit(db: Db, bucket: string, rule: RateRule): Promise<void> {
  const window = windowOf(rule);
  const [row] = await rows<{ count: number; retry_after: number }>(
    db,
    sql`INSERT INTO rate_limits AS r (bucket, window_start, count) VALUES (${bucket}, now(), 1)
        ON CONFLICT (bucket) DO UPDATE SET
          count = CASE WHEN r.window_start <= now() - ${window} THEN 1 ELSE r.count + 1 END,
          window_start = CASE WHEN r.window_start <= now() - ${window} THEN now() ELSE r.window_start END
        RETURNING count, ceil(extract(epoch FROM (window_start + ${window} - now())))::int AS retry_after`,
  );
  if (row && row.count > rule.max) {
    throw new AppError('rate_limited', `Too many attempts; try again in ${Math.max(1, row.retry_after)} s`, {
      retryAfterSeconds: Math.max(1, row.retry_after),
    });
  }
}

/** Forgets a bucket, e.g. after a successful sign-in. */
export async function resetRateLimit(db: Db, bucket: string): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limits WHERE bucket = ${bucket}`);
}

/** Whether the bucket's current window is already spent, without counting an attempt. */
export async function isRateLimited(db: Db, bucket: string, rule: RateRule): Promise<number | null> {
  const window = windowOf(rule);
  const [row] = await rows<{ count: number; retry_after: number }>(
    db,
    sql`SELECT count, ceil(extract(epoch FROM (window_start + ${window} - now())))::int AS retry_after
          FROM rate_limits WHERE bucket = ${bucket} AND window_start > now() - ${window}`,
  );
  return row && row.count >= rule.max ? Math.max(1, row.retry_after) : null;
}

/** Forgets windows older than two days (the platform's housekeeping job); answers how many. */
export async function forgetOldWindows(db: Db): Promise<number> {
  const forgotten = await rows(
    db,
    sql`DELETE FROM rate_limits WHERE window_start < now() - interval '2 days' RETURNING 1`,
  );
  return forgotten.length;
}
