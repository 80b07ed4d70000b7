import type { SystemOverview } from '../../../contracts/system.ts';
import { pendingMigrations } from '../../db/migrate.ts';
import type { Platform } from '../../platform/types.ts';

/** Round-trip time of a trivial query, in milliseconds. */
export async function measureDbLatency(mc: Platform): Promise<number> {
  const started = performance.now();
  await mc.database.sql.query('SELECT 1');
  return Math.round((performance.now() - started) * 100) / 100;
}

const COUNTED_TABLES = ['users', 'admin_users', 'sessions', 'events'] as const;

/** Exact counts for small tables, the planner's estimate once a table is large (counting is slow there). */
async function rowCounts(mc: Platform): Promise<Record<string, number>> {
  const estimates = await mc.database.sql.query<{ relname: string; estimate: number }>(
    `SELECT relname, reltuples::float8 AS estimate FROM pg_class WHERE relkind = 'r' AND relname = ANY($1)`,
    [COUNTED_TABLES],
  );
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const estimate = estimates.find((row) => row.relname === table)?.estimate ?? -1;
    if (estimate > 100_000) {
      counts[table] = Math.round(estimate);
    } else {
      const rows = await mc.database.sql.query<{ count: string }>(
        `SELECT count(*)::text AS count FROM ${table}`,
      );
      counts[table] = Number(rows[0]?.count ?? 0);
    }
  }
  return counts;
}

export async function systemOverview(mc: Platform): Promise<SystemOverview> {
  const { config, database, telemetry } = mc;
  const p95 = telemetry.percentile(95);
  return {
    environment: {
      appEnv: config.appEnv,
      nodeEnv: config.nodeEnv,
      nodeVersion: process.version,
      dbHost: database.host,
      database: database.kind,
      uptimeSeconds: Math.round((Date.now() - mc.startedAt.getTime()) / 1000),
      pid: process.pid,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    health: {
      dbLatencyMs: await measureDbLatency(mc),
      apiP95Ms: p95 === null ? null : Math.round(p95 * 100) / 100,
      apiRequestsSampled: telemetry.count,
      streamClients: mc.hub.clientCount,
      pendingMigrations: await pendingMigrations(database.sql),
    },
    rowCounts: await rowCounts(mc),
    uiMetrics: telemetry.pageSummaries(),
    jobs: await jobStates(mc),
  };
}

async function jobStates(mc: Platform): Promise<SystemOverview['jobs']> {
  const rows = await mc.database.sql.query<{
    job: string;
    started_at: Date;
    ok: boolean | null;
    detail: unknown;
  }>(`SELECT DISTINCT ON (job) job, started_at, ok, detail FROM job_runs ORDER BY job, started_at DESC`);
  return mc.jobs.jobs.map((job) => {
    const last = rows.find((row) => row.job === job.name);
    return {
      name: job.name,
      schedule: job.schedule,
      lastStartedAt: last ? new Date(last.started_at).toISOString() : null,
      lastOk: last?.ok ?? null,
      lastDetail: last?.detail ?? null,
    };
  });
}
