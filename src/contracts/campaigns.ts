import { z } from 'zod';
import { EXPORT_OMIT } from './lists.ts';

export const CAMPAIGN_STATUSES = ['staged', 'active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CampaignsQuery = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  team: z.guid('must be a team id').optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export type CampaignsQuery = z.infer<typeof CampaignsQuery>;
/** `GET …/export`: the Campaigns list's filters (and sort), every page. */
export const CampaignsExportQuery = CampaignsQuery.omit(EXPORT_OMIT);
export type CampaignsExportQuery = z.infer<typeof CampaignsExportQuery>;

export const Campaign = z.object({
  id: z.string(),
  team: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  description: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  posts: z.number().int(),
  createdAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignsResponse = z.object({ rows: z.array(Campaign), nextCursor: z.string().nullable() });
export type CampaignsResponse = z.infer<typeof CampaignsResponse>;

export const CampaignIdParams = z.object({ id: z.guid('must be a campaign id') });

/** staged → active → closed only; `version` is the one the client saw (else 409 with the current one). */
export const TransitionBody = z.object({
  to: z.enum(['active', 'closed']),
  version: z.number().int().min(1),
});
export type TransitionBody = z.infer<typeof TransitionBody>;
export const CampaignResponse = z.object({ campaign: Campaign });
