import { z } from 'zod';
import { MISSION_PRIORITIES, Mission } from './missions.ts';

export const Signal = z.object({
  /** Stable across runs: the same problem gives the same key, so reruns never duplicate a card. */
  key: z.string(),
  detector: z.string(),
  severity: z.enum(MISSION_PRIORITIES),
  title: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type Signal = z.infer<typeof Signal>;

/** What a Health Pulse found and did (or, in a preview, would do). */
export const PulseResult = z.object({
  signals: z.array(Signal),
  opened: z.array(Mission),
  updated: z.array(Mission),
  cleared: z.array(Mission),
  /** Detectors that could not run (a missing table, an error), with the reason. */
  skipped: z.array(z.object({ detector: z.string(), reason: z.string() })),
  ranAt: z.string(),
});
export type PulseResult = z.infer<typeof PulseResult>;

/** Detector thresholds (stored in settings as `signals.thresholds`; defaults until changed). */
export const SignalThresholds = z.object({
  stuckDays: z.number().int().min(1).max(365),
  stuckMinStudents: z.number().int().min(1).max(100_000),
  quietDayRatio: z.number().min(0.01).max(1),
  failedLoginsPerAccount: z.number().int().min(2).max(10_000),
  failedLoginsPerIp: z.number().int().min(2).max(100_000),
  driftMinQuestions: z.number().int().min(2).max(10_000),
  driftMaxShare: z.number().min(0.5).max(1),
  webhookFailuresPerHour: z.number().int().min(1).max(10_000),
  webhookStuckMinutes: z.number().int().min(1).max(10_080),
  refundSpikeRatio: z.number().min(1).max(100),
  refundSpikeMin: z.number().int().min(1).max(10_000),
  /** Moderation backlog: a card when an open flag is older than this many hours. */
  flagBacklogHours: z.number().int().min(1).max(8_760),
});
export type SignalThresholds = z.infer<typeof SignalThresholds>;
export const SignalThresholdsPatch = SignalThresholds.partial().refine(
  (patch) => Object.keys(patch).length > 0,
  'change at least one threshold',
);

/** Which outside services are wired up, and if not, why the buttons that need them are off. */
export const IntegrationsStatus = z.object({
  stripe: z.object({ configured: z.boolean(), reason: z.string().nullable() }),
  discord: z.object({ configured: z.boolean(), reason: z.string().nullable() }),
  email: z.object({ configured: z.boolean(), reason: z.string().nullable() }),
});
