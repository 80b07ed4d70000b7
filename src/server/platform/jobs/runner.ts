import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Database, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';

/** A scheduled job; `Deps` is what its run is handed (the app hands its jobs the platform). */
export type Job<Deps> = {
  name: string;
  /** Cron pattern (UTC). */
  schedule: string;
  /** Does the work; its answer is stored as the run's detail. Must be safe to interrupt and rerun. */
  run(deps: Deps): Promise<Record<string, unknown>>;
};

export type JobOutcome = { ran: boolean; ok: boolean; detail: Record<string, unknown> };

/**
 * Which run a caller asks for: a scheduled `slot` (the cron time; runs at most once across
 * instances), or a manual run asked at `requestedAt` (database time), which any run that started
 * since then satisfies — "run now" pressed on two instances at once runs once.
 */
type Claim = { slot: Date } | { requestedAt: Date };

function lockKey(name: string): string {
  return BigInt(`0x${createHash('sha256').update(`job:${name}`).digest('hex').slice(0, 15)}`).toString();
}

/**
 * Scheduled jobs. Each run takes a Postgres advisory lock named after the job, so with N instances
 * exactly one runs it (the others skip that tick), and each run is recorded in `job_runs`.
 */
/** How long a measured clock offset is trusted before it is measured again (clocks drift). */
const CLOCK_OFFSET_TTL_MS = 60_000;

/** Milliseconds since the epoch with sub-millisecond precision. */
const preciseNow = () => performance.timeOrigin + performance.now();

export class JobRunner<Deps extends { database: Database }> {
  private crons: Cron[] = [];
  private running = new Set<string>();
  private clockOffset: { value: number; measuredAt: number } | null = null;

  constructor(
    private readonly deps: Deps,
    readonly jobs: Job<Deps>[],
    private readonly log: FastifyBaseLogger,
  ) {}

  /** app.ts adds each module's jobs as it registers the module (before `start`). */
  add(job: Job<Deps>) {
    if (this.jobs.some((existing) => existing.name === job.name))
      throw new Error(`job ${job.name} is already registered`);
    this.jobs.push(job);
  }

  start() {
    for (const job of this.jobs) {
      this.crons.push(
        new Cron(job.schedule, { timezone: 'UTC', protect: true }, (self: Cron) => {
          const slot = self.currentRun() ?? new Date();
          slot.setMilliseconds(0);
          this.runNow(job.name, { slot }).catch((error) =>
            this.log.error({ err: error, job: job.name }, 'job failed'),
          );
        }),
      );
    }
  }

  stop() {
    for (const cron of this.crons) cron.stop();
    this.crons = [];
  }

  /**
   * Runs a job now unless another instance (or this one) is already running it, or has already run
   * the slot asked for (`options.slot`, from the schedule) or since this manual run was asked.
   */
  async runNow(name: string, options: { slot?: Date } = {}): Promise<JobOutcome> {
    const calledAt = preciseNow();
    const job = this.jobs.find((candidate) => candidate.name === name);
    if (!job) throw new AppError('not_found', `No job named ${name}`);
    if (this.running.has(name)) return { ran: false, ok: false, detail: { skipped: 'already running here' } };
    this.running.add(name);
    try {
      const claim: Claim = options.slot
        ? { slot: options.slot }
        : { requestedAt: await this.databaseTimeOf(calledAt) };
      return this.deps.database.kind === 'embedded'
        ? await this.execute(job, claim)
        : await this.underLock(job, claim);
    } finally {
      this.running.delete(name);
    }
  }

  /**
   * When the call began, on the database's clock: the local clock at the call plus the measured
   * offset between the two clocks. Two presses at once then claim the same moment however late a
   * busy instance gets to its first query, and a press after a finished run claims a later one.
   */
  private async databaseTimeOf(localMs: number): Promise<Date> {
    if (!this.clockOffset || localMs - this.clockOffset.measuredAt > CLOCK_OFFSET_TTL_MS) {
      this.clockOffset = { value: await this.measureClockOffset(), measuredAt: localMs };
    }
    return new Date(localMs + this.clockOffset.value);
  }

  /** The database clock minus ours, from the fastest of three round trips (error ≤ half of it). */
  private async measureClockOffset(): Promise<number> {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let sample = 0; sample < 3; sample += 1) {
      const sent = preciseNow();
      const [row] = await rows<{ now: Date | string }>(
        this.deps.database.db,
        sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now`,
      );
      const received = preciseNow();
      if (received - sent < best.rtt) {
        best = { rtt: received - sent, offset: Number(row!.now) - (sent + received) / 2 };
      }
    }
    return best.offset;
  }

  // The lock lives in a transaction on one pooled connection for the whole run (a session lock taken
  // on one pooled connection could be "released" on another). PGlite is one process and one
  // connection: there, a lock held on it would block the job's own queries, and none is needed.
  private underLock(job: Job<Deps>, claim: Claim): Promise<JobOutcome> {
    return this.deps.database.db.transaction(async (tx) => {
      const [locked] = await rows<{ ok: boolean }>(
        tx,
        sql`SELECT pg_try_advisory_xact_lock(${lockKey(job.name)}::bigint) AS ok`,
      );
      if (!locked?.ok) return { ran: false, ok: false, detail: { skipped: 'running on another instance' } };
      return this.execute(job, claim);
    });
  }

  private async execute(job: Job<Deps>, claim: Claim): Promise<JobOutcome> {
    const { db } = this.deps.database;
    // Committed at once (not in the lock's transaction): the next instance to take the lock sees it.
    const [run] =
      'slot' in claim
        ? await rows<{ id: string }>(
            db,
            sql`INSERT INTO job_runs (job, slot) VALUES (${job.name}, ${claim.slot.toISOString()}::timestamptz)
                ON CONFLICT (job, slot) WHERE slot IS NOT NULL DO NOTHING RETURNING id::text AS id`,
          )
        : await rows<{ id: string }>(
            db,
            sql`INSERT INTO job_runs (job) SELECT ${job.name}
                 WHERE NOT EXISTS (SELECT 1 FROM job_runs WHERE job = ${job.name}
                                      AND started_at >= ${claim.requestedAt.toISOString()}::timestamptz)
                RETURNING id::text AS id`,
          );
    if (!run) {
      const skipped = 'slot' in claim ? 'this slot already ran' : 'ran on another instance just now';
      return { ran: false, ok: false, detail: { skipped } };
    }
    let ok = true;
    let detail: Record<string, unknown>;
    try {
      detail = await job.run(this.deps);
    } catch (error) {
      ok = false;
      detail = { error: (error as Error).message };
      this.log.error({ err: error, job: job.name }, 'job failed');
    }
    await db.execute(
      sql`UPDATE job_runs SET finished_at = now(), ok = ${ok}, detail = ${JSON.stringify(detail)}::jsonb
           WHERE id = ${run!.id}::bigint`,
    );
    return { ran: true, ok, detail };
  }
}
