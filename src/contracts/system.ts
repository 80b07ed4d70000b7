import { z } from 'zod';

export const APP_ENVS = ['development', 'staging', 'production'] as const;
export type AppEnv = (typeof APP_ENVS)[number];

export const HealthResponse = z.object({
  ok: z.boolean(),
  env: z.enum(APP_ENVS),
  dbHost: z.string(),
  database: z.enum(['embedded', 'postgres']),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const SystemOverview = z.object({
  environment: z.object({
    appEnv: z.enum(APP_ENVS),
    nodeEnv: z.string(),
    nodeVersion: z.string(),
    dbHost: z.string(),
    database: z.enum(['embedded', 'postgres']),
    uptimeSeconds: z.number(),
    pid: z.number().int(),
    timezone: z.string(),
  }),
  health: z.object({
    dbLatencyMs: z.number(),
    apiP95Ms: z.number().nullable(),
    apiRequestsSampled: z.number().int(),
    streamClients: z.number().int(),
    pendingMigrations: z.array(z.string()),
    /** The catalog's search index: rows changed since their last indexing. */
    searchIndexStatus: z.object({
      state: z.enum(['fresh', 'stale', 'unavailable']),
      staleCount: z.number().int().nullable(),
      lastReindexAt: z.string().nullable(),
      reason: z.string().nullable(),
    }),
    /**
     * The read replica (`DATABASE_REPLICA_URL`): list, search, export and analytics reads go there
     * while it is `ok`; `lagging` (lag above `maxLagMs`) or `down` sends them to the primary.
     * `replicaReads` / `primaryReads`: reads this instance routed each way since it started.
     */
    readReplica: z.object({
      state: z.enum(['ok', 'lagging', 'down', 'not_configured']),
      host: z.string().nullable(),
      lagMs: z.number().nullable(),
      maxLagMs: z.number().nullable(),
      reason: z.string().nullable(),
      replicaReads: z.number().int(),
      primaryReads: z.number().int(),
    }),
    /** The last Stripe webhook delivery. */
    lastWebhook: z
      .object({
        at: z.string(),
        status: z.enum(['received', 'processed', 'failed']),
        error: z.string().nullable(),
      })
      .nullable(),
    /** The audit chain's sealer: committed events without a chain position yet, and its last failure. */
    auditSeal: z.object({
      unsealed: z.number().int(),
      oldestSeconds: z.number().nullable(),
      lastError: z.string().nullable(),
    }),
    /** Top 5 statements by total time (pg_stat_statements): normalised text, never literals. */
    slowQueries: z.object({
      available: z.boolean(),
      reason: z.string().nullable(),
      queries: z.array(
        z.object({ query: z.string(), calls: z.number(), meanMs: z.number(), totalMs: z.number() }),
      ),
    }),
    /** Each check with its level and the rule that decides it (`healthChecks`). */
    checks: z.array(z.lazy(() => HealthCheck)),
  }),
  rowCounts: z.record(z.string(), z.number()),
  /** Recent console page timings reported by browsers to this instance. */
  uiMetrics: z.array(z.lazy(() => UiMetricSummary)),
  /** Scheduled jobs and their last run (from job_runs). */
  jobs: z.array(
    z.object({
      name: z.string(),
      schedule: z.string(),
      lastStartedAt: z.string().nullable(),
      lastOk: z.boolean().nullable(),
      lastDetail: z.unknown().nullable(),
    }),
  ),
});
export type SystemOverview = z.infer<typeof SystemOverview>;

/** The stored key of ADMIN_ENHANCED; its `setting.changed` events name it as their subject. */
export const ADMIN_ENHANCED_SETTING = 'ui.admin_enhanced';

/** Operator settings (System → Settings). Stored in `settings`; defaults apply until changed. */
export const SettingsValues = z.object({
  loginEventRetentionDays: z.number().int().min(7, 'keep at least 7 days').max(3650),
  analyticsRetentionDays: z.number().int().min(7, 'keep at least 7 days').max(3650),
  lowStockThreshold: z.number().int().min(0).max(1_000_000),
  /**
   * ADMIN_ENHANCED (seed 001 §8): the seed's new console blocks shown (true) or hidden (false).
   * A presentation switch only: the API serves the same either way (README, "Enhanced console").
   */
  adminEnhanced: z.boolean(),
});
export type SettingsValues = z.infer<typeof SettingsValues>;
export const SettingsResponse = z.object({ settings: SettingsValues });
export const SettingsPatch = SettingsValues.partial().refine(
  (patch) => Object.keys(patch).length > 0,
  'change at least one setting',
);

/** What the console reports about its own admin pages (seed 001 §6). */
export const UiMetricBody = z.object({
  page: z
    .string()
    .regex(/^\/[a-z0-9/_-]*$/, 'must be a console path like /users')
    .max(100),
  ttfb: z.number().min(0).max(600_000),
  renderMs: z.number().min(0).max(600_000),
  rows: z.number().int().min(0).max(1_000_000).optional(),
});
export type UiMetricBody = z.infer<typeof UiMetricBody>;

export const UiMetricSummary = z.object({
  page: z.string(),
  samples: z.number().int(),
  ttfbP50: z.number(),
  renderP50: z.number(),
  renderP95: z.number(),
  rowsAvg: z.number().nullable(),
});

export const HEALTH_LEVELS = ['green', 'amber', 'red'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];
export const HealthCheck = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  level: z.enum(HEALTH_LEVELS),
  /** The thresholds, in words: what makes it green, amber or red. */
  rule: z.string(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/** The thresholds the System tab's badges use (also in the README). */
export const HEALTH_THRESHOLDS = {
  dbLatencyMs: { amber: 20, red: 100 },
  apiP95Ms: { amber: 300, red: 1000 },
  staleSearchRows: { amber: 1, red: 1000 },
  /** A webhook received and not processed for this long counts as stuck. */
  webhookStuckMinutes: 15,
  /** Age of the oldest committed event still without a chain position (the sealer takes milliseconds). */
  unsealedSeconds: { amber: 5, red: 60 },
} as const;

type HealthInput = Omit<SystemOverview['health'], 'checks'>;

const byLimits = (value: number, limits: { amber: number; red: number }): HealthLevel =>
  value >= limits.red ? 'red' : value >= limits.amber ? 'amber' : 'green';

function formatLag(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The health checks as green/amber/red badges, each with the rule that decides it. */
export function healthChecks(health: HealthInput, now = Date.now()): HealthCheck[] {
  const t = HEALTH_THRESHOLDS;
  const search = health.searchIndexStatus;
  const replica = health.readReplica;
  const hook = health.lastWebhook;
  const hookAgeMinutes = hook ? (now - Date.parse(hook.at)) / 60_000 : 0;
  const seal = health.auditSeal;
  return [
    {
      key: 'dbLatency',
      label: 'DB latency',
      value: `${health.dbLatencyMs} ms`,
      level: byLimits(health.dbLatencyMs, t.dbLatencyMs),
      rule: `green < ${t.dbLatencyMs.amber} ms ≤ amber < ${t.dbLatencyMs.red} ms ≤ red`,
    },
    {
      key: 'apiP95',
      label: 'API p95',
      value: health.apiP95Ms === null ? 'no requests yet' : `${health.apiP95Ms} ms`,
      level: health.apiP95Ms === null ? 'green' : byLimits(health.apiP95Ms, t.apiP95Ms),
      rule: `green < ${t.apiP95Ms.amber} ms ≤ amber < ${t.apiP95Ms.red} ms ≤ red`,
    },
    {
      key: 'pendingMigrations',
      label: 'Pending migrations',
      value: String(health.pendingMigrations.length),
      level: health.pendingMigrations.length === 0 ? 'green' : 'red',
      rule: 'green when none; red otherwise',
    },
    {
      key: 'searchIndex',
      label: 'Search index',
      value: search.state === 'unavailable' ? 'unavailable' : `${search.staleCount ?? 0} stale`,
      level: search.state === 'unavailable' ? 'amber' : byLimits(search.staleCount ?? 0, t.staleSearchRows),
      rule: `green when fresh; amber from ${t.staleSearchRows.amber} stale row or unavailable; red from ${t.staleSearchRows.red}`,
    },
    {
      key: 'readReplica',
      label: 'Read replica',
      value:
        replica.state === 'not_configured'
          ? 'not configured'
          : replica.state === 'down'
            ? 'down'
            : `${replica.state} (lag ${replica.lagMs === null ? 'unknown' : formatLag(replica.lagMs)})`,
      level: replica.state === 'down' ? 'red' : replica.state === 'lagging' ? 'amber' : 'green',
      rule: 'green when ok or not configured; amber when lagging beyond REPLICA_MAX_LAG; red when down (reads use the primary)',
    },
    {
      key: 'lastWebhook',
      label: 'Last webhook',
      value: hook ? hook.status : 'none yet',
      level: !hook
        ? 'green'
        : hook.status === 'failed'
          ? 'red'
          : hook.status === 'received' && hookAgeMinutes > t.webhookStuckMinutes
            ? 'amber'
            : 'green',
      rule: `green when processed (or none); amber when unprocessed after ${t.webhookStuckMinutes} min; red when failed`,
    },
    {
      key: 'auditSeal',
      label: 'Audit chain sealing',
      value:
        seal.unsealed === 0
          ? 'all sealed'
          : `${seal.unsealed} unsealed, oldest ${Math.round(seal.oldestSeconds ?? 0)} s`,
      level: seal.lastError ? 'red' : byLimits(seal.oldestSeconds ?? 0, t.unsealedSeconds),
      rule: `green when every event older than ${t.unsealedSeconds.amber} s is sealed; amber from ${t.unsealedSeconds.amber} s; red from ${t.unsealedSeconds.red} s or when the last seal round failed`,
    },
  ];
}
/** The System tab's last hour, minute by minute (this instance): API p95 and DB latency. */
export const TelemetryHistoryResponse = z.object({
  minutes: z.array(
    z.object({
      at: z.string(),
      requests: z.number().int(),
      apiP95Ms: z.number().nullable(),
      dbLatencyMs: z.number().nullable(),
    }),
  ),
});
export type TelemetryHistoryResponse = z.infer<typeof TelemetryHistoryResponse>;
/** Development's local outbox (System → Outbox): mail kept instead of sent, newest first. */
export const OutboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export const OutboxResponse = z.object({ enabled: z.boolean(), messages: z.array(OutboxMessage) });
export type OutboxResponse = z.infer<typeof OutboxResponse>;
