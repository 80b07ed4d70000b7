import { sql } from 'drizzle-orm';
import type { SystemOverview } from '../../../contracts/system.ts';
import type { Database } from '../../db/client.ts';
import { rows } from '../../db/client.ts';

type SlowQueries = SystemOverview['health']['slowQueries'];

/**
 * Literals out of a statement's text, whatever pg_stat_statements kept (it normalises constants of
 * planned statements to $n, but utility statements keep theirs): strings and numbers become `?`.
 */
export function withoutLiterals(text: string): string {
  return text
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\$[\s\S]*?\$\$/g, '?')
    .replace(/(?<![\w$])-?\d+(?:\.\d+)?(?![\w])/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** Top 5 statements by total time in this database, or why that cannot be known here. */
export async function slowQueries(database: Database): Promise<SlowQueries> {
  if (database.kind === 'embedded')
    return {
      available: false,
      reason: 'the embedded database (PGlite) has no pg_stat_statements',
      queries: [],
    };
  const [installed] = await rows<{ ok: boolean }>(
    database.db,
    sql`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS ok`,
  );
  if (!installed?.ok)
    return {
      available: false,
      reason: 'pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements)',
      queries: [],
    };
  try {
    const found = await rows<{ query: string; calls: string; mean: number; total: number }>(
      database.db,
      sql`SELECT query, calls::text AS calls, mean_exec_time::float8 AS mean, total_exec_time::float8 AS total
            FROM pg_stat_statements
           WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND query <> '<insufficient privilege>'
           ORDER BY total_exec_time DESC LIMIT 5`,
    );
    return {
      available: true,
      reason: null,
      queries: found.map((row) => ({
        query: withoutLiterals(row.query),
        calls: Number(row.calls),
        meanMs: Math.round(row.mean * 100) / 100,
        totalMs: Math.round(row.total * 100) / 100,
      })),
    };
  } catch (error) {
    // Installed but not loaded (shared_preload_libraries), or not readable by this role.
    return { available: false, reason: (error as Error).message.split('\n')[0] ?? 'unreadable', queries: [] };
  }
}
