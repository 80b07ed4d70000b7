import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type Database, type Db, openDatabase } from '../src/server/db/client.ts';
import { DETECTORS } from '../src/server/modules/signals/detectors.ts';
import { readThresholds, runHealthPulse } from '../src/server/modules/signals/pulse.ts';
import { SYSTEM_CONTEXT } from '../src/server/platform/audit/append.ts';
import { int, ms, now, numberOption, type Summary, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

/** `npm run bench -- pulse --students N` scales a trial run down (20 progress rows per student stay). */
const STUDENTS = numberOption('--students', 100_000);
/** Two enrollments per student, ten lessons done in each: 20 progress rows per student. */
const COURSES = 5;
const LESSONS_PER_COURSE = 20;
const LESSONS_DONE = 10;
const PROGRESS_ROWS = STUDENTS * 2 * LESSONS_DONE;
const LOGIN_EVENTS = STUDENTS * 5;
const WARMUP = 3;
const RUNS = 15;
const TARGET_P95_MS = 2_000;

/** A uniform number in [0, 1) from an SQL bigint expression and a stream number. */
const r = (key: string, stream: number) =>
  `((hashint8extended((${key})::bigint, ${stream}) & 4294967295)::float8 / 4294967296.0)`;

/** The seed, set-based, one statement per table; seconds by step. */
async function seed(database: Database, log: (line: string) => void): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const step = async (name: string, text: string) => {
    const start = now();
    await database.sql.exec(text);
    timings[name] = Math.round(now() - start) / 1000;
    log(`${name}: ${timings[name]} s`);
  };
  await step(
    `users (${int(STUDENTS)})`,
    `INSERT INTO users (id, email, name, status, created_at, updated_at)
     SELECT md5('bench-student:' || n)::uuid, 'student.' || n || '@bench.test', 'Student ' || n, 'active',
            now() - interval '100 days' - ${r('n', 1)} * interval '600 days', now() - interval '100 days'
       FROM generate_series(1, ${STUDENTS}) n`,
  );
  await step(
    `courses, lessons, quizzes (${COURSES} × ${LESSONS_PER_COURSE})`,
    `INSERT INTO courses (id, slug, title)
     SELECT md5('bench-course:' || c)::uuid, 'bench-course-' || c, 'Bench course ' || c FROM generate_series(1, ${COURSES}) c;
     INSERT INTO lessons (id, course_id, position, title)
     SELECT md5('bench-lesson:' || c || '.' || p)::uuid, md5('bench-course:' || c)::uuid, p, 'Lesson ' || p
       FROM generate_series(1, ${COURSES}) c, generate_series(1, ${LESSONS_PER_COURSE}) p;
     INSERT INTO quizzes (id, lesson_id, title)
     SELECT md5('bench-quiz:' || c || '.' || p)::uuid, md5('bench-lesson:' || c || '.' || p)::uuid, 'Quiz ' || p
       FROM generate_series(1, ${COURSES}) c, generate_series(1, ${LESSONS_PER_COURSE}) p;
     -- 5 questions a quiz, 3 true/false; course 1 skewed to "true"
     INSERT INTO quiz_questions (quiz_id, kind, prompt, options, correct_position)
     SELECT md5('bench-quiz:' || c || '.' || p)::uuid,
            CASE WHEN q % 2 = 1 THEN 'true_false' ELSE 'multiple_choice' END, 'Question ' || q,
            CASE WHEN q % 2 = 1 THEN '["True", "False"]'::jsonb ELSE '["A", "B", "C", "D"]'::jsonb END,
            CASE WHEN q % 2 = 0 THEN (p + q) % 4 WHEN c = 1 THEN CASE WHEN p % 8 = 0 THEN 1 ELSE 0 END ELSE (p + q) % 2 END
       FROM generate_series(1, ${COURSES}) c, generate_series(1, ${LESSONS_PER_COURSE}) p, generate_series(1, 5) q`,
  );
  // Two courses per student; 15 % completed, ~10 % stuck (8–60 days), the rest active within a week.
  await step(
    `enrollments (${int(STUDENTS * 2)})`,
    `CREATE UNLOGGED TABLE bench_e AS
     SELECT s.n, j, md5('bench-course:' || (1 + (s.n + j * 2) % ${COURSES}))::uuid AS course_id,
            md5('bench-student:' || s.n)::uuid AS user_id, 1 + (s.n + j * 2) % ${COURSES} AS c,
            now() - interval '60 days' - ${r('s.n * 2 + j', 2)} * interval '30 days' AS enrolled_at,
            CASE WHEN ${r('s.n * 2 + j', 3)} < 0.15 THEN 'completed'
                 WHEN ${r('s.n * 2 + j', 3)} < 0.25 THEN 'stuck' ELSE 'active' END AS state,
            ${r('s.n * 2 + j', 4)} AS r_when
       FROM generate_series(1, ${STUDENTS}) s (n), generate_series(0, 1) j;
     INSERT INTO enrollments (user_id, course_id, enrolled_at, last_activity_at, completed_at)
     SELECT user_id, course_id, enrolled_at, la, CASE WHEN state = 'completed' THEN la END
       FROM (SELECT bench_e.*, CASE state WHEN 'stuck' THEN now() - interval '8 days' - r_when * interval '52 days'
                                          WHEN 'completed' THEN now() - r_when * interval '50 days'
                                          ELSE now() - r_when ^ 2 * interval '7 days' END AS la
               FROM bench_e) e
      ORDER BY enrolled_at`,
  );
  await step(
    `lesson_progress (${int(PROGRESS_ROWS)})`,
    `INSERT INTO lesson_progress (user_id, lesson_id, completed_at)
     SELECT e.user_id, md5('bench-lesson:' || e.c || '.' || p)::uuid,
            e.enrolled_at + (x.last_activity_at - e.enrolled_at) * (p::float8 / ${LESSONS_DONE})
       FROM bench_e e
       JOIN enrollments x ON x.user_id = e.user_id AND x.course_id = e.course_id
      CROSS JOIN generate_series(1, ${LESSONS_DONE}) p
      ORDER BY 3;
     DROP TABLE bench_e`,
  );
  // Login events over 90 days (10 % failed), and a credential-stuffing burst in the last hour.
  await step(
    `login_events (${int(LOGIN_EVENTS)})`,
    `INSERT INTO login_events (user_id, email, provider, method, success, error_code, ip, created_at)
     SELECT md5('bench-student:' || u)::uuid, 'student.' || u || '@bench.test', 'password', 'signin', ok,
            CASE WHEN NOT ok THEN 'invalid_credentials' END,
            ('198.51.100.' || (1 + e % 250))::inet, now() - ${r('e', 7)} * interval '90 days'
       FROM (SELECT e, 1 + floor(${r('e', 5)} * ${STUDENTS})::bigint AS u, ${r('e', 6)} >= 0.1 AS ok
               FROM generate_series(1, ${LOGIN_EVENTS}) e) x
      ORDER BY 8;
     INSERT INTO login_events (email, provider, method, success, error_code, ip, created_at)
     SELECT 'student.' || (1 + i % 40) || '@bench.test', 'password', 'signin', false, 'invalid_credentials',
            '203.0.113.66'::inet, now() - interval '50 minutes' + i * interval '1 second'
       FROM generate_series(1, 400) i`,
  );
  const start = now();
  for (const table of [
    'users',
    'courses',
    'lessons',
    'quizzes',
    'quiz_questions',
    'enrollments',
    'lesson_progress',
    'login_events',
  ])
    await database.sql.exec(`VACUUM (ANALYZE) ${table}`);
  timings['vacuum analyze'] = Math.round(now() - start) / 1000;
  log(`vacuum analyze: ${timings['vacuum analyze']} s`);
  return timings;
}

/** A Drizzle handle that records each statement it executes (the detectors run all their SQL that way). */
function capturing(db: Db, into: { text: string; params: unknown[] }[]): Db {
  const dialect = new PgDialect();
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver);
      return (query: SQL) => {
        const { sql, params } = dialect.sqlToQuery(query);
        into.push({ text: sql, params });
        return target.execute(query);
      };
    },
  });
}

type DetectorFigures = {
  name: string;
  signals: number;
  timing: Summary;
  statements: { text: string; params: unknown[]; plan: string[] }[];
};

export const pulseBenchmark: Benchmark = {
  name: 'pulse',
  description: `Health Pulse at ${int(STUDENTS)} students / ${int(PROGRESS_ROWS)} lesson_progress rows: runHealthPulse p50/p95 and each detector`,
  async run({ url, log }: BenchContext) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    try {
      log(
        `seeding ${int(STUDENTS)} students, ${int(PROGRESS_ROWS)} progress rows, ${int(LOGIN_EVENTS)} login events`,
      );
      const seedStart = now();
      const seedTimings = await seed(database, log);
      const seedSeconds = (now() - seedStart) / 1000;
      log(`seeded in ${seedSeconds.toFixed(1)} s`);
      const sizes = await database.sql.query<{ name: string; rows: string; size: string }>(
        `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
           FROM pg_class c WHERE c.relname IN ('users', 'enrollments', 'lesson_progress', 'login_events', 'quiz_questions')
          ORDER BY pg_total_relation_size(c.oid) DESC`,
      );

      // Health Pulse through the real function: the first run opens the cards, the rest refresh them.
      const context = { ...SYSTEM_CONTEXT, requestId: 'bench:pulse' };
      log(`runHealthPulse: ${WARMUP} warm-up + ${RUNS} timed runs`);
      let lastResult: Awaited<ReturnType<typeof runHealthPulse>> | null = null;
      for (let i = 0; i < WARMUP; i++) lastResult = await runHealthPulse(database, context);
      const pulseSamples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = now();
        lastResult = await runHealthPulse(database, context);
        pulseSamples.push(now() - start);
      }
      const pulse = summarize(pulseSamples);
      if (lastResult?.skipped.length)
        throw new Error(`detectors skipped: ${JSON.stringify(lastResult.skipped)}`);

      // Each detector alone, then its statements under EXPLAIN ANALYZE.
      const thresholds = await readThresholds(database.db);
      const detectors: DetectorFigures[] = [];
      for (const detector of DETECTORS) {
        for (let i = 0; i < WARMUP; i++) await detector.detect(database.db, thresholds);
        const samples: number[] = [];
        let signals = 0;
        for (let i = 0; i < RUNS; i++) {
          const start = now();
          signals = (await detector.detect(database.db, thresholds)).length;
          samples.push(now() - start);
        }
        const captured: { text: string; params: unknown[] }[] = [];
        await detector.detect(capturing(database.db, captured), thresholds);
        const statements = [];
        for (const statement of captured) {
          const plan = await database.sql.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
            statement.params,
          );
          statements.push({ ...statement, plan: plan.map((row) => row['QUERY PLAN']) });
        }
        detectors.push({ name: detector.name, signals, timing: summarize(samples), statements });
        log(`${detector.name}: p50 ${ms(summarize(samples).p50)}, ${signals} signal(s)`);
      }
      const slowest = [...detectors].sort((a, b) => b.timing.p50 - a.timing.p50)[0]!;
      const detectorSum = detectors.reduce((sum, detector) => sum + detector.timing.p50, 0);

      const targets: Target[] = [
        {
          name: `runHealthPulse p95 (${RUNS} runs, ${int(STUDENTS)} students, ${int(PROGRESS_ROWS)} progress rows)`,
          target: `≤ ${int(TARGET_P95_MS)} ms`,
          actual: ms(pulse.p95),
          pass: pulse.p95 <= TARGET_P95_MS,
        },
      ];
      const execution = (plan: string[]) =>
        plan.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '';
      return {
        tables: [
          {
            title: 'Seeding (not part of the target)',
            rows: [
              ...Object.entries(seedTimings).map(([step, seconds]) => ({
                step,
                seconds: seconds.toFixed(2),
              })),
              { step: 'total', seconds: seedSeconds.toFixed(2) },
            ],
          },
          {
            title: 'Tables',
            rows: sizes.map((row) => ({ table: row.name, rows: int(Number(row.rows)), size: row.size })),
          },
          {
            title: `runHealthPulse (${RUNS} runs after ${WARMUP} warm-up)`,
            rows: [
              {
                runs: pulse.count,
                p50: ms(pulse.p50),
                p95: ms(pulse.p95),
                max: ms(pulse.max),
                signals: lastResult?.signals.length ?? 0,
              },
            ],
          },
          {
            title: `Each detector alone (${RUNS} runs after ${WARMUP} warm-up; sum of p50 ${ms(detectorSum)})`,
            rows: detectors.map((detector) => ({
              detector: detector.name,
              signals: detector.signals,
              p50: ms(detector.timing.p50),
              p95: ms(detector.timing.p95),
              max: ms(detector.timing.max),
              'EXPLAIN ANALYZE': detector.statements
                .map((statement) => execution(statement.plan))
                .join(' + '),
            })),
          },
        ],
        targets,
        data: {
          students: STUDENTS,
          progressRows: PROGRESS_ROWS,
          loginEvents: LOGIN_EVENTS,
          seedSeconds,
          seedTimings,
          sizes,
          pulse,
          pulseSamples,
          signals: lastResult?.signals.map((signal) => signal.key),
          slowestDetector: slowest.name,
          detectors,
        },
      };
    } finally {
      await database.close();
    }
  },
};
