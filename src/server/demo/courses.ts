import type { Database } from '../db/client.ts';
import { coursePlan, courses, lessonPlan, lessons, quizQuestions, quizzes } from './courses/catalog.ts';
import { type CourseCount, type CourseStep, DEMO_COURSES } from './courses/plan.ts';
import {
  enrollmentPlan,
  enrollments,
  lessonProgress,
  progressPlan,
  quizAttempts,
  students,
} from './courses/progress.ts';
import { discordIdentities, payments, tokenAwards } from './courses/rewards.ts';
import { checkSeed, DEFAULT_DEMO_SEED, runDemoSteps, stopwatch } from './steps.ts';

export {
  DEMO_COURSES,
  TOKENS_PER_COURSE,
  TOKENS_PER_DOLLAR,
  TOKENS_PER_LESSON,
} from './courses/plan.ts';

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

/** True when any of the demo courses exists. */
export async function hasDemoCourses(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM courses WHERE slug = ANY($1)) AS any`,
    [DEMO_COURSES.map((course) => course.slug)],
  );
  return rows[0]?.any === true;
}

/**
 * The steps, in order: the catalog, then the students and their enrollments, progress and attempts,
 * then what they earned. Payments read the orders of the members seed, so it runs first.
 */
export const COURSE_STEPS: readonly CourseStep[] = [
  coursePlan,
  lessonPlan,
  courses,
  lessons,
  quizzes,
  quizQuestions,
  students,
  enrollmentPlan,
  enrollments,
  progressPlan,
  lessonProgress,
  quizAttempts,
  discordIdentities,
  payments,
  tokenAwards,
];

const NO_COUNTS: Record<CourseCount, number> = {
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

/**
 * Creates the demo courses and enrolls demo members in them (`COURSE_STEPS`, see above). Adds
 * nothing when the demo courses exist already (`created: false`). Like the members seed, its callers
 * refuse production: `demo:seed` when APP_ENV=production, the first start because DEMO_DATA is
 * refused there.
 */
export async function seedDemoCourses(
  database: Database,
  options: SeedCoursesOptions = {},
): Promise<SeedCoursesResult> {
  const students = options.students ?? DEMO_STUDENTS_DEFAULT;
  if (!Number.isInteger(students) || students < 0 || students > 20_000_000)
    throw new Error(`students must be a whole number from 0 to 20,000,000 (got ${students})`);
  const seed = checkSeed(options.seed ?? DEFAULT_DEMO_SEED);
  const log = options.log ?? (() => {});
  if (await hasDemoCourses(database)) {
    log('demo courses exist already: nothing added');
    return { created: false, ...NO_COUNTS, timings: {} };
  }
  const watch = stopwatch(log);
  const counts = await runDemoSteps(database, COURSE_STEPS, { seed, students }, { counts: NO_COUNTS, watch });
  return { created: true, ...counts, timings: watch.timings };
}
