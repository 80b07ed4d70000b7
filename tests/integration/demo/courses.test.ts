import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/client.ts';
import {
  DEMO_COURSES,
  type SeedCoursesResult,
  seedDemoCourses,
  TOKENS_PER_COURSE,
  TOKENS_PER_LESSON,
} from '../../../src/server/demo/courses.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { runHealthPulse } from '../../../src/server/modules/signals/pulse.ts';
import { SYSTEM_CONTEXT } from '../../../src/server/platform/audit/append.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

/**
 * The demo courses seed (`npm run demo:seed`, first start): deterministic, with stuck and idle
 * students Health Pulse finds, a skewed course Drift Scan finds, and token balances that add up.
 */
const MEMBERS = 800;
let a: TestDatabase;
let b: TestDatabase;
let first: SeedCoursesResult;
let second: SeedCoursesResult;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedDemoMembers(a, { members: MEMBERS });
  await seedDemoMembers(b, { members: MEMBERS });
  first = await seedDemoCourses(a);
  second = await seedDemoCourses(b);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

const ids = (database: Database, table: string) =>
  database.sql.query<{ id: string }>(`SELECT id::text AS id FROM ${table} ORDER BY id`);

describe('seedDemoCourses', () => {
  it('is deterministic: two fresh databases get the same counts and ids', async () => {
    expect(first.created).toBe(true);
    const { timings: _a, ...firstCounts } = first;
    const { timings: _b, ...secondCounts } = second;
    expect(secondCounts).toEqual(firstCounts);
    expect(first.courses).toBe(3);
    expect(first.lessons).toBe(DEMO_COURSES.reduce((sum, course) => sum + course.lessons.length, 0));
    expect(first.questions).toBeGreaterThanOrEqual(first.quizzes * 4);
    expect(first.questions).toBeLessThanOrEqual(first.quizzes * 6);
    expect(first.students).toBeGreaterThan(MEMBERS * 0.9);
    expect(first.enrollments).toBeGreaterThan(first.students);
    for (const key of [
      'lessonProgress',
      'quizAttempts',
      'tokenAwards',
      'discordIdentities',
      'payments',
    ] as const)
      expect(first[key], key).toBeGreaterThan(0);
    for (const table of ['courses', 'lessons', 'quizzes', 'quiz_questions', 'enrollments', 'payments'])
      expect(await ids(b, table), table).toEqual(await ids(a, table));
    const progress = (database: Database) =>
      database.sql.query(
        `SELECT user_id::text, lesson_id::text FROM lesson_progress ORDER BY user_id, lesson_id`,
      );
    expect(await progress(b)).toEqual(await progress(a));
    const ledger = (database: Database) =>
      database.sql.query(`SELECT user_id::text, amount, source_id FROM token_ledger ORDER BY source_id`);
    expect(await ledger(b)).toEqual(await ledger(a));
  });

  it('adds nothing the second time', async () => {
    const again = await seedDemoCourses(a);
    expect(again.created).toBe(false);
    const [row] = await a.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments`);
    expect(row!.n).toBe(first.enrollments);
  });

  it('has progressing, completed, stuck and idle students, and progress matching enrollments', async () => {
    const [row] = await a.sql.query<{
      recent: number;
      completed: number;
      stuck: number;
      idle: number;
      total: number;
    }>(
      `SELECT count(*) FILTER (WHERE completed_at IS NULL AND last_activity_at > now() - interval '4 days')::int AS recent,
              count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
              count(*) FILTER (WHERE completed_at IS NULL
                                 AND coalesce(last_activity_at, enrolled_at) < now() - interval '7 days')::int AS stuck,
              count(*) FILTER (WHERE completed_at IS NULL AND last_activity_at < now() - interval '5 days'
                                 AND last_activity_at > now() - interval '30 days')::int AS idle,
              count(*)::int AS total
         FROM enrollments`,
    );
    expect(row!.recent / row!.total).toBeGreaterThan(0.5);
    expect(row!.completed).toBeGreaterThan(0);
    expect(row!.stuck / row!.total).toBeGreaterThan(0.06);
    expect(row!.stuck / row!.total).toBeLessThan(0.15);
    expect(row!.idle).toBeGreaterThan(row!.stuck);
    // The last lesson done is the enrollment's last activity; a completed enrollment did every lesson.
    const mismatched = await a.sql.query(
      `SELECT e.id FROM enrollments e
         LEFT JOIN LATERAL (SELECT max(p.completed_at) AS last, count(*)::int AS done
                              FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
                             WHERE p.user_id = e.user_id AND l.course_id = e.course_id) p ON true
        WHERE p.last IS DISTINCT FROM e.last_activity_at
           OR (e.completed_at IS NOT NULL AND p.done <> (SELECT count(*) FROM lessons l WHERE l.course_id = e.course_id))
           OR p.last < e.enrolled_at`,
    );
    expect(mismatched).toEqual([]);
  });

  it('Health Pulse opens stuck-students cards and the drift card for the skewed course only', async () => {
    const result = await runHealthPulse(a, { ...SYSTEM_CONTEXT, requestId: 'test:demo-courses' });
    expect(result.skipped).toEqual([]);
    const keys = result.opened.map((mission) => mission.signalKey);
    for (const course of DEMO_COURSES) expect(keys).toContain(`stuck_students:${course.slug}`);
    const drift = keys.filter((key) => key?.startsWith('quiz_drift:'));
    expect(drift).toEqual([`quiz_drift:${DEMO_COURSES.find((course) => course.skewed)!.slug}`]);
  });

  it('token balances match the awards', async () => {
    const [row] = await a.sql.query<{ ledger: number; awards: number; wrong: number }>(
      `SELECT (SELECT count(*)::int FROM token_ledger) AS ledger,
              (SELECT count(*)::int FROM (
                 SELECT u.id FROM users u
                  WHERE coalesce((SELECT sum(amount) FROM token_ledger t WHERE t.user_id = u.id), 0)
                        <> ${TOKENS_PER_LESSON} * (SELECT count(*) FROM lesson_progress p WHERE p.user_id = u.id)
                         + ${TOKENS_PER_COURSE} * (SELECT count(*) FROM enrollments e WHERE e.user_id = u.id AND e.completed_at IS NOT NULL)
                         + coalesce((SELECT sum(tokens_awarded) FROM payments p WHERE p.user_id = u.id), 0)
                     OR token_balance(u.id) <> coalesce((SELECT sum(amount) FROM token_ledger t WHERE t.user_id = u.id), 0)) x) AS wrong`,
    );
    expect(row!.ledger).toBe(first.tokenAwards);
    expect(row!.wrong).toBe(0);
    const [awards] = await a.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM token_ledger WHERE source = 'award' AND source_id LIKE 'lesson:%'`,
    );
    expect(awards!.n).toBe(first.lessonProgress);
  });
});
