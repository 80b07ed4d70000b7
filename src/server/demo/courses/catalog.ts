import { countInserted, createScratch, sqlText } from '../steps.ts';
import { type CourseStep, DEMO_COURSES } from './plan.ts';

const courseRows = DEMO_COURSES.map(
  (course, i) => `(${i + 1}, ${sqlText(course.slug)}, ${sqlText(course.title)}, ${course.skewed})`,
).join(', ');
const lessonRows = DEMO_COURSES.flatMap((course, i) =>
  course.lessons.map((title, j) => `(${i + 1}, ${j + 1}, ${sqlText(title)})`),
).join(', ');

/** `demo_c`: the courses of DEMO_COURSES, numbered `c`, with their ids and lesson counts. */
export const coursePlan: CourseStep = {
  name: 'course plan',
  run: (db, _plan, { uuid }) =>
    createScratch(
      db,
      'demo_c',
      `
      SELECT c, slug, title, skewed, ${uuid('course', 'slug')} AS id,
             (SELECT count(*)::int FROM (VALUES ${lessonRows}) l (c, p, t) WHERE l.c = v.c) AS lessons
        FROM (VALUES ${courseRows}) v (c, slug, title, skewed)`,
    ),
};

/** `demo_l`: every lesson at its position `p`, with its id and its quiz's. */
export const lessonPlan: CourseStep = {
  name: 'lesson plan',
  run: (db, _plan, { uuid }) =>
    createScratch(
      db,
      'demo_l',
      `
      SELECT l.c, l.p, l.t AS title, c.id AS course_id, c.slug, c.skewed,
             ${uuid('lesson', "c.slug || '.' || l.p")} AS id, ${uuid('quiz', "c.slug || '.' || l.p")} AS quiz_id,
             (l.c * 100 + l.p) AS key
        FROM (VALUES ${lessonRows}) l (c, p, t) JOIN demo_c c ON c.c = l.c`,
    ),
};

export const courses: CourseStep = {
  name: 'courses',
  table: 'courses',
  counts: 'courses',
  run: (db) =>
    countInserted(
      db,
      `INSERT INTO courses (id, slug, title, created_at)
       SELECT id, slug, title, now() - interval '120 days' FROM demo_c ORDER BY c`,
    ),
};

/** Lessons of 5–30 minutes. */
export const lessons: CourseStep = {
  name: 'lessons',
  table: 'lessons',
  counts: 'lessons',
  run: (db, _plan, { r }) =>
    countInserted(
      db,
      `INSERT INTO lessons (id, course_id, position, title, estimated_minutes)
       SELECT id, course_id, p, title, 5 + floor(${r('key')} * 6)::int * 5 FROM demo_l ORDER BY c, p`,
    ),
};

/** One quiz per lesson. */
export const quizzes: CourseStep = {
  name: 'quizzes',
  table: 'quizzes',
  counts: 'quizzes',
  run: (db) =>
    countInserted(
      db,
      `INSERT INTO quizzes (id, lesson_id, title)
       SELECT quiz_id, id, 'Quiz: ' || title FROM demo_l ORDER BY c, p`,
    ),
};

/**
 * 4–6 questions per quiz, true/false and multiple choice in turn. The skewed course's true/false
 * answers are "true" but one in eight (what Drift Scan reports); the other courses' alternate.
 */
export const quizQuestions: CourseStep = {
  name: 'quiz questions',
  table: 'quiz_questions',
  counts: 'questions',
  run: (db, _plan, { r, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO quiz_questions (id, quiz_id, kind, prompt, options, correct_position)
      SELECT ${uuid('question', "l.slug || '.' || l.p || '.' || q")}, l.quiz_id,
             CASE WHEN q % 2 = 1 THEN 'true_false' ELSE 'multiple_choice' END,
             CASE WHEN q % 2 = 1 THEN 'True or false: statement ' || q || ' about "' || l.title || '"'
                  ELSE 'Which option best describes point ' || q || ' of "' || l.title || '"?' END,
             CASE WHEN q % 2 = 1 THEN '["True", "False"]'::jsonb
                  ELSE '["Option A", "Option B", "Option C", "Option D"]'::jsonb END,
             CASE WHEN q % 2 = 0 THEN floor(${r('l.key * 10 + q')} * 4)::int
                  WHEN l.skewed THEN CASE WHEN (l.p + q) % 8 = 0 THEN 1 ELSE 0 END
                  ELSE (l.p + (q - 1) / 2) % 2 END
        FROM demo_l l
        CROSS JOIN LATERAL generate_series(1, 4 + floor(${r('l.key')} * 3)::int) q
       ORDER BY l.c, l.p, q`,
    ),
};
