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
