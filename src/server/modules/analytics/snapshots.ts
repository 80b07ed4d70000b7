import { type SQL, sql } from 'drizzle-orm';

/**
 * How to count each snapshot metric at an instant `at` (an SQL timestamptz expression): a state, read
 * at the end of every bucket. Small tables only (it runs once per bucket); a large one would keep a
 * rollup instead. A module adds its own here with its metric in src/contracts/analytics.ts.
 */
export const SNAPSHOTS: Record<string, (at: SQL) => SQL> = {
  open_missions: (at) =>
    sql`(SELECT count(*) FROM missions m WHERE m.created_at < ${at} AND (m.shipped_at IS NULL OR m.shipped_at >= ${at}))`,
};

/**
 * How to count each `current` metric now: a state kept only as it is (stock has no history). Read
 * once per request, never per bucket. Low stock reads the threshold from System → Settings (default 5).
 */
export const CURRENT: Record<string, SQL> = {
  low_stock: sql`(SELECT count(*) FROM products p WHERE p.status <> 'archived' AND p.stock BETWEEN 1 AND
                   coalesce((SELECT (value #>> '{}')::int FROM settings WHERE key = 'commerce.low_stock_threshold'), 5))`,
};
