import { sql } from 'drizzle-orm';
import type { MemberSignInsResponse } from '../../../contracts/analytics.ts';
import { type Db, rows } from '../../db/client.ts';
import { bucketOf, bucketStarts, iso, type Span } from './service.ts';
import { localToday } from './window.ts';

const DAYS = 30;

/**
 * A member's sign-ins (ok and failed) per local day, the last 30 days with empty days as zero: from
 * their raw login events (index on user and time), and from `login_events_daily` for days the
 * login-event retention has already rolled up.
 */
export async function memberSignIns(db: Db, userId: string, tz: string): Promise<MemberSignInsResponse> {
  const today = localToday(tz);
  const [window] = await rows<{ from: string; to: string }>(
    db,
    sql`SELECT ((${today}::date - ${DAYS - 1}::int)::timestamp AT TIME ZONE ${tz})::text AS from,
               ((${today}::date + 1)::timestamp AT TIME ZONE ${tz})::text AS to`,
  );
  const span: Span = { from: window!.from, to: window!.to, tz, granularity: 'day' };
  const [starts, counted] = await Promise.all([
    bucketStarts(db, span),
    rows<{ at: string; ok: number; failed: number }>(
      db,
      sql`SELECT ${iso(sql`b`)} AS at, sum(ok)::int AS ok, sum(failed)::int AS failed FROM (
            SELECT ${bucketOf(span, sql`created_at`)} AS b, (success)::int AS ok, (NOT success)::int AS failed
              FROM login_events
             WHERE user_id = ${userId}::uuid AND method = 'signin' AND created_at >= ${span.from}::timestamptz
            UNION ALL
            SELECT ${bucketOf(span, sql`(day::timestamp AT TIME ZONE 'UTC')`)},
                   CASE WHEN success THEN count ELSE 0 END, CASE WHEN success THEN 0 ELSE count END
              FROM login_events_daily
             WHERE user_id = ${userId}::uuid AND day >= (${span.from}::timestamptz AT TIME ZONE 'UTC')::date
          ) x GROUP BY b`,
    ),
  ]);
  const byDay = new Map(counted.map((row) => [row.at, row]));
  return {
    tz,
    days: starts.map((at) => ({
      at,
      values: {
        signins_ok: Number(byDay.get(at)?.ok ?? 0),
        signins_failed: Number(byDay.get(at)?.failed ?? 0),
      },
    })),
  };
}
