import { sql } from 'drizzle-orm';
import type { CreateMissionBody, Mission, UpdateMissionBody } from '../../../contracts/missions.ts';
import { maskIpsDeep, maskIpsInText } from '../../../contracts/pii.ts';
import { SEARCH_LIMIT, type SearchHit } from '../../../contracts/search.ts';
import { type Database, type Db, rows } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { EventInput, RequestContext } from '../../platform/audit/append.ts';
import { EVENT_COLUMNS, type EventRow } from '../../platform/audit/rows.ts';
import type { IdempotencyRequest } from '../../platform/idempotency.ts';
import { mutate } from '../../platform/mutation.ts';

type MissionRow = {
  id: string;
  title: string;
  status: Mission['status'];
  priority: Mission['priority'];
  owner_id: string | null;
  owner_email: string | null;
  signal_key: string | null;
  severity: string | null;
  evidence: Record<string, unknown>;
  signal_cleared_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  shipped_at: Date | null;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export const MISSION_SELECT = sql`
  SELECT m.id::text AS id, m.title, m.status, m.priority, m.owner_id::text AS owner_id, u.email AS owner_email,
         m.signal_key, m.severity, m.evidence, m.signal_cleared_at, m.version, m.created_at, m.updated_at, m.shipped_at
    FROM missions m LEFT JOIN users u ON u.id = m.owner_id`;

export function toMission(row: MissionRow): Mission {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    priority: row.priority,
    owner: row.owner_id && row.owner_email ? { id: row.owner_id, email: row.owner_email } : null,
    signalKey: row.signal_key,
    severity: row.severity,
    evidence: row.evidence,
    signalClearedAt: iso(row.signal_cleared_at),
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    shippedAt: iso(row.shipped_at),
  };
}

/** A card as a viewer may see it: IPs in its title, evidence and key masked without view_pii. */
export function missionForViewer(mission: Mission, canViewPii: boolean): Mission {
  if (canViewPii) return mission;
  return {
    ...mission,
    title: maskIpsInText(mission.title),
    signalKey: mission.signalKey === null ? null : maskIpsInText(mission.signalKey),
    evidence: maskIpsDeep(mission.evidence),
  };
}

export async function loadMission(db: Db, id: string): Promise<Mission | null> {
  const [row] = await rows<MissionRow>(db, sql`${MISSION_SELECT} WHERE m.id = ${id}::uuid`);
  return row ? toMission(row) : null;
}

/** The board: open cards, and shipped ones from the last `shippedWithinDays` days. */
export async function listMissions(
  db: Db,
  query: { status?: Mission['status']; shippedWithinDays: number },
): Promise<Mission[]> {
  const board = await rows<MissionRow>(
    db,
    sql`${MISSION_SELECT}
      WHERE (m.status <> 'SHIPPED' OR m.shipped_at > now() - make_interval(days => ${query.shippedWithinDays}))
        ${query.status ? sql`AND m.status = ${query.status}` : sql``}
      ORDER BY CASE m.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, m.updated_at DESC
      LIMIT 500`,
  );
  return board.map(toMission);
}

async function assertStaffOwner(tx: Db, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const [staff] = await rows(tx, sql`SELECT 1 FROM admin_users WHERE user_id = ${ownerId}::uuid`);
  if (!staff)
    throw new AppError('bad_request', 'The owner must be a staff member', [
      { path: 'body.ownerId', message: 'is not staff' },
    ]);
}

const missionEvent = (type: string, mission: Mission, payload: Record<string, unknown>): EventInput => ({
  type,
  subjectType: 'mission',
  subjectId: mission.id,
  payload: { title: mission.title, ...payload },
});

/** A card made by hand (signals make theirs through Health Pulse). */
export async function createMission(
  database: Database,
  context: RequestContext,
  body: CreateMissionBody,
  idempotency: IdempotencyRequest | null,
): Promise<Mission> {
  return mutate(
    database,
    context,
    async (tx) => {
      await assertStaffOwner(tx, body.ownerId);
      const [created] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO missions (title, priority, owner_id, evidence)
            VALUES (${body.title}, ${body.priority}, ${body.ownerId ?? null}, ${JSON.stringify(body.evidence)}::jsonb)
            RETURNING id::text AS id`,
      );
      const mission = (await loadMission(tx, created!.id))!;
      return {
        result: mission,
        events: [missionEvent('mission.created', mission, { priority: mission.priority, source: 'manual' })],
      };
    },
    idempotency,
  );
}

/**
 * Moves or edits a card. The client sends the version it saw; if someone changed the card since,
 * the answer is 409 with the current card, and nothing changes.
 */
export async function updateMission(
  database: Database,
  context: RequestContext,
  id: string,
  body: UpdateMissionBody,
  idempotency: IdempotencyRequest | null,
): Promise<Mission> {
  return mutate(
    database,
    context,
    async (tx) => {
      const before = await loadMission(tx, id);
      if (!before) throw new AppError('not_found', `No mission ${id}`);
      if (before.version !== body.version) {
        throw new AppError('conflict', 'Someone changed this card first; here is the current one', {
          mission: before,
        });
      }
      await assertStaffOwner(tx, body.ownerId);
      const status = body.status ?? before.status;
      const [updated] = await rows<{ id: string }>(
        tx,
        sql`UPDATE missions SET
            status = ${status},
            priority = ${body.priority ?? before.priority},
            owner_id = ${body.ownerId === undefined ? (before.owner?.id ?? null) : body.ownerId},
            title = ${body.title ?? before.title},
            shipped_at = CASE WHEN ${status} = 'SHIPPED' THEN coalesce(shipped_at, now()) ELSE NULL END,
            version = version + 1,
            updated_at = now()
          WHERE id = ${id}::uuid AND version = ${body.version}
          RETURNING id::text AS id`,
      );
      if (!updated) throw new AppError('conflict', 'Someone changed this card first; reload it');
      const after = (await loadMission(tx, id))!;
      const events: EventInput[] = [];
      if (after.status !== before.status)
        events.push(missionEvent('mission.moved', after, { from: before.status, to: after.status }));
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      if (after.priority !== before.priority)
        changed.priority = { from: before.priority, to: after.priority };
      if (after.title !== before.title) changed.title = { from: before.title, to: after.title };
      if ((after.owner?.id ?? null) !== (before.owner?.id ?? null)) {
        changed.owner = { from: before.owner?.email ?? null, to: after.owner?.email ?? null };
      }
      if (Object.keys(changed).length > 0) events.push(missionEvent('mission.updated', after, { changed }));
      return { result: after, events };
    },
    idempotency,
  );
}

/** A card's history, oldest first: every event about it, from the audit spine. */
export async function missionTimeline(db: Db, id: string): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`SELECT ${EVENT_COLUMNS} FROM events WHERE subject_type = 'mission' AND subject_id = ${id}
           AND position IS NOT NULL ORDER BY events.position`,
  );
}

/** Cards whose title holds `q` (Ctrl-K), newest first, as the viewer may see them. */
export async function searchMissions(
  db: Db,
  q: string,
  options: { canViewPii: boolean },
): Promise<SearchHit[]> {
  const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
  const found = await rows<MissionRow>(
    db,
    sql`${MISSION_SELECT} WHERE m.title ILIKE ${pattern} ORDER BY m.updated_at DESC LIMIT ${SEARCH_LIMIT}`,
  );
  return found.map((row) => {
    const mission = missionForViewer(toMission(row), options.canViewPii);
    return { id: mission.id, label: mission.title, detail: mission.status };
  });
}
