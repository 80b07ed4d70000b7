import { connectOnce, openDatabase } from '../src/server/db/client.ts';
import { listEvents } from '../src/server/modules/audit/service.ts';
import { sealEvents } from '../src/server/platform/audit/sealer.ts';
import { verifyMonth } from '../src/server/platform/audit/verify.ts';
import { int, ms, now, numberOption, type Summary, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

// Issue 12 item 2 targets, at 50,000,000 events (`--events N` runs a smaller trial).
const TARGET_EVENTS = 50_000_000;
const FIRST_PAGE_P95_MS = 50;
const TIMELINE_P95_MS = 20;
const VERIFY_EVENTS_PER_SECOND = 200_000;

const HEADS = ['user', 'mission', 'order', 'staff', 'auth', 'pii', 'setting', 'stone'];
const VERBS = ['created', 'updated', 'suspended', 'enabled', 'moved', 'revealed'];
const TYPES = HEADS.flatMap((head) => VERBS.map((verb) => `${head}.${verb}`)).concat(['refund.issued']);
const SUBJECT_TYPES = ['user', 'mission', 'order', 'stone'];
const STAFF = 200;
/** A subject id names one subject of one type, as the product's ids (uuids, keys) do. */
const subjectTypeOf = (subject: number) => SUBJECT_TYPES[subject % SUBJECT_TYPES.length]!;

/**
 * Fills `events` as a superuser with the insert trigger off (a writer cannot choose ts or id): every
 * month but the last two is written sealed with placeholder hashes (the filters do not read them);
 * the last full month and the current one are left to the real sealer, so they carry a true chain
 * for verifyMonth to prove.
 */
export async function fill(url: string, total: number, months: number, log: (line: string) => void) {
  const owner = await connectOnce(url);
  try {
    const [range] = await owner.query<{ first: string; start: string; seconds: string }>(
      `SELECT (date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - make_interval(months => $1::int))::date::text AS first,
              ((date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - make_interval(months => $1::int)) AT TIME ZONE 'UTC')::text AS start,
              extract(epoch FROM clock_timestamp() - ((date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - make_interval(months => $1::int)) AT TIME ZONE 'UTC'))::text AS seconds`,
      [months - 1],
    );
    await owner.query('SELECT events_ensure_partitions($1::date, 1)', [range!.first]);
    // The last full month (and the current one) go through the real sealer: that month is verified.
    const [current] = await owner.query<{ start: string }>(
      `SELECT ((date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 month') AT TIME ZONE 'UTC')::text AS start`,
    );
    const step = Number(range!.seconds) / total;
    const types = `ARRAY[${TYPES.map((type) => `'${type}'`).join(',')}]`;
    const subjectTypes = `ARRAY[${SUBJECT_TYPES.map((type) => `'${type}'`).join(',')}]`;
    const chunk = 250_000;
    await owner.exec('ALTER TABLE events DISABLE TRIGGER events_chain');
    for (let lo = 1; lo <= total; lo += chunk) {
      const hi = Math.min(total, lo + chunk - 1);
      const started = now();
      await owner.query(
        `INSERT INTO events (id, ts, actor_id, actor_email, actor_role, type, subject_type, subject_id, payload,
                             position, prev_hash, hash)
         SELECT g, t, a.actor_id, a.actor_email, CASE WHEN a.actor_id IS NULL THEN 'system' ELSE 'admin' END,
                (${types})[1 + ((g * 31 + g / 7) % ${TYPES.length})],
                (${subjectTypes})[1 + ((g * 7919) % 100000) % ${SUBJECT_TYPES.length}], 's' || ((g * 7919) % 100000),
                jsonb_build_object('n', g % 1000),
                CASE WHEN t < $3::timestamptz THEN g END,
                CASE WHEN t < $3::timestamptz THEN md5((g - 1)::text) END,
                CASE WHEN t < $3::timestamptz THEN md5(g::text) END
           FROM generate_series($1::bigint, $2::bigint) g
          CROSS JOIN LATERAL (SELECT $4::timestamptz + make_interval(secs => (g - 1) * $5::float8) AS t) tt
          CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 = 0 THEN NULL
                                   ELSE ('00000000-0000-4000-8000-' || lpad((g % ${STAFF})::text, 12, '0'))::uuid END AS actor_id,
                                     CASE WHEN g % 5 = 0 THEN NULL ELSE 'staff' || (g % ${STAFF}) || '@bench.test' END AS actor_email) a`,
        [lo, hi, current!.start, range!.start, step],
      );
      log(`events ${int(hi)} / ${int(total)} (${int((hi - lo + 1) / ((now() - started) / 1000))}/s)`);
    }
    await owner.exec(`ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;
      SELECT setval('events_id_seq', ${total});`);
    await owner.exec('ANALYZE events');
  } finally {
    await owner.close();
  }
}

async function timeQueries(samples: number, query: (i: number) => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 3; i++) await query(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = now();
    await query(i + 3);
    times.push(now() - started);
  }
  return summarize(times);
}

export const eventsBenchmark: Benchmark = {
  name: 'events',
  description: `Audit tab first pages, a subject's timeline and verifying a month at --events N (target ${int(TARGET_EVENTS)}) over --months M (24)`,
  async run({ url, log }: BenchContext) {
    const total = numberOption('--events', TARGET_EVENTS);
    const months = numberOption('--months', 24);
    const samples = numberOption('--samples', 100);
    const parallel = numberOption('--parallel', 2);
    const loadStarted = now();
    await fill(url, total, months, log);
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    try {
      const sealStarted = now();
      const sealed = await sealEvents(database);
      const sealSeconds = (now() - sealStarted) / 1000;
      log(`sealed the last full month and this one: ${int(sealed)} events in ${sealSeconds.toFixed(1)} s`);
      // As autovacuum does after the sealer's updates (each left a dead version): vacuumed, and the
      // statistics, which saw those months unsealed, taken again. Measured before it, verify raced a
      // vacuum of two million dead rows.
      const [sealedMonths] = await database.sql.query<{ names: string }>(
        `SELECT string_agg(format('%I', events_partition_name(m::date)), ', ') AS names
           FROM generate_series(date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 month',
                                date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC'), interval '1 month') m`,
      );
      await database.sql.exec(`VACUUM ${sealedMonths!.names}`);
      await database.sql.exec('ANALYZE events');
      const loadSeconds = (now() - loadStarted) / 1000;

      const [span] = await database.sql.query<{ lo: string; hi: string; partitions: string }>(
        `SELECT extract(epoch FROM min(ts))::text AS lo, extract(epoch FROM max(ts))::text AS hi,
                (SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass)::text AS partitions FROM events`,
      );
      const lo = Number(span!.lo);
      const hi = Number(span!.hi);
      const pick = <T>(values: T[], i: number) => values[(i * 7919) % values.length]!;
      const at = (i: number) =>
        new Date((lo + (((i * 7919) % 1000) / 1000) * (hi - lo)) * 1000).toISOString();
      const staffId = (i: number) =>
        `00000000-0000-4000-8000-${String(1 + (i % (STAFF - 1))).padStart(12, '0')}`;
      const page = (filters: Parameters<typeof listEvents>[1]) =>
        listEvents(database.db, filters, { beforeId: null, limit: 50 });
      const filters: [string, (i: number) => Parameters<typeof listEvents>[1]][] = [
        ['no filter', () => ({})],
        ['type (exact)', (i) => ({ type: pick(TYPES, i) })],
        ['type (prefix)', (i) => ({ type: `${pick(HEADS, i)}.` })],
        ['actor (id)', (i) => ({ actor: staffId(i) })],
        ['actor (email)', (i) => ({ actor: `STAFF${1 + (i % (STAFF - 1))}@bench.test` })],
        ['subject type', (i) => ({ subjectType: pick(SUBJECT_TYPES, i) })],
        ['subject id', (i) => ({ subjectId: `s${(i * 104729) % 100000}` })],
        ['from (time)', (i) => ({ from: at(i) })],
        ['to (time)', (i) => ({ to: at(i) })],
      ];
      const rows: Record<string, string | number>[] = [];
      const targets: Target[] = [];
      const data: Record<string, unknown> = { total, months, samples, loadSeconds, sealed, sealSeconds };
      for (const [name, make] of filters) {
        const summary = await timeQueries(samples, (i) => page(make(i)));
        rows.push({
          query: `first page, ${name}`,
          p50: ms(summary.p50),
          p95: ms(summary.p95),
          max: ms(summary.max),
        });
        data[`firstPage ${name}`] = summary;
        targets.push({
          name: `first page, ${name}, p95`,
          target: `≤ ${FIRST_PAGE_P95_MS} ms`,
          actual: ms(summary.p95),
          pass: summary.p95 <= FIRST_PAGE_P95_MS,
        });
      }
      const timeline = await timeQueries(samples, (i) =>
        page({ subjectType: subjectTypeOf((i * 104729) % 100000), subjectId: `s${(i * 104729) % 100000}` }),
      );
      rows.push({
        query: "subject's timeline (type + id)",
        p50: ms(timeline.p50),
        p95: ms(timeline.p95),
        max: ms(timeline.max),
      });
      data.timeline = timeline;
      targets.push({
        name: "a subject's timeline, p95",
        target: `≤ ${TIMELINE_P95_MS} ms`,
        actual: ms(timeline.p95),
        pass: timeline.p95 <= TIMELINE_P95_MS,
      });

      const [month] = await database.sql.query<{ month: string }>(
        `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC' - interval '1 month', 'YYYY-MM') AS month`,
      );
      const verifyStarted = now();
      const proof = await verifyMonth(database.sql, month!.month, { parallel });
      const verifySeconds = (now() - verifyStarted) / 1000;
      const perSecond = proof.count / verifySeconds;
      data.verifyMonth = {
        month: month!.month,
        ok: proof.ok,
        events: proof.count,
        seconds: verifySeconds,
        perSecond,
      };
      rows.push({
        query: `verify month ${month!.month}`,
        p50: `${int(proof.count)} events`,
        p95: `${verifySeconds.toFixed(2)} s`,
        max: `${int(perSecond)}/s`,
      });
      targets.push({
        name: `verify one month's partition (${int(proof.count)} events, ${proof.ok ? 'ok' : 'BROKEN'})`,
        target: `≥ ${int(VERIFY_EVENTS_PER_SECOND)} events/s`,
        actual: `${int(perSecond)} events/s`,
        pass: proof.ok && perSecond >= VERIFY_EVENTS_PER_SECOND,
      });
      const scale = {
        title: `Events: ${int(total)} over ${span!.partitions} partitions (${months} months of data), loaded in ${loadSeconds.toFixed(0)} s`,
        rows,
      };
      return { tables: [scale], targets, data };
    } finally {
      await database.close();
    }
  },
};
