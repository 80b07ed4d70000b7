import { z } from 'zod';
import { EXPORT_OMIT } from './lists.ts';
import { plainText } from './text.ts';

export const FLAG_REASONS = ['spam', 'harassment', 'self_harm', 'explicit', 'other'] as const;
export const POST_STATUSES = ['visible', 'hidden', 'removed'] as const;
/** What a moderator does to a flagged post (suspending its author is its own route: manage_users). */
export const MODERATION_ACTIONS = ['dismiss', 'hide', 'restore', 'remove'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const QueueQuery = z.strictObject({
  reason: z.enum(FLAG_REASONS).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type QueueQuery = z.infer<typeof QueueQuery>;
/** `GET …/export`: the moderation queue (Flags) list's filters (and sort), every page. */
export const FlagsExportQuery = QueueQuery.omit(EXPORT_OMIT);
export type FlagsExportQuery = z.infer<typeof FlagsExportQuery>;

export const QueueItem = z.object({
  post: z.object({
    id: z.string(),
    /** The first 160 characters; emails and IPs masked without view_pii. */
    excerpt: z.string(),
    status: z.enum(POST_STATUSES),
    createdAt: z.string(),
  }),
  author: z.object({ id: z.string(), email: z.string(), status: z.string() }),
  flags: z.array(
    z.object({
      reporter: z.string(),
      reason: z.enum(FLAG_REASONS),
      /** Masked like the excerpt. */
      note: z.string().nullable(),
      at: z.string(),
    }),
  ),
  reasons: z.array(z.enum(FLAG_REASONS)),
  firstFlaggedAt: z.string(),
  lastFlaggedAt: z.string(),
  /** What moderation did to this author before: their posts hidden or removed, flags upheld. */
  history: z.object({ hidden: z.number().int(), removed: z.number().int(), upheldFlags: z.number().int() }),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueResponse = z.object({
  items: z.array(QueueItem),
  nextCursor: z.string().nullable(),
  /** Open flags in all, and the age of the oldest in hours (the backlog signal reads the same). */
  openFlags: z.number().int(),
  oldestOpenHours: z.number().nullable(),
});
export type QueueResponse = z.infer<typeof QueueResponse>;

export const PostIdParams = z.object({ id: z.guid('must be a post id') });

export const ModerateBody = z
  .object({
    action: z.enum(MODERATION_ACTIONS),
    reason: plainText().pipe(z.string().trim().max(500)).optional(),
  })
  .refine((body) => body.action !== 'remove' || Boolean(body.reason), {
    message: 'give a reason to remove a post',
    path: ['reason'],
  });
export type ModerateBody = z.infer<typeof ModerateBody>;

export const ModerateResponse = z.object({
  post: z.object({ id: z.string(), status: z.enum(POST_STATUSES) }),
  /** How many open flags this resolved. */
  resolvedFlags: z.number().int(),
});
export type ModerateResponse = z.infer<typeof ModerateResponse>;

export const SuspendAuthorBody = z.object({
  reason: plainText().pipe(z.string().trim().min(1, 'give a reason').max(500)),
});

/** A flagged post's full text (opening it writes `post.viewed`). */
export const PostTextResponse = z.object({ id: z.string(), body: z.string(), status: z.enum(POST_STATUSES) });
