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
});
export type SystemOverview = z.infer<typeof SystemOverview>;
