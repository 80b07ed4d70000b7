import { sql } from 'drizzle-orm';
import type { Stone } from '../../../../contracts/stones.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import { EVENT_COLUMNS, type EventRow } from '../../../platform/audit/rows.ts';
import type { IdempotencyRequest } from '../../../platform/idempotency.ts';
import { mutate } from '../../../platform/mutation.ts';
import { iso, STONE_COLUMNS, type StoneRecord, toStoneRow } from './list.ts';

type StoneDetailRecord = StoneRecord & {
  activated_by: string | null;
  activated_by_email: string | null;
  team_id: string | null;
  team_name: string | null;
  team_kind: 'self_pair' | 'group' | null;
  genesis_traits: Record<string, unknown>;
  stone_traits: Record<string, unknown>;
  messages: number | null;
  participants: number | null;
  first_message_at: Date | string | null;
  last_message_at: Date | string | null;
  posts: number;
  batch_created_at: Date | string | null;
};

/** A stone with its activation, team, traits, conversation metadata and post count; null if none. */
export async function loadStone(db: Db, id: string): Promise<Stone | null> {
  const [record] = await rows<StoneDetailRecord>(
    db,
    sql`SELECT ${STONE_COLUMNS}, s.activated_by::text AS activated_by, u.email AS activated_by_email,
               s.team_id::text AS team_id, t.name AS team_name, t.kind AS team_kind,
               s.genesis_traits, s.stone_traits, c.messages, c.participants, c.first_message_at, c.last_message_at,
               (SELECT count(*)::int FROM posts p WHERE p.stone_id = s.id) AS posts
          FROM stones s
          LEFT JOIN locations l ON l.id = s.location_id
          LEFT JOIN users u ON u.id = s.activated_by
          LEFT JOIN teams t ON t.id = s.team_id
          LEFT JOIN stone_conversations c ON c.stone_id = s.id
         WHERE s.id = ${id}::uuid`,
  );
  if (!record) return null;
  return {
    ...toStoneRow(record),
    activatedBy:
      record.activated_by && record.activated_by_email
        ? { id: record.activated_by, email: record.activated_by_email }
        : null,
    team:
      record.team_id && record.team_name && record.team_kind
        ? { id: record.team_id, name: record.team_name, kind: record.team_kind }
        : null,
    genesisTraits: record.genesis_traits,
    stoneTraits: record.stone_traits,
    conversation:
      record.messages === null
        ? null
        : {
            messages: Number(record.messages),
            participants: Number(record.participants ?? 0),
            firstMessageAt: iso(record.first_message_at),
            lastMessageAt: iso(record.last_message_at),
          },
    posts: Number(record.posts),
  };
}

/** The stone's life from its own columns, oldest first (audit events come separately). */
export function stoneTimeline(stone: Stone): { at: string; label: string }[] {
  const entries = [{ at: stone.createdAt, label: `Made (${stone.kind})` }];
  if (stone.activatedAt)
    entries.push({
      at: stone.activatedAt,
      label: `Activated${stone.activatedBy ? ` by ${stone.activatedBy.email}` : ''}: genesis`,
    });
  if (stone.conversation?.firstMessageAt)
    entries.push({ at: stone.conversation.firstMessageAt, label: 'First conversation message' });
  if (stone.conversation?.lastMessageAt)
    entries.push({
      at: stone.conversation.lastMessageAt,
      label: `Last conversation message (${stone.conversation.messages} in all)`,
    });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** Audit events about the stone and its batch, oldest first. */
export async function stoneEvents(db: Db, stone: Stone): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`SELECT ${EVENT_COLUMNS} FROM events
         WHERE ((subject_type = 'stone' AND subject_id = ${stone.id})
            OR (subject_type = 'stone_batch' AND subject_id = ${stone.batchId ?? ''}))
           AND position IS NOT NULL
         ORDER BY events.position LIMIT 200`,
  );
}

/** Premaps an unactivated stone to a location (or clears it); an activated stone answers 409. */
export async function premapStone(
  database: Database,
  context: RequestContext,
  id: string,
  locationId: string | null,
  idempotency: IdempotencyRequest | null,
): Promise<Stone> {
  return mutate(
    database,
    context,
    async (tx) => {
      const [before] = await rows<{ status: string; location_id: string | null; code: string }>(
        tx,
        sql`SELECT status, location_id::text AS location_id, code FROM stones WHERE id = ${id}::uuid FOR UPDATE`,
      );
      if (!before) throw new AppError('not_found', `No stone ${id}`);
      if (before.status === 'activated')
        throw new AppError('conflict', 'An activated stone stays where it was found', {
          stone: await loadStone(tx, id),
        });
      if (locationId) {
        const [found] = await rows(tx, sql`SELECT 1 FROM locations WHERE id = ${locationId}::uuid`);
        if (!found)
          throw new AppError('bad_request', 'No such location', [
            { path: 'body.locationId', message: 'is not a location' },
          ]);
      }
      await tx.execute(sql`UPDATE stones SET location_id = ${locationId}::uuid WHERE id = ${id}::uuid`);
      const stone = (await loadStone(tx, id))!;
      return {
        result: stone,
        events: [
          {
            type: 'stone.premapped',
            subjectType: 'stone',
            subjectId: id,
            payload: { code: before.code, from: before.location_id, to: locationId },
          },
        ],
      };
    },
    idempotency,
  );
}

export async function listLocations(db: Db) {
  return rows<{ id: string; name: string }>(
    db,
    sql`SELECT id::text AS id, name FROM locations ORDER BY name LIMIT 500`,
  );
}
