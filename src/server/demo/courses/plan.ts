import type { DemoPlan, DemoStep } from '../steps.ts';

export const TOKENS_PER_LESSON = 10;
export const TOKENS_PER_COURSE = 50;
/** Tokens a purchase awards per dollar. */
export const TOKENS_PER_DOLLAR = 10;

/** What the course steps are told. */
export type CoursePlan = DemoPlan & {
  /** How many demo members to enroll, at most. */
  students: number;
};

/** The counts `seedDemoCourses` reports, each one a step's. */
export type CourseCount =
  | 'courses'
  | 'lessons'
  | 'quizzes'
  | 'questions'
  | 'students'
  | 'enrollments'
  | 'lessonProgress'
  | 'quizAttempts'
  | 'tokenAwards'
  | 'discordIdentities'
  | 'payments';

export type CourseStep = DemoStep<CoursePlan, CourseCount>;

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
