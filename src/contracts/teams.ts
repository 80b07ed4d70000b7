import { z } from 'zod';
import { EXPORT_OMIT } from './lists.ts';
import { plainText } from './text.ts';

export const TEAM_KINDS = ['self_pair', 'group'] as const;

export const TeamsQuery = z.strictObject({
  kind: z.enum(TEAM_KINDS).optional(),
  /** Substring of the team's name. */
  query: plainText().pipe(z.string().trim().max(100)).optional(),
  /** Only the teams this person belongs to (User 360). */
  member: z.guid('must be a user id').optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export type TeamsQuery = z.infer<typeof TeamsQuery>;
/** `GET …/export`: the Teams list's filters (and sort), every page. */
export const TeamsExportQuery = TeamsQuery.omit(EXPORT_OMIT);
export type TeamsExportQuery = z.infer<typeof TeamsExportQuery>;

export const TeamRow = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
  members: z.number().int(),
  campaigns: z.number().int(),
  createdAt: z.string(),
});
export type TeamRow = z.infer<typeof TeamRow>;

export const TeamsResponse = z.object({ rows: z.array(TeamRow), nextCursor: z.string().nullable() });
export type TeamsResponse = z.infer<typeof TeamsResponse>;

export const TeamIdParams = z.object({ id: z.guid('must be a team id') });

export const TeamResponse = z.object({
  team: TeamRow,
  members: z.array(
    z.object({
      userId: z.string(),
      email: z.string(),
      name: z.string(),
      status: z.string(),
      role: z.enum(['owner', 'member']),
      joinedAt: z.string(),
    }),
  ),
  campaigns: z.array(z.object({ id: z.string(), title: z.string(), status: z.string() })),
});
export type TeamResponse = z.infer<typeof TeamResponse>;
