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
