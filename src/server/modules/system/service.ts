import { sql } from 'drizzle-orm';
import { healthChecks, type SystemOverview } from '../../../contracts/system.ts';
import { type Db, rows } from '../../db/client.ts';
import { pendingMigrations } from '../../db/migrate.ts';
import { sealerFor } from '../../platform/audit/sealer.ts';
import { readUnsealed } from '../../platform/audit/verify.ts';
import type { Platform } from '../../platform/types.ts';
import { lastStripeWebhook } from '../stripe/index.ts';
import { slowQueries } from './slow-queries.ts';

/** Round-trip time of a trivial query, in milliseconds. */
export async function measureDbLatency(db: Db): Promise<number> {
  const started = performance.now();
  await db.execute(sql`SELECT 1`);
  return Math.round((performance.now() - started) * 100) / 100;
}

const COUNTED_TABLES = ['users', 'admin_users', 'sessions', 'events', 'orders', 'products'] as const;

/** Exact counts for small tables, the planner's estimate once a table is large (counting is slow there). */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const estimates = await rows<{ relname: string; estimate: number }>(
    db,
    sql`SELECT relname, reltuples::float8 AS estimate FROM pg_class WHERE relkind = 'r' AND relname IN ${COUNTED_TABLES}`,
  );
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const estimate = estimates.find((row) => row.relname === table)?.estimate ?? -1;
    if (estimate > 100_000) {
      counts[table] = Math.round(estimate);
    } else {
      const [row] = await rows<{ count: string }>(
        db,
        sql`SELECT count(*)::text AS count FROM ${sql.identifier(table)}`,
      );
      counts[table] = Number(row?.count ?? 0);
    }
  }
  return counts;
}

/**
 * The System tab in one answer: this instance's environment and health, row counts, console page
 * timings and the scheduled jobs with their last runs.
 */
export async function systemOverview(
  deps: Pick<Platform, 'config' | 'database' | 'telemetry' | 'hub' | 'jobs' | 'health' | 'startedAt'>,
): Promise<SystemOverview> {
  const { config, database, telemetry } = deps;
  return {
    environment: {
      appEnv: config.appEnv,
      nodeEnv: config.nodeEnv,
      nodeVersion: process.version,
      dbHost: database.host,
      database: database.kind,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      pid: process.pid,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    health: await health(deps),
    rowCounts: await rowCounts(database.db),
    uiMetrics: telemetry.pageSummaries(),
    jobs: await jobStates(database.db, deps.jobs.jobs),
  };
}

async function health(
  deps: Pick<Platform, 'database' | 'telemetry' | 'hub' | 'health'>,
): Promise<SystemOverview['health']> {
  const { database, telemetry } = deps;
  const p95 = telemetry.percentile(95);
  const measured = {
    dbLatencyMs: await measureDbLatency(database.db),
    apiP95Ms: p95 === null ? null : Math.round(p95 * 100) / 100,
    apiRequestsSampled: telemetry.count,
    streamClients: deps.hub.clientCount,
    pendingMigrations: await pendingMigrations(database.sql),
    searchIndexStatus: await searchIndex(deps),
    readReplica: await readReplica(deps),
    lastWebhook: await lastStripeWebhook(database.db).then((last) =>
      last ? { at: last.at, status: last.status, error: last.error } : null,
    ),
    auditSeal: await readUnsealed(database.sql).then(({ count, oldestSeconds }) => ({
      unsealed: count,
      oldestSeconds,
      lastError: sealerFor(database).lastError,
    })),
    slowQueries: await slowQueries(database),
  };
  return { ...measured, checks: healthChecks(measured) };
}

/** The search index as its owner (the catalog) reports it through the platform's health registry. */
async function searchIndex(
  deps: Pick<Platform, 'database' | 'health'>,
): Promise<SystemOverview['health']['searchIndexStatus']> {
  const unavailable = (reason: string) =>
    ({ state: 'unavailable', staleCount: null, lastReindexAt: null, reason }) as const;
  const probe = deps.health.get('searchIndex');
  if (!probe) return unavailable('no module of this build reports a search index');
  try {
    return await probe(deps.database.db);
  } catch {
    // A failing probe is one amber badge, not a System tab that fails to load.
    return unavailable('the search index could not be read');
  }
}

/** The read replica as the platform reports it through the health registry (platform/reads.ts). */
async function readReplica(deps: Pick<Platform, 'health'>): Promise<SystemOverview['health']['readReplica']> {
  const probe = deps.health.get('readReplica');
  const none = { host: null, lagMs: null, maxLagMs: null, replicaReads: 0, primaryReads: 0 };
  if (!probe) return { state: 'not_configured', reason: null, ...none };
  try {
    return await probe();
  } catch {
    return { state: 'down', reason: 'the replica probe failed', ...none };
  }
}

async function jobStates(
  db: Db,
  jobs: { name: string; schedule: string }[],
): Promise<SystemOverview['jobs']> {
  const runs = await rows<{ job: string; started_at: string; ok: boolean | null; detail: unknown }>(
    db,
    sql`SELECT DISTINCT ON (job) job, started_at, ok, detail FROM job_runs ORDER BY job, started_at DESC`,
  );
  return jobs.map((job) => {
    const last = runs.find((row) => row.job === job.name);
    return {
      name: job.name,
      schedule: job.schedule,
      lastStartedAt: last ? new Date(last.started_at).toISOString() : null,
      lastOk: last?.ok ?? null,
      lastDetail: last?.detail ?? null,
    };
  });
}

/** The local outbox's newest messages (development without SMTP). */
export async function listOutbox(db: Db) {
  const kept = await rows<{
    id: string;
    to_address: string;
    subject: string;
    body: string;
    created_at: Date | string;
  }>(
    db,
    sql`SELECT id::text AS id, to_address, subject, body, created_at FROM dev_outbox ORDER BY id DESC LIMIT 50`,
  );
  return kept.map((row) => ({
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
