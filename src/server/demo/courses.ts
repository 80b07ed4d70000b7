import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { DEFAULT_DEMO_SEED, DEMO_MEMBER_DOMAIN } from './members.ts';

/**
 * Demo courses: three courses with lessons and quizzes, and the demo members (`@demo-members.test`)
 * enrolled in them with 90 days of realistic progress. Deterministic and set-based like the members
 * seed: every "random" choice is `hashint8extended(key, seed)`, every id `md5(kind:seed:key)::uuid`,
 * everything in one transaction; times are relative to the moment of seeding.
 *
 * What it makes, so the ops actions have something to find:
 * - most enrollments progressing (last lesson within 4 days), ~12 % completed, ~10 % stuck (no
 *   progress for 8–30 days: Health Pulse's stuck-students card), ~8 % idle 5–7 days, a few enrolled
 *   this week and not started; `lesson_progress` ends exactly at each enrollment's `last_activity_at`;
 * - one quiz per lesson (4–6 questions, true/false and multiple choice); "Shipping with AI Agents"
 *   has its true/false answers skewed to "true" (~90 %), which Drift Scan reports;
 * - a quiz attempt per completed lesson (and a failed first try now and then);
 * - tokens through `award_tokens()`: 10 per completed lesson (`lesson:<lesson id>:<user id>`), 50 per
 *   completed course (`course:<course id>:<user id>`), and a purchase's tokens (`payment:<payment id>`);
 * - Discord identities (numeric snowflake ids) for ~20 % of the students (Catch Stragglers);
 * - a `payments` row (`ch_demo_<n>`) for each paid or fulfilled order of a demo member.
 */
export const DEMO_STUDENTS_DEFAULT = 2_000;
export const TOKENS_PER_LESSON = 10;
export const TOKENS_PER_COURSE = 50;
/** Tokens a purchase awards per dollar. */
export const TOKENS_PER_DOLLAR = 10;

type DemoCourse = { slug: string; title: string; skewed: boolean; lessons: string[] };

export const DEMO_COURSES: DemoCourse[] = [
  {
    slug: 'vibe-coding-basics',
    title: 'Vibe Coding Basics',
    skewed: false,
    lessons: [
      'What vibe coding is (and is not)',
      'Setting up your editor and assistant',
      'Writing your first prompt',
      'Reading the code you get back',
      'Small steps: one change at a time',
      'Asking for tests first',
      'When the assistant is confidently wrong',
      'Version control as an undo button',
      'Refactoring with a partner that never tires',
      'Naming things together',
      'From script to small app',
      'Your first deploy',
    ],
  },
  {
    slug: 'shipping-with-ai-agents',
    title: 'Shipping with AI Agents',
    skewed: true,
    lessons: [
      'Agents, tools and loops',
      'Writing a brief an agent can follow',
      'Scoping work into tasks',
      'Giving agents a sandbox',
      'Reviewing an agent’s diff',
      'Tests as the contract',
      'Running agents in parallel',
      'Merge conflicts between agents',
      'Secrets, permissions and blast radius',
      'Observability for agent runs',
      'Cost and latency budgets',
      'When to take the wheel back',
      'Release checklists',
      'Post-mortem of a bad ship',
    ],
  },
  {
    slug: 'debugging-deep-dive',
    title: 'Debugging Deep Dive',
    skewed: false,
    lessons: [
      'Reproduce first',
      'Reading stack traces',
      'Bisecting a regression',
      'Logging that helps',
      'Debuggers and breakpoints',
      'Race conditions',
      'Memory leaks',
      'Slow queries',
      'Debugging in production, safely',
      'Writing the regression test',
    ],
  },
];

export type SeedCoursesOptions = {
  /** How many demo members to enroll (default 2,000; fewer when fewer demo members exist). */
  students?: number;
  seed?: string;
  log?: (line: string) => void;
};

export type SeedCoursesResult = {
  /** false when the demo courses existed already: nothing was added. */
  created: boolean;
  courses: number;
  lessons: number;
  quizzes: number;
  questions: number;
  students: number;
  enrollments: number;
  lessonProgress: number;
  quizAttempts: number;
  tokenAwards: number;
  discordIdentities: number;
  payments: number;
  /** Seconds spent, by step. */
  timings: Record<string, number>;
};

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;

function seedNumber(seed: string): number {
  return createHash('sha256').update(`courses:${seed}`).digest().readUInt32BE(0);
}

/** True when any of the demo courses exists. */
export async function hasDemoCourses(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM courses WHERE slug = ANY($1)) AS any`,
    [DEMO_COURSES.map((course) => course.slug)],
  );
  return rows[0]?.any === true;
}

/**
 * Creates the demo courses and enrolls demo members in them (see above). Adds nothing when the demo
 * courses exist already (`created: false`). Like the members seed, its callers refuse production:
 * `demo:seed` when APP_ENV=production, the first start because DEMO_DATA is refused there.
 */
export async function seedDemoCourses(
  database: Database,
  options: SeedCoursesOptions = {},
): Promise<SeedCoursesResult> {
  const students = options.students ?? DEMO_STUDENTS_DEFAULT;
  if (!Number.isInteger(students) || students < 0 || students > 20_000_000)
    throw new Error(`students must be a whole number from 0 to 20,000,000 (got ${students})`);
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!/^[\w.-]{1,64}$/.test(seed)) throw new Error('seed: 1–64 letters, digits, dot, dash or underscore');
  const log = options.log ?? (() => {});
  const empty = {
    courses: 0,
    lessons: 0,
    quizzes: 0,
    questions: 0,
    students: 0,
    enrollments: 0,
    lessonProgress: 0,
    quizAttempts: 0,
    tokenAwards: 0,
    discordIdentities: 0,
    payments: 0,
  };
  if (await hasDemoCourses(database)) {
    log('demo courses exist already: nothing added');
    return { created: false, ...empty, timings: {} };
  }

  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - start) / 1000;
    log(`${name}: ${timings[name]} s`);
    return result;
  };

  const seedLit = sqlText(seed);
  const base = seedNumber(seed) * 1000;
  let salt = 0;
  /** A uniform number in [0, 1) from `key` (an SQL bigint expression); each call site its own stream. */
  const r = (key: string) => {
    salt += 1;
    return `((hashint8extended((${key})::bigint, ${base + salt}) & 4294967295)::float8 / 4294967296.0)`;
  };
  const uuid = (kind: string, key: string) => `md5('${kind}:' || ${seedLit} || ':' || ${key})::uuid`;
  const courseRows = DEMO_COURSES.map(
    (course, i) => `(${i + 1}, ${sqlText(course.slug)}, ${sqlText(course.title)}, ${course.skewed})`,
  ).join(', ');
  const lessonRows = DEMO_COURSES.flatMap((course, i) =>
    course.lessons.map((title, j) => `(${i + 1}, ${j + 1}, ${sqlText(title)})`),
  ).join(', ');

  const counts = await database.sql.transaction(async (tx) => {
    const one = async (text: string) => Number((await tx.query<{ n: string }>(text))[0]?.n ?? 0);
    await tx.exec(`SET LOCAL work_mem = '64MB'`);

    // 1. Courses, lessons, one quiz per lesson, 4–6 questions per quiz.
    const catalog = await step('catalog', async () => {
      await tx.exec(`
        CREATE TEMP TABLE demo_c ON COMMIT DROP AS
        SELECT c, slug, title, skewed, ${uuid('course', 'slug')} AS id,
               (SELECT count(*)::int FROM (VALUES ${lessonRows}) l (c, p, t) WHERE l.c = v.c) AS lessons
          FROM (VALUES ${courseRows}) v (c, slug, title, skewed);
        CREATE TEMP TABLE demo_l ON COMMIT DROP AS
        SELECT l.c, l.p, l.t AS title, c.id AS course_id, c.slug, c.skewed,
               ${uuid('lesson', "c.slug || '.' || l.p")} AS id, ${uuid('quiz', "c.slug || '.' || l.p")} AS quiz_id,
               (l.c * 100 + l.p) AS key
          FROM (VALUES ${lessonRows}) l (c, p, t) JOIN demo_c c ON c.c = l.c;
        INSERT INTO courses (id, slug, title, created_at)
        SELECT id, slug, title, now() - interval '120 days' FROM demo_c ORDER BY c;
        INSERT INTO lessons (id, course_id, position, title, estimated_minutes)
        SELECT id, course_id, p, title, 5 + floor(${r('key')} * 6)::int * 5 FROM demo_l ORDER BY c, p;
        INSERT INTO quizzes (id, lesson_id, title)
        SELECT quiz_id, id, 'Quiz: ' || title FROM demo_l ORDER BY c, p;`);
      const questions = await one(`
        WITH ins AS (
          INSERT INTO quiz_questions (id, quiz_id, kind, prompt, options, correct_position)
          SELECT ${uuid('question', "l.slug || '.' || l.p || '.' || q")}, l.quiz_id,
                 CASE WHEN q % 2 = 1 THEN 'true_false' ELSE 'multiple_choice' END,
                 CASE WHEN q % 2 = 1 THEN 'True or false: statement ' || q || ' about "' || l.title || '"'
                      ELSE 'Which option best describes point ' || q || ' of "' || l.title || '"?' END,
                 CASE WHEN q % 2 = 1 THEN '["True", "False"]'::jsonb
                      ELSE '["Option A", "Option B", "Option C", "Option D"]'::jsonb END,
                 CASE WHEN q % 2 = 0 THEN floor(${r('l.key * 10 + q')} * 4)::int
                      -- the skewed course: "true" unless one in eight; the others alternate
                      WHEN l.skewed THEN CASE WHEN (l.p + q) % 8 = 0 THEN 1 ELSE 0 END
                      ELSE (l.p + (q - 1) / 2) % 2 END
            FROM demo_l l
            CROSS JOIN LATERAL generate_series(1, 4 + floor(${r('l.key')} * 3)::int) q
           ORDER BY l.c, l.p, q
          RETURNING 1)
        SELECT count(*) AS n FROM ins`);
      const lessons = await one('SELECT count(*) AS n FROM demo_l');
      return { courses: DEMO_COURSES.length, lessons, quizzes: lessons, questions };
    });

    // 2. Students: the first `students` demo members (by id: deterministic), not deleted.
    await step('students plan', async () => {
      await tx.exec(
        `CREATE TEMP TABLE demo_s ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY id) AS k, id AS user_id
           FROM (SELECT id FROM users WHERE email LIKE ${sqlText(`%@${DEMO_MEMBER_DOMAIN}`)} AND status <> 'deleted'
                  ORDER BY id LIMIT ${students}) u`,
      );
      // One enrollment per student and course: 60 % take one course, 30 % two, 10 % all three.
      await tx.exec(`
        CREATE TEMP TABLE demo_e ON COMMIT DROP AS
        WITH s AS (
          SELECT k, user_id, floor(${r('k')} * ${DEMO_COURSES.length})::int AS first_course, ${r('k')} AS r_n FROM demo_s
        ), e AS (
          SELECT s.k, s.user_id, 1 + (s.first_course + j - 1) % ${DEMO_COURSES.length} AS c, s.k * 4 + j AS key
            FROM s CROSS JOIN LATERAL generate_series(1, CASE WHEN r_n < 0.6 THEN 1 WHEN r_n < 0.9 THEN 2 ELSE 3 END) j
        ), st AS (
          SELECT e.*, ${r('key')} AS r_state, ${r('key')} AS r_when, ${r('key')} AS r_done, ${r('key')} AS r_enrolled
            FROM e
        ), t AS (
          SELECT st.*,
                 CASE WHEN r_state < 0.12 THEN 'completed' WHEN r_state < 0.22 THEN 'stuck'
                      WHEN r_state < 0.30 THEN 'idle' WHEN r_state < 0.34 THEN 'new' ELSE 'active' END AS state
            FROM st
        ), w AS (
          SELECT t.*, c.id AS course_id, c.lessons AS course_lessons,
                 CASE WHEN state = 'new' THEN now() - r_enrolled * interval '5 days'
                      ELSE now() - interval '35 days' - r_enrolled * interval '55 days' END AS enrolled_at,
                 CASE state WHEN 'new' THEN NULL
                            WHEN 'stuck' THEN now() - interval '8 days' - r_when * interval '22 days'
                            WHEN 'idle' THEN now() - interval '5 days' - r_when * interval '2 days'
                            WHEN 'completed' THEN now() - r_when * interval '30 days'
                            ELSE now() - interval '1 minute' - r_when ^ 2 * interval '4 days' END AS last_activity_at
            FROM t JOIN demo_c c ON c.c = t.c
        )
        SELECT w.*, ${uuid('enrollment', "w.k || '.' || w.c")} AS id,
               CASE state WHEN 'new' THEN 0 WHEN 'completed' THEN course_lessons
                          WHEN 'active' THEN 1 + floor(r_done * (course_lessons - 1))::int
                          ELSE 1 + floor(r_done * (course_lessons - 2))::int END AS done
          FROM w;
        ANALYZE demo_e;`);
    });

    const enrollments = await step('enrollments', () =>
      one(`
      WITH ins AS (
        INSERT INTO enrollments (id, user_id, course_id, enrolled_at, last_activity_at, completed_at)
        SELECT id, user_id, course_id, enrolled_at, last_activity_at,
               CASE WHEN state = 'completed' THEN last_activity_at END
          FROM demo_e ORDER BY enrolled_at, id
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 3. Lessons done in order, spread from enrollment to the last activity (the last one exactly then).
    const lessonProgress = await step('lesson progress', async () => {
      await tx.exec(`
        CREATE TEMP TABLE demo_p ON COMMIT DROP AS
        SELECT e.user_id, e.k, e.c, e.course_id, l.id AS lesson_id, l.quiz_id, l.title, l.p,
               e.key * 100 + l.p AS key,
               CASE WHEN l.p = e.done THEN e.last_activity_at
                    ELSE e.enrolled_at + (e.last_activity_at - e.enrolled_at) * (l.p::float8 / e.done)
                         * (0.9 + 0.1 * ${r('e.key * 100 + l.p')}) END AS completed_at
          FROM demo_e e JOIN demo_l l ON l.c = e.c AND l.p <= e.done
         WHERE e.done > 0`);
      return one(`
        WITH ins AS (
          INSERT INTO lesson_progress (user_id, lesson_id, completed_at)
          SELECT user_id, lesson_id, completed_at FROM demo_p ORDER BY completed_at, user_id, lesson_id
          RETURNING 1)
        SELECT count(*) AS n FROM ins`);
    });

    // 4. A passing attempt before each completed lesson; a failed first try for one in five.
    const quizAttempts = await step('quiz attempts', () =>
      one(`
      WITH ins AS (
        INSERT INTO quiz_attempts (quiz_id, user_id, score, created_at)
        SELECT quiz_id, user_id, score, created_at FROM (
          SELECT quiz_id, user_id, round((60 + ${r('key')} * 40)::numeric, 2) AS score,
                 completed_at - interval '2 minutes' AS created_at
            FROM demo_p
          UNION ALL
          SELECT quiz_id, user_id, round((20 + ${r('key')} * 39)::numeric, 2),
                 completed_at - interval '20 minutes'
            FROM demo_p WHERE ${r('key')} < 0.2
        ) a
        ORDER BY created_at, user_id, quiz_id
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 5. Discord identities for ~20 % of the students: snowflake-like ids, unique by student number.
    const discordIdentities = await step('discord identities', () =>
      one(`
      WITH ins AS (
        INSERT INTO user_identities (id, user_id, provider, provider_user_id, scope, created_at, updated_at)
        SELECT ${uuid('discord', 's.k')}, s.user_id, 'discord',
               (900000000000000000 + s.k * 1000 + (hashint8extended(s.k, ${base + 999}) & 511))::text,
               'identify', u.created_at, u.created_at
          FROM demo_s s JOIN users u ON u.id = s.user_id
         WHERE ${r('s.k')} < 0.2
           AND NOT EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = s.user_id AND i.provider = 'discord')
         ORDER BY s.k
        RETURNING 1)
      SELECT count(*) AS n FROM ins`),
    );

    // 6. Payments for the paid and fulfilled orders of demo members.
    const payments = await step('payments', () =>
      tx
        .query<{ n: string }>(
          `WITH p AS (
             SELECT o.*, row_number() OVER (ORDER BY o.number) AS n
               FROM orders o JOIN users u ON u.id = o.user_id
              WHERE u.email LIKE $1 AND o.status IN ('paid', 'fulfilled') AND o.total > 0
           ), ins AS (
             INSERT INTO payments (id, order_id, user_id, stripe_charge_id, amount_cents, currency, status, tokens_awarded, created_at)
             SELECT ${uuid('payment', 'p.number')}, p.id, p.user_id, 'ch_demo_' || p.n, round(p.total * 100)::int,
                    p.currency, 'succeeded', round(p.total * ${TOKENS_PER_DOLLAR})::int, p.created_at
               FROM p ORDER BY p.n
             RETURNING 1)
           SELECT count(*) AS n FROM ins`,
          [`%@${DEMO_MEMBER_DOMAIN}`],
        )
        .then((rows) => Number(rows[0]?.n ?? 0)),
    );

    // 7. Tokens, through award_tokens(): lessons, completed courses, purchases.
    const tokenAwards = await step('token awards', () =>
      tx
        .query<{ n: string }>(
          `SELECT count(award_tokens(user_id, amount, reason, source_id)) AS n FROM (
             SELECT user_id, ${TOKENS_PER_LESSON} AS amount, 'Lesson completed: ' || title AS reason,
                    'lesson:' || lesson_id || ':' || user_id AS source_id, completed_at AS at
               FROM demo_p
             UNION ALL
             SELECT e.user_id, ${TOKENS_PER_COURSE}, 'Course completed: ' || c.title,
                    'course:' || e.course_id || ':' || e.user_id, e.last_activity_at
               FROM demo_e e JOIN demo_c c ON c.c = e.c WHERE e.state = 'completed'
             UNION ALL
             SELECT p.user_id, p.tokens_awarded, 'Purchase ' || p.stripe_charge_id, 'payment:' || p.id, p.created_at
               FROM payments p WHERE p.stripe_charge_id LIKE 'ch\\_demo\\_%' AND p.tokens_awarded > 0
             ORDER BY at, source_id
           ) a`,
          [],
        )
        .then((rows) => Number(rows[0]?.n ?? 0)),
    );

    const studentCount = await one('SELECT count(*) AS n FROM demo_s');
    return {
      ...catalog,
      students: studentCount,
      enrollments,
      lessonProgress,
      quizAttempts,
      tokenAwards,
      discordIdentities,
      payments,
    };
  });

  await step('analyze', () =>
    database.sql.exec(
      'ANALYZE courses; ANALYZE lessons; ANALYZE quizzes; ANALYZE quiz_questions; ANALYZE enrollments; ANALYZE lesson_progress; ANALYZE quiz_attempts; ANALYZE token_ledger; ANALYZE payments; ANALYZE user_identities',
    ),
  );
  return { created: true, ...counts, timings };
}
