import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../../src/server/db/client.ts';

type Statement = { text: string; params: unknown[] };

/** A Drizzle handle that records the compiled text of every `execute`, to EXPLAIN what was slow. */
export function capturing(db: Db, into: Statement[]): Db {
  const dialect = (
    db as unknown as { dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } } }
  ).dialect;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver);
      return (query: SQL) => {
        const compiled = dialect.sqlToQuery(query);
        into.push({ text: compiled.sql, params: compiled.params });
        return target.execute(query);
      };
    },
  });
}

/** Runs `work` once more and answers the EXPLAIN (ANALYZE, BUFFERS) of every statement it sent. */
export async function explainAll(
  pool: pg.Pool,
  db: Db,
  work: (db: Db) => Promise<unknown>,
): Promise<string[]> {
  const statements: Statement[] = [];
  await work(capturing(db, statements));
  const plans: string[] = [];
  for (const statement of statements) {
    if (/^\s*explain/i.test(statement.text)) continue;
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
      statement.params,
    );
    plans.push(`${statement.text}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
  }
  return plans;
}
