import { sql } from 'drizzle-orm';
import type { Signal, SignalThresholds } from '../../../contracts/signals.ts';
import { HEALTH_THRESHOLDS } from '../../../contracts/system.ts';
import { type Db, rows } from '../../db/client.ts';

/** Thresholds the detectors use (defaults; stored under `signals.thresholds` in settings). */
export type Thresholds = SignalThresholds;

export const DEFAULT_THRESHOLDS: Thresholds = {
  stuckDays: 7,
  stuckMinStudents: 5,
  quietDayRatio: 0.5,
  failedLoginsPerAccount: 10,
  failedLoginsPerIp: 20,
  driftMinQuestions: 8,
  driftMaxShare: 0.7,
  webhookFailuresPerHour: 3,
  webhookStuckMinutes: 15,
  refundSpikeRatio: 3,
  refundSpikeMin: 3,
  flagBacklogHours: 48,
};

export type Detector = {
  name: string;
  detect(db: Db, thresholds: Thresholds): Promise<Signal[]>;
};

/** Students enrolled but without progress for `stuckDays`, per course (one card per course). */
const stuckStudents: Detector = {
  name: 'stuck_students',
  async detect(db, th) {
    const courses = await rows<{
      course_id: string;
      slug: string;
      title: string;
      stuck: number;
      sample: string[];
    }>(
      db,
      sql`SELECT c.id::text AS course_id, c.slug, c.title, count(*)::int AS stuck,
                 (array_agg(e.user_id::text ORDER BY e.last_activity_at NULLS FIRST))[1:5] AS sample
            FROM enrollments e JOIN courses c ON c.id = e.course_id
           WHERE e.completed_at IS NULL
             AND coalesce(e.last_activity_at, e.enrolled_at) < now() - make_interval(days => ${th.stuckDays})
           GROUP BY c.id, c.slug, c.title
          HAVING count(*) >= ${th.stuckMinStudents}`,
    );
    return courses.map((row) => ({
      key: `stuck_students:${row.slug}`,
      detector: 'stuck_students',
      severity: row.stuck >= th.stuckMinStudents * 10 ? 'high' : 'medium',
      title: `${row.stuck} students stuck in ${row.title}`,
      evidence: {
        courseId: row.course_id,
        stuck: row.stuck,
        idleDays: th.stuckDays,
        sampleUserIds: row.sample,
      },
    }));
  },
};

/** Lessons completed in the last 24 h under `quietDayRatio` of the daily average of the 14 days before. */
const quietDay: Detector = {
  name: 'quiet_day',
  async detect(db, th) {
    const [row] = await rows<{ today: number; baseline: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE completed_at > now() - interval '1 day')::int AS today,
                 (count(*) FILTER (WHERE completed_at <= now() - interval '1 day'
                                     AND completed_at > now() - interval '15 days') / 14.0)::float8 AS baseline
            FROM lesson_progress WHERE completed_at > now() - interval '15 days'`,
    );
    if (!row || row.baseline < 1 || row.today >= row.baseline * th.quietDayRatio) return [];
    return [
      {
        key: 'quiet_day',
        detector: 'quiet_day',
        severity: row.today === 0 ? 'high' : 'medium',
        title: `Quiet day: ${row.today} lessons completed (usually ~${Math.round(row.baseline)})`,
        evidence: {
          last24h: row.today,
          dailyBaseline: Math.round(row.baseline * 10) / 10,
          ratio: th.quietDayRatio,
        },
      },
    ];
  },
};

/** Many failed sign-ins in the last hour for one account, or from one IP. */
const failedLoginSpike: Detector = {
  name: 'failed_login_spike',
  async detect(db, th) {
    const accounts = await rows<{ email: string; failures: number; ips: number }>(
      db,
      sql`SELECT email, count(*)::int AS failures, count(DISTINCT ip)::int AS ips FROM login_events
           WHERE NOT success AND created_at > now() - interval '1 hour' AND email IS NOT NULL
           GROUP BY email HAVING count(*) >= ${th.failedLoginsPerAccount}`,
    );
    // The card's key names the address by a hash: keys are shown to every role, IPs only to view_pii.
    const ips = await rows<{ ip: string; ip_key: string; failures: number; accounts: number }>(
      db,
      sql`SELECT host(ip) AS ip, left(encode(sha256(convert_to(host(ip), 'UTF8')), 'hex'), 16) AS ip_key,
                 count(*)::int AS failures, count(DISTINCT email)::int AS accounts FROM login_events
           WHERE NOT success AND created_at > now() - interval '1 hour' AND ip IS NOT NULL
           GROUP BY ip HAVING count(*) >= ${th.failedLoginsPerIp}`,
    );
    return [
      ...accounts.map((row) => ({
        key: `failed_login_spike:account:${row.email}`,
        detector: 'failed_login_spike',
        severity: (row.ips > 3 ? 'urgent' : 'high') as Signal['severity'],
        title: `${row.failures} failed sign-ins for ${row.email} in the last hour`,
        evidence: { email: row.email, failures: row.failures, distinctIps: row.ips, window: '1h' },
      })),
      ...ips.map((row) => ({
        key: `failed_login_spike:ip:${row.ip_key}`,
        detector: 'failed_login_spike',
        severity: (row.accounts > 5 ? 'urgent' : 'high') as Signal['severity'],
        title: `${row.failures} failed sign-ins from one address (${row.accounts} accounts) in the last hour`,
        evidence: { ip: row.ip, failures: row.failures, accounts: row.accounts, window: '1h' },
      })),
    ];
  },
};

/**
 * Accounts past their sign-in ceiling (failures from every IP together, auth/throttles.ts): everyone,
 * the owner too, waits until the window ends. One urgent card per account; the sign-in pipeline runs
 * this detector alone the moment an account reaches it, and the pulse clears the card once it lifts.
 */
const signInCeiling: Detector = {
  name: 'signin_ceiling',
  async detect(db) {
    // Read here like login_events above: importing the auth module would make an import cycle
    // (its sign-in pipeline runs this detector). client_ip '*' is the ceiling row (migration 0085).
    const accounts = await rows<{ email: string; failures: number; ips: number; blocked_until: Date }>(
      db,
      sql`SELECT t.email, t.failures, t.blocked_until,
                 (SELECT count(*)::int FROM signin_throttles o WHERE o.email = t.email AND o.client_ip <> '*') AS ips
            FROM signin_throttles t WHERE t.client_ip = '*' AND t.blocked_until > now()
           ORDER BY t.email LIMIT 200`,
    );
    return accounts.map((row) => ({
      key: `signin_ceiling:${row.email}`,
      detector: 'signin_ceiling',
      severity: 'urgent' as const,
      title: `Sign-ins to ${row.email} throttled for everyone: ${row.failures} failures from ${row.ips} addresses`,
      evidence: {
        email: row.email,
        failures: row.failures,
        addresses: row.ips,
        blockedUntil: new Date(row.blocked_until).toISOString(),
      },
    }));
  },
};

/**
 * Drift: in true/false questions, is the correct answer's position skewed (e.g. 80 % "true")?
 * Learners pick up the pattern and stop reading. One card per course whose share passes the limit.
 */
export async function driftByCourse(db: Db, th: Thresholds) {
  return rows<{ slug: string; title: string; questions: number; first_share: number }>(
    db,
    sql`SELECT c.slug, c.title, count(*)::int AS questions,
               (count(*) FILTER (WHERE q.correct_position = 0))::float8 / count(*) AS first_share
          FROM quiz_questions q JOIN quizzes z ON z.id = q.quiz_id JOIN lessons l ON l.id = z.lesson_id
          JOIN courses c ON c.id = l.course_id
         WHERE q.kind = 'true_false'
         GROUP BY c.slug, c.title HAVING count(*) >= ${th.driftMinQuestions}`,
  );
}

const quizDrift: Detector = {
  name: 'quiz_drift',
  async detect(db, th) {
    const courses = await driftByCourse(db, th);
    return courses
      .filter((row) => Math.max(row.first_share, 1 - row.first_share) > th.driftMaxShare)
      .map((row) => {
        const share = Math.max(row.first_share, 1 - row.first_share);
        return {
          key: `quiz_drift:${row.slug}`,
          detector: 'quiz_drift',
          severity: share > 0.85 ? 'high' : 'medium',
          title: `Quiz drift in ${row.title}: ${Math.round(share * 100)} % of true/false answers are "${row.first_share >= 0.5 ? 'true' : 'false'}"`,
          evidence: {
            course: row.slug,
            questions: row.questions,
            share: Math.round(share * 1000) / 1000,
            limit: th.driftMaxShare,
          },
        };
      });
  },
};

/** Stripe webhooks failing in the last hour, or received and never processed. */
const failingWebhooks: Detector = {
  name: 'failing_webhooks',
  async detect(db, th) {
    const [row] = await rows<{ failed: number; stuck: number; last_error: string | null }>(
      db,
      sql`SELECT count(*) FILTER (WHERE status = 'failed' AND received_at > now() - interval '1 hour')::int AS failed,
                 count(*) FILTER (WHERE status = 'received'
                                    AND received_at < now() - make_interval(mins => ${th.webhookStuckMinutes}))::int AS stuck,
                 (SELECT error FROM webhook_events WHERE provider = 'stripe' AND status = 'failed'
                   ORDER BY received_at DESC LIMIT 1) AS last_error
            FROM webhook_events WHERE provider = 'stripe'`,
    );
    if (!row || (row.failed < th.webhookFailuresPerHour && row.stuck === 0)) return [];
    return [
      {
        key: 'failing_webhooks:stripe',
        detector: 'failing_webhooks',
        severity: row.failed >= th.webhookFailuresPerHour * 3 || row.stuck > 10 ? 'urgent' : 'high',
        title: `Stripe webhooks: ${row.failed} failed in the last hour, ${row.stuck} stuck`,
        evidence: {
          failedLastHour: row.failed,
          stuck: row.stuck,
          stuckAfterMinutes: th.webhookStuckMinutes,
          lastError: row.last_error,
        },
      },
    ];
  },
};

/** Refunds in the last 24 h well above the daily average of the 30 days before. */
const refundSpike: Detector = {
  name: 'refund_spike',
  async detect(db, th) {
    const [row] = await rows<{ today: number; baseline: number; cents: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day')::int AS today,
                 (count(*) FILTER (WHERE created_at <= now() - interval '1 day') / 30.0)::float8 AS baseline,
                 coalesce(sum(amount_cents) FILTER (WHERE created_at > now() - interval '1 day'), 0)::int AS cents
            FROM refunds WHERE status <> 'failed' AND created_at > now() - interval '31 days'`,
    );
    if (!row || row.today < th.refundSpikeMin || row.today < Math.max(1, row.baseline) * th.refundSpikeRatio)
      return [];
    return [
      {
        key: 'refund_spike',
        detector: 'refund_spike',
        severity: row.today >= Math.max(1, row.baseline) * th.refundSpikeRatio * 2 ? 'urgent' : 'high',
        title: `Refund spike: ${row.today} refunds in 24 h (usually ~${Math.round(row.baseline * 10) / 10} a day)`,
        evidence: {
          last24h: row.today,
          dailyBaseline: Math.round(row.baseline * 10) / 10,
          amountCents: row.cents,
        },
      },
    ];
  },
};

/** Flagged posts waiting longer than `flagBacklogHours` in the moderation queue: one card. */
const flagBacklog: Detector = {
  name: 'flag_backlog',
  async detect(db, th) {
    const [row] = await rows<{ waiting: number; posts: number; oldest_hours: number | null }>(
      db,
      sql`SELECT count(*)::int AS waiting, count(DISTINCT post_id)::int AS posts,
                 extract(epoch FROM now() - min(created_at)) / 3600 AS oldest_hours
            FROM post_flags
           WHERE status = 'open' AND created_at < now() - make_interval(hours => ${th.flagBacklogHours})`,
    );
    if (!row || Number(row.waiting) === 0) return [];
    const oldest = Math.round(Number(row.oldest_hours ?? 0));
    return [
      {
        key: 'flag_backlog',
        detector: 'flag_backlog',
        severity: oldest >= th.flagBacklogHours * 3 ? 'high' : 'medium',
        title: `${row.waiting} flags waiting over ${th.flagBacklogHours} h in moderation`,
        evidence: { waitingFlags: Number(row.waiting), posts: Number(row.posts), oldestHours: oldest },
      },
    ];
  },
};

/**
 * Committed audit events the sealer has not given a chain position for longer than System's red
 * threshold: the stream, timelines and Audit tab do not show them, and audit:verify does not cover
 * them. The sealer takes milliseconds, so this means it is failing (System shows its last error).
 */
const unsealedEvents: Detector = {
  name: 'unsealed_events',
  async detect(db) {
    const limit = HEALTH_THRESHOLDS.unsealedSeconds.red;
    const [row] = await rows<{ stale: number; oldest_seconds: number | null }>(
      db,
      sql`SELECT count(*)::int AS stale, extract(epoch FROM now() - min(ts))::float8 AS oldest_seconds
            FROM events WHERE position IS NULL AND ts < now() - make_interval(secs => ${limit})`,
    );
    if (!row || row.stale === 0) return [];
    const oldestMinutes = Math.round(Number(row.oldest_seconds ?? 0) / 60);
    return [
      {
        key: 'unsealed_events',
        detector: 'unsealed_events',
        severity: 'urgent',
        title: `Audit chain: ${row.stale} events unsealed for over ${limit} s`,
        evidence: { unsealed: row.stale, olderThanSeconds: limit, oldestMinutes },
      },
    ];
  },
};

/** Every detector Health Pulse runs. */
export const DETECTORS: Detector[] = [
  stuckStudents,
  quietDay,
  failedLoginSpike,
  signInCeiling,
  failingWebhooks,
  quizDrift,
  refundSpike,
  flagBacklog,
  unsealedEvents,
];
