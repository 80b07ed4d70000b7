import { createHash } from 'node:crypto';
import type { Database, SqlRunner } from '../db/client.ts';

/**
 * Demo data is made by lists of steps (`MEMBER_STEPS`, `COURSE_STEPS`): each step writes with one
 * set-based statement (`INSERT … SELECT` over `generate_series` or over a scratch table an earlier
 * step made; at most a count beside it), and is named for the log and the timings. `runDemoSteps`
 * runs a list in order, in one transaction.
 *
 * Determinism: every "random" choice is `hashint8extended(key, stream)`, `key` being the row's
 * number (an SQL expression) and `stream` a number fixed by the seed, the step's name and the place
 * of the call in the step's statement; ids are `md5(kind:seed:key)::uuid`. So the same seed gives
 * the same rows, and adding, removing or changing a step changes no other step's numbers (renaming
 * one changes its own). Times are relative to the moment of seeding.
 */
export type DemoStep<Plan, Count extends string = never> = {
  /** Names the step in the log and the timings, and keys its random streams: unique across lists. */
  name: string;
  /** The table it fills: analyzed after the run (and its secondary indexes rebuilt, when asked). */
  table?: string;
} & (
  | {
      /** The count of the result that is the number of rows it wrote. */
      counts: Count;
      run(db: SqlRunner, plan: Plan, sql: DemoSql): Promise<number>;
    }
  | {
      /** A step that writes a scratch table later steps read, or rows nobody counts. */
      counts?: undefined;
      run(db: SqlRunner, plan: Plan, sql: DemoSql): Promise<unknown>;
    }
);

/** What every plan carries: the seed (1–64 letters, digits, dot, dash or underscore). */
export type DemoPlan = { seed: string };

export const DEFAULT_DEMO_SEED = 'mission-control';

/** Refuses a seed that could not be written into SQL text as it is. */
export function checkSeed(seed: string): string {
  if (!/^[\w.-]{1,64}$/.test(seed)) throw new Error('seed: 1–64 letters, digits, dot, dash or underscore');
  return seed;
}

/** SQL builders for a step's statement: random numbers of a row, picks, addresses, ids. */
export type DemoSql = {
  /** The seed as an SQL string literal. */
  seed: string;
  /** A uniform number in [0, 1) from `key` (an SQL bigint expression); each call its own stream. */
  r(key: string): string;
  /** A whole number from `key` (a 64-bit hash): for ids that must not repeat. */
  hash(key: string): string;
  /** One of `values`, chosen by a fresh random number of `key`. */
  pick(values: readonly string[], key: string): string;
  /** An address from the documentation ranges: 70 % IPv4 (3 × /24), 30 % IPv6 (2001:db8::/32). */
  ip(key: string): string;
  /** `md5('<kind>:<seed>:<key>')::uuid`: the id `demoUuid` computes from outside. */
  uuid(kind: string, key: string): string;
};

export const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
export const sqlArray = (values: readonly string[]) => `ARRAY[${values.map(sqlText).join(', ')}]::text[]`;

/**
 * The SQL builders of one step: its streams are numbered from the first 32 bits of
 * sha256(`<seed>:<step name>`) × 1000, in the order the step asks for them.
 */
function demoSql(seed: string, step: string): DemoSql {
  const seedLit = sqlText(seed);
  const base = createHash('sha256').update(`${seed}:${step}`).digest().readUInt32BE(0) * 1000;
  let stream = 0;
  /** Each call its own stream: base + 1, + 2, … (hash below takes base + 999). */
  const r = (key: string) => {
    stream += 1;
    return `((hashint8extended((${key})::bigint, ${base + stream}) & 4294967295)::float8 / 4294967296.0)`;
  };
  const pick = (values: readonly string[], key: string) =>
    `(${sqlArray(values)})[1 + floor(${r(key)} * ${values.length})::int]`;
  return {
    seed: seedLit,
    r,
    hash: (key) => `hashint8extended(${key}, ${base + 999})`,
    pick,
    ip: (key) =>
      `(CASE WHEN ${r(key)} < 0.7
       THEN (${pick(['192.0.2.', '198.51.100.', '203.0.113.'], key)} || (1 + floor(${r(key)} * 254))::int)
       ELSE ('2001:db8:' || to_hex(floor(${r(key)} * 65536)::int) || ':' || to_hex(floor(${r(key)} * 65536)::int)
             || '::' || to_hex(1 + floor(${r(key)} * 65535)::int))
     END)::inet`,
    uuid: (kind, key) => `md5('${kind}:' || ${seedLit} || ':' || ${key})::uuid`,
  };
}

/** Runs `work` and records its seconds under `name` (and logs them). */
export type Stopwatch = {
  timings: Record<string, number>;
  time<T>(name: string, work: () => Promise<T>): Promise<T>;
};

export function stopwatch(log: (line: string) => void): Stopwatch {
  const timings: Record<string, number> = {};
  return {
    timings,
    async time(name, work) {
      const start = performance.now();
      const result = await work();
      timings[name] = Math.round(performance.now() - start) / 1000;
      log(`${name}: ${timings[name]} s`);
      return result;
    },
  };
}

/** The `n` of a query's one row: a count. */
export async function countOf(db: SqlRunner, select: string, params: unknown[] = []): Promise<number> {
  const rows = await db.query<{ n: string }>(select, params);
  return Number(rows[0]?.n ?? 0);
}

/** Runs an `INSERT … SELECT` and returns how many rows it wrote. */
export function countInserted(db: SqlRunner, insert: string, params: unknown[] = []): Promise<number> {
  return countOf(db, `WITH ins AS (${insert} RETURNING 1) SELECT count(*) AS n FROM ins`, params);
}

/** A scratch table later steps read, dropped at commit; `analyze` when they join it on a large scale. */
export async function createScratch(
  db: SqlRunner,
  name: string,
  select: string,
  options: { analyze?: boolean } = {},
): Promise<void> {
  await db.exec(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS ${select}`);
  if (options.analyze) await db.exec(`ANALYZE ${name}`);
}

/**
 * Runs `steps` in order in one transaction and returns the counts they report (`counts` holds every
 * one, at zero); then ANALYZE on the tables they filled. With `rebuildIndexes`, the secondary indexes of those tables are dropped first
 * and built again at the end, inside the same transaction (other sessions wait; nobody sees a table
 * without its indexes): much faster for bulk loads.
 */
export async function runDemoSteps<Plan extends DemoPlan, Count extends string>(
  database: Database,
  steps: readonly DemoStep<Plan, Count>[],
  plan: Plan,
  options: { counts: Record<Count, number>; watch: Stopwatch; rebuildIndexes?: boolean },
): Promise<Record<Count, number>> {
  const { watch } = options;
  const tables = [...new Set(steps.flatMap((step) => (step.table ? [step.table] : [])))];
  const counts = await database.sql.transaction(async (tx) => {
    await tx.exec(`SET LOCAL work_mem = '128MB'`);
    await tx.exec(`SET LOCAL maintenance_work_mem = '512MB'`);
    const indexes = options.rebuildIndexes ? await secondaryIndexes(tx, tables) : [];
    if (indexes.length > 0)
      await watch.time(`drop ${indexes.length} secondary indexes`, () =>
        tx.exec(indexes.map((index) => `DROP INDEX ${index.name};`).join('\n')),
      );
    const counts = { ...options.counts };
    for (const step of steps) {
      const written = await watch.time(step.name, () => step.run(tx, plan, demoSql(plan.seed, step.name)));
      if (step.counts) counts[step.counts] = written as number;
    }
    if (indexes.length > 0)
      await watch.time(`rebuild ${indexes.length} secondary indexes`, () =>
        tx.exec(indexes.map((index) => `${index.def};`).join('\n')),
      );
    return counts;
  });
  await watch.time('analyze', () => database.sql.exec(tables.map((table) => `ANALYZE ${table};`).join(' ')));
  return counts;
}

/** Indexes of `tables` that back no primary key or unique constraint. */
function secondaryIndexes(tx: SqlRunner, tables: string[]) {
  return tx.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [tables],
  );
}
