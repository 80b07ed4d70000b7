import { sql } from 'drizzle-orm';
import { connectOnce, type Database, executePrepared, openDatabase } from '../src/server/db/client.ts';
import { EVENT_INSERT, type EventInput, eventValues } from '../src/server/platform/audit/append.ts';
import { verifyChain } from '../src/server/platform/audit/verify.ts';
import { mutate } from '../src/server/platform/mutation.ts';
import { benchRequest } from './lib/app.ts';
import { int, ms, now, type Summary, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

/** Issue 12's targets: one writer, and eight concurrent writers. */
const TARGET_ONE_WRITER = 1500;
const TARGET_EIGHT_WRITERS = 5000;
const RUN_MS = 10_000;
const SEQUENTIAL_MAX_CALLS = 5000;
const WRITERS = 8;
const WARMUP_CALLS = 200;
const PROBE_CALLS = 300;

const settingUpsert = (key: string, n: number) => sql`
  INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify({ n })}::jsonb, now())
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`;

const settingEvent = (key: string, n: number): EventInput => ({
  type: 'setting.updated',
  subjectType: 'setting',
  subjectId: key,
  payload: { key, value: { n } },
});

/** One call as the server makes it: a tiny state change and its event, in one transaction. */
async function oneMutation(database: Database, writer: number, n: number) {
  const key = `bench.writer_${writer}`;
  await mutate(database, benchRequest(`bench-${writer}-${n}`), async (tx) => {
    await tx.execute(settingUpsert(key, n));
    return { result: null, events: [settingEvent(key, n)] };
  });
}

/** A table with the columns of events and only its primary key: no chain, seal, partitions or filter indexes. */
const UNCHAINED_TABLE = `CREATE SEQUENCE bench_unchained_id;
  CREATE TABLE bench_unchained (LIKE events INCLUDING DEFAULTS, PRIMARY KEY (id, ts));
  ALTER TABLE bench_unchained ALTER COLUMN id SET DEFAULT nextval('bench_unchained_id')`;
const UNCHAINED_INSERT = EVENT_INSERT.replace('INSERT INTO events', 'INSERT INTO bench_unchained');

/**
 * The same transaction with its event row written into that copy, by the same prepared insert:
 * what this server and this process do for the work alone, the ceiling the chain is measured against.
 */
async function oneUnchainedWrite(database: Database, writer: number, n: number) {
  const key = `bench.writer_${writer}`;
  await database.db.transaction(async (tx) => {
    await tx.execute(settingUpsert(key, n));
    await executePrepared(
      tx,
      'bench_unchained_insert',
      UNCHAINED_INSERT,
      eventValues(benchRequest(`bench-${writer}-${n}`), settingEvent(key, n)),
    );
  });
}

type RunFigures = {
  configuration: string;
  writers: number;
  poolSize: number;
  calls: number;
  seconds: number;
  eventsPerSecond: number;
  latency: Summary;
};

/** `writers` loops calling mutate back to back until `durationMs` is over or `maxCalls` are made. */
async function runWriters(
  database: Database,
  configuration: string,
  writers: number,
  poolSize: number,
  durationMs: number,
  maxCalls: number,
  call: (database: Database, writer: number, n: number) => Promise<void> = oneMutation,
): Promise<RunFigures> {
  const latencies: number[] = [];
  let started = 0;
  const start = now();
  const deadline = start + durationMs;
  const loop = async (writer: number) => {
    while (now() < deadline && started < maxCalls) {
      started += 1;
      const before = now();
      await call(database, writer, started);
      latencies.push(now() - before);
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, writer) => loop(writer)));
  const seconds = (now() - start) / 1000;
  return {
    configuration,
    writers,
    poolSize,
    calls: latencies.length,
    seconds,
    eventsPerSecond: latencies.length / seconds,
    latency: summarize(latencies),
  };
}

/**
 * What a commit costs on this server, without the chain: a round trip (SELECT 1) and an
 * autocommitted one-row INSERT (WAL flush at commit) on one connection.
 */
async function commitProbe(url: string) {
  const client = await connectOnce(url);
  try {
    await client.exec('CREATE TABLE bench_probe (id bigserial PRIMARY KEY, n int NOT NULL)');
    const time = async (text: string, params: unknown[]) => {
      const samples: number[] = [];
      for (let i = 0; i < PROBE_CALLS; i += 1) {
        const before = now();
        await client.query(text, params);
        samples.push(now() - before);
      }
      return summarize(samples);
    };
    const roundTrip = await time('SELECT 1', []);
    const insertCommit = await time('INSERT INTO bench_probe (n) VALUES ($1)', [1]);
    await client.exec('DROP TABLE bench_probe');
    return { roundTrip, insertCommit };
  } finally {
    await client.close();
  }
}

export const auditBenchmark: Benchmark = {
  name: 'audit',
  description: `events appended per second through mutate() with the hash chain: 1 writer, then ${WRITERS} concurrent writers`,
  async run({ url, log }: BenchContext) {
    log(`commit probe: ${PROBE_CALLS} × SELECT 1, ${PROBE_CALLS} × autocommitted INSERT`);
    const probe = await commitProbe(url);

    const poolSize = WRITERS + 2;
    const database = await openDatabase({ kind: 'postgres', url, poolSize });
    const runs: RunFigures[] = [];
    const ceilings: RunFigures[] = [];
    let chain: Awaited<ReturnType<typeof verifyChain>>;
    let ids: {
      count: number;
      min: string | null;
      max: string | null;
      span: number;
      unsealed: number;
      positions: number;
      positionSpan: number;
    };
    try {
      log(`warm-up: ${WARMUP_CALLS} calls`);
      await runWriters(database, 'warm-up', WRITERS, poolSize, RUN_MS, WARMUP_CALLS);
      log(`(a) 1 writer, sequential: ${RUN_MS / 1000} s or ${SEQUENTIAL_MAX_CALLS} calls`);
      runs.push(
        await runWriters(database, '(a) 1 writer, sequential', 1, poolSize, RUN_MS, SEQUENTIAL_MAX_CALLS),
      );
      log(`(b) ${WRITERS} concurrent writers: ${RUN_MS / 1000} s`);
      runs.push(
        await runWriters(
          database,
          `(b) ${WRITERS} writers, concurrent`,
          WRITERS,
          poolSize,
          RUN_MS,
          Number.POSITIVE_INFINITY,
        ),
      );
      log(`(c), (d) the same transaction without the chain: 1 writer, then ${WRITERS}`);
      await database.sql.exec(UNCHAINED_TABLE);
      await runWriters(database, 'warm-up', WRITERS, poolSize, RUN_MS, WARMUP_CALLS, oneUnchainedWrite);
      ceilings.push(
        await runWriters(
          database,
          '(c) 1 writer, no chain',
          1,
          poolSize,
          RUN_MS,
          SEQUENTIAL_MAX_CALLS,
          oneUnchainedWrite,
        ),
        await runWriters(
          database,
          `(d) ${WRITERS} writers, no chain`,
          WRITERS,
          poolSize,
          RUN_MS,
          Number.POSITIVE_INFINITY,
          oneUnchainedWrite,
        ),
      );
      log('verifying the chain');
      chain = await verifyChain(database.sql);
      // Every event sealed by the time its mutate() returned, at positions 1..n: none missing, none twice.
      const rows = await database.sql.query<{
        count: string;
        min: string | null;
        max: string | null;
        unsealed: string;
        positions: string;
        span: string;
      }>(
        `SELECT count(*)::text AS count, min(id)::text AS min, max(id)::text AS max,
                count(*) FILTER (WHERE position IS NULL)::text AS unsealed,
                count(DISTINCT position)::text AS positions,
                (coalesce(max(position), 0) - coalesce(min(position), 1) + 1)::text AS span
           FROM events`,
      );
      const row = rows[0]!;
      ids = {
        count: Number(row.count),
        min: row.min,
        max: row.max,
        span: row.min && row.max ? Number(row.max) - Number(row.min) + 1 : 0,
        unsealed: Number(row.unsealed),
        positions: Number(row.positions),
        positionSpan: Number(row.span),
      };
    } finally {
      await database.close();
    }

    const goal = (run: RunFigures) => (run.writers === 1 ? TARGET_ONE_WRITER : TARGET_EIGHT_WRITERS);
    const sealedInOrder = ids.unsealed === 0 && ids.positions === ids.count && ids.positionSpan === ids.count;
    const decisive: Target[] = [
      ...runs.map((run) => ({
        name: `events/s, ${run.configuration}`,
        target: `≥ ${int(goal(run))}`,
        actual: int(run.eventsPerSecond),
        pass: run.eventsPerSecond >= goal(run),
      })),
      {
        name: 'chain intact after the run (verifyChain)',
        target: 'ok: true',
        actual: chain.ok ? `ok: true (${int(chain.count)} events)` : `ok: false — ${chain.problem?.reason}`,
        pass: chain.ok,
      },
      {
        name: 'every event sealed, at positions 1..n',
        target: '0 unsealed, n distinct positions spanning n',
        actual: `${ids.unsealed} unsealed, ${int(ids.positions)} positions spanning ${int(ids.positionSpan)} for ${int(ids.count)} events`,
        pass: sealedInOrder,
      },
    ];

    return {
      tables: [
        {
          title:
            'Throughput and latency per mutate() call (state change + 1 chained event, one transaction); (c), (d) the same transaction into an unchained table with the columns of events (primary key only)',
          rows: [...runs, ...ceilings].map((run) => ({
            configuration: run.configuration,
            pool: run.poolSize,
            calls: int(run.calls),
            seconds: run.seconds.toFixed(1),
            'events/s': int(run.eventsPerSecond),
            p50: ms(run.latency.p50),
            p95: ms(run.latency.p95),
            p99: ms(run.latency.p99),
            max: ms(run.latency.max),
          })),
        },
        {
          title: 'Commit cost on this server, without the chain (one connection)',
          rows: [
            {
              statement: 'SELECT 1 (round trip)',
              p50: ms(probe.roundTrip.p50),
              p95: ms(probe.roundTrip.p95),
              p99: ms(probe.roundTrip.p99),
            },
            {
              statement: 'INSERT, autocommit (WAL flush)',
              p50: ms(probe.insertCommit.p50),
              p95: ms(probe.insertCommit.p95),
              p99: ms(probe.insertCommit.p99),
            },
          ],
        },
        {
          title: 'Events table after the run',
          rows: [
            { check: 'events', value: int(ids.count) },
            { check: 'id range', value: `${ids.min} – ${ids.max} (span ${int(ids.span)})` },
            { check: 'verifyChain', value: chain.ok ? 'ok' : `FAILED: ${chain.problem?.reason}` },
          ],
        },
      ],
      targets: decisive,
      data: {
        parameters: {
          runMs: RUN_MS,
          sequentialMaxCalls: SEQUENTIAL_MAX_CALLS,
          writers: WRITERS,
          warmupCalls: WARMUP_CALLS,
        },
        runs,
        ceilings,
        commitProbe: probe,
        chain,
        ids,
      },
    };
  },
};
