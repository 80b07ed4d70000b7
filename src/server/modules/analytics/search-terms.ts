import { sql } from 'drizzle-orm';
import type { SearchTerm } from '../../../contracts/analytics.ts';
import { maskPiiInText } from '../../../contracts/pii.ts';
import { type Db, rows } from '../../db/client.ts';

/** How many queries each list shows. */
const TERMS = 10;

/**
 * The window's most run searches and its zero-result ones, from `analytics_search_terms_daily`
 * (migration 0095): the UTC days the window touches, so a window of hours reads whole days. Queries
 * are members' free text: emails and IPs in them are masked without view_pii.
 */
export async function searchTerms(
  db: Db,
  span: { from: string; to: string },
  canViewPii: boolean,
): Promise<{ top: SearchTerm[]; zero: SearchTerm[] }> {
  const days = sql`day >= (${span.from}::timestamptz AT TIME ZONE 'UTC')::date
               AND day <= ((${span.to}::timestamptz - interval '1 millisecond') AT TIME ZONE 'UTC')::date`;
  const ranked = (order: 'searches' | 'zero') =>
    rows<{ query: string; searches: string; zero: string }>(
      db,
      sql`SELECT query, sum(searches)::text AS searches, sum(zero)::text AS zero
            FROM analytics_search_terms_daily WHERE ${days}
           GROUP BY query ${order === 'zero' ? sql`HAVING sum(zero) > 0` : sql``}
           ORDER BY sum(${sql.raw(order)}) DESC, query LIMIT ${TERMS}`,
    );
  const [top, zero] = await Promise.all([ranked('searches'), ranked('zero')]);
  const toTerm = (row: { query: string; searches: string; zero: string }) => ({
    query: maskPiiInText(row.query, canViewPii),
    searches: Number(row.searches),
    zero: Number(row.zero),
  });
  return { top: top.map(toTerm), zero: zero.map(toTerm) };
}
