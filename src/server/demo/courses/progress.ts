import { DEMO_MEMBER_DOMAIN } from '../members/plan.ts';
import { countInserted, countOf, createScratch, sqlText } from '../steps.ts';
import { type CourseStep, DEMO_COURSES } from './plan.ts';

/** `demo_s`: the students, the first `students` demo members by id (deterministic), not deleted. */
export const students: CourseStep = {
  name: 'students',
  counts: 'students',
  async run(db, { students }) {
    await createScratch(
      db,
      'demo_s',
      `
      SELECT row_number() OVER (ORDER BY id) AS k, id AS user_id
        FROM (SELECT id FROM users WHERE email LIKE ${sqlText(`%@${DEMO_MEMBER_DOMAIN}`)} AND status <> 'deleted'
               ORDER BY id LIMIT ${students}) u`,
    );
    return countOf(db, 'SELECT count(*) AS n FROM demo_s');
  },
};

/**
 * `demo_e`: one enrollment per student and course (60 % take one course, 30 % two, 10 % all three),
 * each in a state: ~12 % completed, ~10 % stuck (no progress for 8–30 days), ~8 % idle 5–7 days,
 * ~4 % enrolled this week and not started, the rest progressing (last lesson within 4 days); `done`
 * is how many lessons.
 */
export const enrollmentPlan: CourseStep = {
  name: 'enrollment plan',
  run: (db, _plan, { r, uuid }) =>
    createScratch(
      db,
      'demo_e',
      `
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
        FROM w`,
      { analyze: true },
    ),
};

export const enrollments: CourseStep = {
  name: 'enrollments',
  table: 'enrollments',
  counts: 'enrollments',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO enrollments (id, user_id, course_id, enrolled_at, last_activity_at, completed_at)
      SELECT id, user_id, course_id, enrolled_at, last_activity_at,
             CASE WHEN state = 'completed' THEN last_activity_at END
        FROM demo_e ORDER BY enrolled_at, id`,
    ),
};

/**
 * `demo_p`: the lessons each enrollment has done, in order, spread from enrollment to the last
 * activity (the last one exactly then).
 */
export const progressPlan: CourseStep = {
  name: 'progress plan',
  run: (db, _plan, { r }) =>
    createScratch(
      db,
      'demo_p',
      `
      SELECT e.user_id, e.k, e.c, e.course_id, l.id AS lesson_id, l.quiz_id, l.title, l.p,
             e.key * 100 + l.p AS key,
             CASE WHEN l.p = e.done THEN e.last_activity_at
                  ELSE e.enrolled_at + (e.last_activity_at - e.enrolled_at) * (l.p::float8 / e.done)
                       * (0.9 + 0.1 * ${r('e.key * 100 + l.p')}) END AS completed_at
        FROM demo_e e JOIN demo_l l ON l.c = e.c AND l.p <= e.done
       WHERE e.done > 0`,
    ),
};

export const lessonProgress: CourseStep = {
  name: 'lesson progress',
  table: 'lesson_progress',
  counts: 'lessonProgress',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO lesson_progress (user_id, lesson_id, completed_at)
      SELECT user_id, lesson_id, completed_at FROM demo_p ORDER BY completed_at, user_id, lesson_id`,
    ),
};

/** A passing attempt before each completed lesson; a failed first try for one in five. */
export const quizAttempts: CourseStep = {
  name: 'quiz attempts',
  table: 'quiz_attempts',
  counts: 'quizAttempts',
  run: (db, _plan, { r }) =>
    countInserted(
      db,
      `
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
      ORDER BY created_at, user_id, quiz_id`,
    ),
};
