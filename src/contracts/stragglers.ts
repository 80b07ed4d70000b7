import { z } from 'zod';
import { FromMission } from './missions.ts';

export const TONES = ['encouraging', 'direct', 'check_in'] as const;
export const DRAFT_STATUSES = [
  'draft',
  'approved',
  'sending',
  'sent',
  'failed',
  'unconfirmed',
  'discarded',
] as const;

/** Message templates per tone; `{name}`, `{course}` and `{days}` are filled in per student. */
export const StragglerTemplates = z.object({
  encouraging: z.string().trim().min(10).max(1500),
  direct: z.string().trim().min(10).max(1500),
  check_in: z.string().trim().min(10).max(1500),
});
export type StragglerTemplates = z.infer<typeof StragglerTemplates>;

const Channel = z.enum(['discord', 'email']);

export const Straggler = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  course: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  idleDays: z.number().int(),
  /** How we can reach them: Discord when they linked it, else email; null when neither works. */
  channel: Channel.nullable(),
  suggestedTone: z.enum(TONES),
  draft: z.string(),
});

export const StragglersPreview = z.object({
  idleDays: z.number().int(),
  stragglers: z.array(Straggler),
  channels: z.object({
    discord: z.object({ configured: z.boolean(), reason: z.string().nullable() }),
    email: z.object({ configured: z.boolean(), reason: z.string().nullable() }),
  }),
  templates: StragglerTemplates,
});
export type StragglersPreview = z.infer<typeof StragglersPreview>;

export const PreviewQuery = z.strictObject({ idleDays: z.coerce.number().int().min(1).max(365).default(7) });

export const CreateDraftsBody = z.object({
  drafts: z
    .array(
      z.object({
        userId: z.guid('must be a member id'),
        courseId: z.guid('must be a course id'),
        tone: z.enum(TONES),
        /** Leave out to use the tone's template. */
        body: z.string().trim().min(1).max(2000).optional(),
      }),
    )
    .min(1, 'pick at least one student')
    .max(200),
});

export const Draft = z.object({
  id: z.string(),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  channel: Channel,
  tone: z.enum(TONES),
  body: z.string(),
  status: z.enum(DRAFT_STATUSES),
  error: z.string().nullable(),
  attempts: z.number().int(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Draft = z.infer<typeof Draft>;

export const DraftsQuery = z.strictObject({ status: z.enum(DRAFT_STATUSES).optional() });
export const DraftsResponse = z.object({ drafts: z.array(Draft) });
export const DraftResponse = z.object({ draft: Draft });
export const DraftIdParams = z.object({ id: z.guid('must be a draft id') });
export const UpdateDraftBody = z.object({
  version: z.number().int().min(1),
  body: z.string().trim().min(1, 'write a message').max(2000).optional(),
  tone: z.enum(TONES).optional(),
});
export const DraftVersionBody = z.object({ version: z.number().int().min(1) });
export const SendDraftsBody = z.object({
  draftIds: z.array(z.guid('must be a draft id')).min(1).max(200),
  missionId: FromMission,
});
export const SendDraftsResponse = z.object({
  results: z.array(
    z.object({
      draftId: z.string(),
      ok: z.boolean(),
      status: z.enum(DRAFT_STATUSES),
      error: z.string().nullable(),
    }),
  ),
});
