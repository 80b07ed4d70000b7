import { sql } from 'drizzle-orm';
import type { AuditEvent } from '../../../contracts/audit.ts';
import { maskIp, maskIpsDeep, maskIpsInText } from '../../../contracts/pii.ts';

const UUID_TEXT = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * What a person recognises the subject by (a member's name and email, a mission's title), looked
 * up when the event is read so a rename shows everywhere; null for other subjects or gone rows.
 */
const SUBJECT_LABEL = `CASE WHEN events.subject_id ~ ${UUID_TEXT} THEN CASE events.subject_type
    WHEN 'user' THEN (SELECT CASE WHEN u.name <> '' THEN u.name || ' <' || u.email || '>' ELSE u.email END
                        FROM users u WHERE u.id = events.subject_id::uuid)
    WHEN 'mission' THEN (SELECT m.title FROM missions m WHERE m.id = events.subject_id::uuid)
  END END AS subject_label`;

/** The columns every reader of events selects, in API shape (from `events`, unaliased). */
export const EVENT_COLUMNS =
  sql.raw(`id::text AS id, position::text AS position, ts, actor_id::text AS actor_id, actor_email, actor_role, type,
  subject_type, subject_id, ${SUBJECT_LABEL}, payload, request_id, host(ip) AS ip, hash`);

export type EventRow = {
  id: string;
  /** The chain position (sealed order); readers that promise an order select sealed rows only. */
  position: string;
  ts: Date | string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  type: string;
  subject_type: string | null;
  subject_id: string | null;
  subject_label: string | null;
  payload: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
  hash: string;
};

/** Row → API shape; IPs in the row and anywhere in its payload are masked unless the viewer may see PII. */
export function toAuditEvent(row: EventRow, canViewPii: boolean): AuditEvent {
  return {
    id: String(row.id),
    position: String(row.position),
    ts: new Date(row.ts).toISOString(),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    actorRole: row.actor_role,
    type: row.type,
    subjectType: row.subject_type,
    subjectId: row.subject_id === null || canViewPii ? row.subject_id : maskIpsInText(row.subject_id),
    subjectLabel:
      row.subject_label === null || canViewPii ? row.subject_label : maskIpsInText(row.subject_label),
    payload: canViewPii ? row.payload : maskIpsDeep(row.payload),
    requestId: row.request_id,
    ip: maskIp(row.ip, canViewPii),
    hash: row.hash,
  };
}
