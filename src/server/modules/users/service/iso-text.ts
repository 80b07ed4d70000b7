import { type SQL, sql } from 'drizzle-orm';

/**
 * A timestamp as ISO-8601 text made by the database, so both engines (and both drivers, which parse
 * timestamps differently) answer the same string. `US` keeps microseconds, for cursors that must
 * point at an exact row; `MS` is what the API shows.
 */
export function isoText(column: string, precision: 'MS' | 'US' = 'MS'): SQL {
  return sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${precision}"Z"')`);
}
