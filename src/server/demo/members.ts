import { createHash } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { Database } from '../db/client.ts';
import { orderFulfilment } from './members/fulfilment.ts';
import { emails, notes } from './members/mail-and-notes.ts';
import { addresses, orderItems, orderPlan, orders } from './members/orders.ts';
import { DEMO_MEMBER_DOMAIN, type MemberCount, type MemberStep, membersPlan } from './members/plan.ts';
import { loginEvents, signInBursts } from './members/sign-ins.ts';
import { identities, sessions, users } from './members/users.ts';
import { checkSeed, DEFAULT_DEMO_SEED, runDemoSteps, stopwatch } from './steps.ts';

export { DEMO_MEMBER_DOMAIN } from './members/plan.ts';
export { DEFAULT_DEMO_SEED } from './steps.ts';

/**
 * Demo members: deterministic, set-based, fast.
 *
 * Everything is generated inside the database with `generate_series` + `INSERT … SELECT`, one
 * statement per step of `MEMBER_STEPS` (the steps live in `members/`, the runner in `steps.ts`); the
 * "random" choices come from `hashint8extended(key, seed)`, a pure function of the member number and
 * the seed, so the same seed and the same N give the same members, identities, orders, addresses
 * and events (ids included: they are md5 of the seed and the row's key). Times are relative to the
 * moment of seeding (created over the last ~2 years, sign-ins over the last 90 days). Session tokens
 * are the one random thing: they are secrets.
 *
 * Every password identity holds the hash of DEMO_MEMBER_PASSWORD (hashed once per run: a real scrypt
 * per member would take hours at a million).
 */
export const DEMO_MEMBER_PASSWORD = 'mc-demo-member';
/** How many members `demo:seed` and the first start make. */
export const DEMO_MEMBERS_DEFAULT = 2_000;
/** Login events per member when no total is asked for (90 days' worth). */
export const DEFAULT_EVENTS_PER_MEMBER = 5;

export type SeedMembersOptions = {
  members: number;
  seed?: string;
  /**
   * Total login events to aim for (default members × 5). Every member who ever signed in gets the
   * event of their last sign-in, recent members their sign-up, plus the failure bursts; the rest is
   * spread over members with a long tail (a few members have thousands). When the fixed part alone
   * is larger than the target, the result has more.
   */
  loginEvents?: number;
  /**
   * Drop the secondary indexes of the tables it fills and build them again at the end, inside the
   * same transaction (other sessions wait; nobody sees a table without its indexes). Much faster for
   * bulk loads (three trigram GIN indexes on users); default: on from 100,000 members.
   */
  rebuildIndexes?: boolean;
  log?: (line: string) => void;
};

export type SeedMembersResult = {
  /** false when demo members already existed: nothing was added. */
  created: boolean;
  members: number;
  identities: number;
  sessions: number;
  loginEvents: number;
  addresses: number;
  orders: number;
  orderItems: number;
  emails: number;
  notes: number;
  /** Seconds spent, by step. */
  timings: Record<string, number>;
};

/** The id `md5(<kind>:<seed>:<key>)::uuid` gives, computed here (to find demo rows from outside). */
export function demoUuid(kind: string, seed: string, key: number | string): string {
  const hex = createHash('md5').update(`${kind}:${seed}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of demo member number `n` (1-based) made with `seed`. */
export function demoMemberId(n: number, seed = DEFAULT_DEMO_SEED): string {
  return demoUuid('member', seed, n);
}

let demoHash: Promise<string> | null = null;
function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_MEMBER_PASSWORD);
  return demoHash;
}

/** True when members of the demo domain exist already. */
export async function hasDemoMembers(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email LIKE $1) AS any`,
    [`%@${DEMO_MEMBER_DOMAIN}`],
  );
  return rows[0]?.any === true;
}

/**
 * The steps, in order: the plan (`demo_m`) first, then a member's rows, the bursts before the login
 * events that read them, the order plan before orders and items. New demo data is a new step here.
 */
export const MEMBER_STEPS: readonly MemberStep[] = [
  membersPlan,
  users,
  identities,
  sessions,
  signInBursts,
  loginEvents,
  addresses,
  orderPlan,
  orders,
  orderItems,
  orderFulfilment,
  emails,
  notes,
];

const NO_COUNTS: Record<MemberCount, number> = {
  members: 0,
  identities: 0,
  sessions: 0,
  loginEvents: 0,
  addresses: 0,
  orders: 0,
  orderItems: 0,
  emails: 0,
  notes: 0,
};

/**
 * Creates `members` demo members with identities, sessions, 90 days of login events, addresses,
 * orders, mails and notes (`MEMBER_STEPS`), then refreshes `user_aggregate`. Adds nothing when demo
 * members exist already (`created: false`).
 */
export async function seedDemoMembers(
  database: Database,
  options: SeedMembersOptions,
): Promise<SeedMembersResult> {
  const members = options.members;
  if (!Number.isInteger(members) || members < 1 || members > 20_000_000)
    throw new Error(`members must be a whole number from 1 to 20,000,000 (got ${members})`);
  const seed = checkSeed(options.seed ?? DEFAULT_DEMO_SEED);
  const loginEvents = options.loginEvents ?? members * DEFAULT_EVENTS_PER_MEMBER;
  if (!Number.isInteger(loginEvents) || loginEvents < 0) throw new Error('loginEvents must be ≥ 0');
  const log = options.log ?? (() => {});

  if (await hasDemoMembers(database)) {
    log(`demo members (@${DEMO_MEMBER_DOMAIN}) exist already: nothing added`);
    return { created: false, ...NO_COUNTS, timings: {} };
  }
  const watch = stopwatch(log);
  const passwordHash = await watch.time('password hash', demoPasswordHash);
  const counts = await runDemoSteps(
    database,
    MEMBER_STEPS,
    { seed, members, loginEvents, passwordHash },
    { counts: NO_COUNTS, watch, rebuildIndexes: options.rebuildIndexes ?? members >= 100_000 },
  );
  await watch.time('refresh user_aggregate', async () => {
    await database.sql.query('SELECT refresh_user_aggregate()');
    await database.sql.exec('ANALYZE user_aggregate');
  });
  return { created: true, ...counts, timings: watch.timings };
}
