import { z } from 'zod';
import { AuditEvent } from './audit.ts';

/**
 * The card an action is taken from: its outcome joins that card's timeline. Left out (the Actions
 * panel), the action records itself as a new card straight in SHIPPED (missions/board.ts).
 */
export const FromMission = z.guid('must be a mission id').optional();

export const MISSION_STATUSES = ['DETECTED', 'INVESTIGATING', 'FIXING', 'SHIPPED'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];
export const MISSION_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export const Mission = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(MISSION_STATUSES),
  priority: z.enum(MISSION_PRIORITIES),
  owner: z.object({ id: z.string(), email: z.string() }).nullable(),
  signalKey: z.string().nullable(),
  severity: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()),
  /** When the signal that opened this card stopped firing (the card stays until someone ships it). */
  signalClearedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  shippedAt: z.string().nullable(),
});
export type Mission = z.infer<typeof Mission>;

export const MissionsQuery = z.strictObject({
  status: z.enum(MISSION_STATUSES).optional(),
  /** Shipped cards older than this many days are left out of the board (default 14). */
  shippedWithinDays: z.coerce.number().int().min(0).max(3650).default(14),
});
export const MissionsResponse = z.object({ missions: z.array(Mission) });

export const MissionIdParams = z.object({ id: z.guid('must be a mission id') });

export const CreateMissionBody = z.object({
  title: z.string().trim().min(1, 'give it a title').max(200),
  priority: z.enum(MISSION_PRIORITIES).default('medium'),
  ownerId: z.guid('must be a user id').nullable().optional(),
  evidence: z.record(z.string(), z.unknown()).default({}),
});
export type CreateMissionBody = z.infer<typeof CreateMissionBody>;

/** A change to a card; `version` must be the one the client saw (else 409: someone moved it first). */
export const UpdateMissionBody = z
  .object({
    version: z.number().int().min(1),
    status: z.enum(MISSION_STATUSES).optional(),
    priority: z.enum(MISSION_PRIORITIES).optional(),
    ownerId: z.guid('must be a user id').nullable().optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .refine((body) => Object.keys(body).length > 1, 'change at least one field besides version');
export type UpdateMissionBody = z.infer<typeof UpdateMissionBody>;

export const MissionResponse = z.object({ mission: Mission });
export const MissionTimelineResponse = z.object({ events: z.array(AuditEvent) });
