import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../../src/server/db/client.ts';
import { ms, now, summarize } from './figures.ts';
import type { Target } from './harness.ts';

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

export type ServiceCase = { name: string; run: (db: Db) => Promise<unknown> };

/**
 * Times each case (20 warm-up calls, then 100 timed) against a p95 target, and EXPLAINs every
 * statement of a case over it: the rows of the printed table, the targets and the plans.
 */
export async function timeCases(
  cases: ServiceCase[],
  options: { db: Db; pool: pg.Pool; targetP95Ms: number; log: (line: string) => void },
) {
  const { db, pool, targetP95Ms, log } = options;
  const rows: Record<string, string | number>[] = [];
  const targets: Target[] = [];
  const plans: Record<string, string[]> = {};
  for (const item of cases) {
    for (let i = 0; i < 20; i++) await item.run(db);
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const start = now();
      await item.run(db);
      samples.push(now() - start);
    }
    const summary = summarize(samples);
    log(`${item.name}: p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}`);
    rows.push({ case: item.name, p50: ms(summary.p50), p95: ms(summary.p95), max: ms(summary.max) });
    targets.push({
      name: `${item.name}: p95`,
      target: `≤ ${targetP95Ms} ms`,
      actual: ms(summary.p95),
      pass: summary.p95 <= targetP95Ms,
    });
    if (summary.p95 > targetP95Ms) plans[item.name] = await explainAll(pool, db, item.run);
  }
  return { rows, targets, plans };
}
