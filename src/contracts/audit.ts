import { z } from 'zod';

/** One row of the audit spine as the API shows it (IPs masked unless the viewer holds view_pii). */
export const AuditEvent = z.object({
  id: z.string(),
  /** Place in the hash chain: the order events were sealed in. Streams order and resume by it. */
  position: z.string(),
  ts: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable(),
  type: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  /** The subject as a person knows it (member "Name <email>", mission title); null when there is none. */
  subjectLabel: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

const isoTime = z.iso.datetime({ offset: true });

export const EventsQuery = z.strictObject({
  /** Exact type (`user.suspended`) or a prefix ending in a dot (`user.`). */
  type: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  subjectType: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const EventsResponse = z.object({
  events: z.array(AuditEvent),
  nextCursor: z.string().nullable(),
});
export type EventsResponse = z.infer<typeof EventsResponse>;

export const EventsExportQuery = EventsQuery.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['csv', 'jsonl']).default('jsonl'),
});
export type EventsExportQuery = z.infer<typeof EventsExportQuery>;

/** A correction never edits the original: it appends `<type>.corrected` pointing at it. */
export const CorrectionBody = z.object({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(2000),
  /** What the record should have said, as fields; stored in the correction's payload. */
  corrected: z.record(z.string(), z.unknown()).default({}),
});
export type CorrectionBody = z.infer<typeof CorrectionBody>;

export const EventIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be an event id') });

/**
 * Event types that only `view_audit` may see: security and access records. Everyone with
 * `view_activity` sees the rest (what staff did to members, missions, orders, content) live.
 */
const AUDIT_ONLY_PREFIXES = ['staff.', 'authz.', 'audit.', 'pii.', 'auth.', 'setting.', 'settings.'] as const;

export function isAuditOnlyType(type: string): boolean {
  return AUDIT_ONLY_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/** `GET /api/admin/stream`: where a fresh EventSource resumes (it cannot send Last-Event-ID itself). */
export const StreamQuery = z.strictObject({ lastEventId: z.string().regex(/^\d+$/).optional() });
