import { sql } from 'drizzle-orm';
import type { AnalyticsQuery, AnalyticsWindow } from '../../../contracts/analytics.ts';
import { type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';

/** Custom ranges longer than this are refused (the hourly table covers a year by default). */
export const MAX_RANGE_DAYS = 366;
/** Ranges of up to this many local days are shown per hour, longer ones per day. */
const HOURLY_UP_TO_DAYS = 2;

const DAY_MS = 86_400_000;

function badField(path: string, message: string): AppError {
  return new AppError('bad_request', `Invalid input — ${path}: ${message}`, [{ path, message }]);
}

/** Today's date (YYYY-MM-DD) in `tz`. */
export function localToday(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .slice(0, 10);
}

/**
 * The local days a range covers: [firstDay, lastDay] in the viewer's zone, and whether it ends now.
 * Custom ranges are checked here: both ends present, not reversed, not in the future, not too long.
 */
function localDays(query: AnalyticsQuery, today: string): { first: string; days: number; endsNow: boolean } {
  const shift = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  if (query.range === 'today') return { first: today, days: 1, endsNow: true };
  if (query.range === '7d') return { first: shift(today, -6), days: 7, endsNow: true };
  if (query.range === '30d') return { first: shift(today, -29), days: 30, endsNow: true };
  if (!query.from) throw badField('query.from', 'required for a custom range');
  if (!query.to) throw badField('query.to', 'required for a custom range');
  if (query.from > today) throw badField('query.from', 'is in the future');
  if (query.to > today) throw badField('query.to', 'is in the future');
  if (query.to < query.from) throw badField('query.to', 'is before query.from');
  const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) throw badField('query.from', `a range covers at most ${MAX_RANGE_DAYS} days`);
  return { first: query.from, days, endsNow: query.to === today };
}

/**
 * Resolves a range into UTC instants: local midnights are converted by the database, so a day that
 * has 23 or 25 hours (DST) is still one day. The previous period starts as many local days earlier
 * and lasts exactly as long as this one (so "today until 14:20" compares with yesterday until 14:20).
 */
export async function resolveWindow(
  db: Db,
  query: AnalyticsQuery,
  now = new Date(),
): Promise<AnalyticsWindow> {
  const { tz } = query;
  const { first, days, endsNow } = localDays(query, localToday(tz, now));
  const [row] = await rows<{ from: string; to: string; previous_from: string }>(
    db,
    sql`SELECT to_char(f AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS from,
               to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS to,
               to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS previous_from
          FROM (SELECT (${first}::date::timestamp AT TIME ZONE ${tz}) AS f,
                       CASE WHEN ${endsNow} THEN ${now.toISOString()}::timestamptz
                            ELSE ((${first}::date + ${days}::int)::timestamp AT TIME ZONE ${tz}) END AS t,
                       ((${first}::date - ${days}::int)::timestamp AT TIME ZONE ${tz}) AS p) w`,
  );
  if (!row) throw new Error('window query returned nothing');
  const length = Date.parse(row.to) - Date.parse(row.from);
  return {
    range: query.range,
    tz,
    granularity: days <= HOURLY_UP_TO_DAYS ? 'hour' : 'day',
    from: row.from,
    to: row.to,
    previousFrom: row.previous_from,
    previousTo: new Date(Date.parse(row.previous_from) + length).toISOString(),
  };
}
