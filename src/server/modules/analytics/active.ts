import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../db/client.ts';

const HOUR_MS = 3_600_000;

/** An instant as a whole UTC hour: the first hour start at or after it, in ms. */
const hourAtOrAfter = (instant: string) => Math.ceil(Date.parse(instant) / HOUR_MS) * HOUR_MS;
const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * A span of hours [from, to), both hour starts (ms): the hours whose start lies in an interval.
 * Who was active is kept per hour, so the members active in an interval are those of these hours.
 */
type Hours = { from: number; to: number };

/**
 * Distinct active members for each interval [from, to) (ISO instants), counting the hours that start
 * inside it, exactly as a count over `analytics_active_hours` would (migration 0102):
 * - one hour: that hour's count (`analytics_hourly`, metric `active_users`);
 * - up to the hour under way: the members whose latest active hour is at or after its start
 *   (`analytics_last_active_hours`), a sum over at most one row per hour;
 * - in the past: kept in `analytics_active_spans`, computed from the hours the first time it is asked
 *   for. A past hour gets no new rows (a back-fill deletes the spans it touches), so it stays true.
 * `cache` is the primary (it writes the spans); `db` may be a replica.
 */
export async function activeMembers(
  db: Db,
  cache: Db,
  intervals: readonly { from: string; to: string }[],
): Promise<number[]> {
  const [clock] = await rows<{ hour: string }>(
    db,
    sql`SELECT (extract(epoch FROM date_trunc('hour', now())) * 1000)::bigint::text AS hour`,
  );
  const currentHour = Number(clock?.hour);
  const spans: Hours[] = intervals.map(({ from, to }) => ({
    from: hourAtOrAfter(from),
    to: hourAtOrAfter(to),
  }));
  const single = spans.filter((span) => span.to - span.from === HOUR_MS);
  const live = spans.filter((span) => span.to - span.from > HOUR_MS && span.to > currentHour);
  const past = spans.filter((span) => span.to - span.from > HOUR_MS && span.to <= currentHour);

  const found = new Map<string, number>();
  const key = (span: Hours) => `${span.from}/${span.to}`;
  const [hourly, since, kept] = await Promise.all([
    single.length
      ? rows<{ at: string; n: string }>(
          db,
          sql`SELECT (extract(epoch FROM bucket) * 1000)::bigint::text AS at, count::text AS n FROM analytics_hourly
               WHERE metric = 'active_users' AND bucket = ANY(${`{${single.map((span) => isoOf(span.from)).join(',')}}`}::timestamptz[])`,
        )
      : [],
    live.length
      ? rows<{ at: string; n: string }>(
          db,
          sql`SELECT (extract(epoch FROM s) * 1000)::bigint::text AS at,
                     (SELECT coalesce(sum(users), 0) FROM analytics_last_active_hours WHERE bucket >= s)::text AS n
                FROM unnest(${`{${live.map((span) => isoOf(span.from)).join(',')}}`}::timestamptz[]) s`,
        )
      : [],
    past.length ? keptSpans(db, past) : [],
  ]);
  for (const row of hourly)
    found.set(key({ from: Number(row.at), to: Number(row.at) + HOUR_MS }), Number(row.n));
  const sinceByStart = new Map(since.map((row) => [Number(row.at), Number(row.n)]));
  for (const span of live) found.set(key(span), sinceByStart.get(span.from) ?? 0);
  for (const row of kept) found.set(key(row), row.users);
  const missing = [
    ...new Map(past.filter((span) => !found.has(key(span))).map((span) => [key(span), span])).values(),
  ];
  if (missing.length) for (const row of await computeSpans(cache, missing)) found.set(key(row), row.users);
  return spans.map((span) => (span.to <= span.from ? 0 : (found.get(key(span)) ?? 0)));
}

type SpanRow = { from: string; to: string; users: string };
const spanOf = (row: SpanRow) => ({ from: Number(row.from), to: Number(row.to), users: Number(row.users) });
const asArrays = (spans: Hours[]) => ({
  froms: `{${spans.map((span) => isoOf(span.from)).join(',')}}`,
  tos: `{${spans.map((span) => isoOf(span.to)).join(',')}}`,
});

async function keptSpans(db: Db, spans: Hours[]) {
  const { froms, tos } = asArrays(spans);
  const found = await rows<SpanRow>(
    db,
    sql`SELECT (extract(epoch FROM k.span_from) * 1000)::bigint::text AS from,
               (extract(epoch FROM k.span_to) * 1000)::bigint::text AS to, k.users::text AS users
          FROM unnest(${froms}::timestamptz[], ${tos}::timestamptz[]) s(a, b)
          JOIN analytics_active_spans k ON k.span_from = s.a AND k.span_to = s.b`,
  );
  return found.map(spanOf);
}

/** Counts the members of past spans from the hours, once, and keeps the answers. */
async function computeSpans(cache: Db, spans: Hours[]) {
  const { froms, tos } = asArrays(spans);
  const computed = await rows<SpanRow>(
    cache,
    sql`INSERT INTO analytics_active_spans AS k (span_from, span_to, users)
        SELECT s.a, s.b, (SELECT count(DISTINCT h.user_id) FROM analytics_active_hours h
                           WHERE h.bucket >= s.a AND h.bucket < s.b)
          FROM unnest(${froms}::timestamptz[], ${tos}::timestamptz[]) s(a, b)
        ON CONFLICT (span_from, span_to) DO UPDATE SET users = EXCLUDED.users, computed_at = now()
        RETURNING (extract(epoch FROM k.span_from) * 1000)::bigint::text AS from,
                  (extract(epoch FROM k.span_to) * 1000)::bigint::text AS to, k.users::text AS users`,
  );
  return computed.map(spanOf);
}
