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

/** Operator settings (System → Settings). Stored in `settings`; defaults apply until changed. */
export const SettingsValues = z.object({
  loginEventRetentionDays: z.number().int().min(7, 'keep at least 7 days').max(3650),
  analyticsRetentionDays: z.number().int().min(7, 'keep at least 7 days').max(3650),
  lowStockThreshold: z.number().int().min(0).max(1_000_000),
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
