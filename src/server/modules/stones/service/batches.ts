import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Batch, CODE_ALPHABET, type GenerateBody } from '../../../../contracts/stones.ts';
import { type Database, type Db, rows } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import type { RequestContext } from '../../../platform/audit/append.ts';
import type { IdempotencyRequest } from '../../../platform/idempotency.ts';
import { afterCursor, keysetPage } from '../../../platform/lists.ts';
import { mutate } from '../../../platform/mutation.ts';
import { iso } from './list.ts';

type BatchRecord = {
  id: string;
  kind: Batch['kind'];
  count: number;
  activated: number;
  location_id: string | null;
  location_name: string | null;
  created_by: string | null;
  created_at: Date | string;
  sort_key: string;
};

const BATCH_SELECT = sql`
  SELECT b.id::text AS id, b.kind, b.count, b.location_id::text AS location_id, l.name AS location_name,
         u.email AS created_by, b.created_at, b.created_at::text AS sort_key,
         (SELECT count(*)::int FROM stones s WHERE s.batch_id = b.id AND s.status = 'activated') AS activated
    FROM stone_batches b
    LEFT JOIN locations l ON l.id = b.location_id
    LEFT JOIN users u ON u.id = b.created_by`;

function toBatch(record: BatchRecord): Batch {
  return {
    id: record.id,
    kind: record.kind,
    count: Number(record.count),
    activated: Number(record.activated),
    location:
      record.location_id && record.location_name
        ? { id: record.location_id, name: record.location_name }
        : null,
    createdBy: record.created_by,
    createdAt: iso(record.created_at)!,
  };
}

export async function loadBatch(db: Db, id: string): Promise<Batch | null> {
  const [record] = await rows<BatchRecord>(db, sql`${BATCH_SELECT} WHERE b.id = ${id}::uuid`);
  return record ? toBatch(record) : null;
}

/** Batches, newest first, keyset-paginated by (created_at, id). */
export async function listBatches(
  db: Db,
  query: { pageSize: number; cursor?: string | undefined },
  options: { cursorKey: Buffer | string },
): Promise<{ rows: Batch[]; nextCursor: string | null }> {
  const after = afterCursor(options.cursorKey, query.cursor);
  const records = await rows<BatchRecord>(
    db,
    sql`${BATCH_SELECT}
        ${after ? sql`WHERE (b.created_at, b.id) < (${after.v}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY b.created_at DESC, b.id DESC LIMIT ${query.pageSize + 1}`,
  );
  const page = keysetPage(options.cursorKey, records, query.pageSize, (last) => ({
    v: last.sort_key,
    id: last.id,
  }));
  return { rows: page.shown.map(toBatch), nextCursor: page.nextCursor };
}

/** A fresh code: 80 random bits as 16 characters of CODE_ALPHABET, in four groups of four. */
export function newStoneCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let plain = '';
  for (let i = 0; i < 16; i += 1) {
    plain = CODE_ALPHABET[Number(bits & 31n)]! + plain;
    bits >>= 5n;
  }
  return plain.match(/.{4}/g)!.join('-');
}

/**
 * Generate QR: one transaction makes the batch and its `count` stones, each with a fresh code, and
 * writes `stones.generated`. A code that collides with an existing one (1 in 2^80) is drawn again.
 */
export async function generateStones(
  database: Database,
  context: RequestContext,
  body: GenerateBody,
  idempotency: IdempotencyRequest | null,
): Promise<Batch> {
  return mutate(
    database,
    context,
    async (tx) => {
      const locationId = body.locationId ?? null;
      if (locationId) {
        const [found] = await rows(tx, sql`SELECT 1 FROM locations WHERE id = ${locationId}::uuid`);
        if (!found)
          throw new AppError('bad_request', 'No such location', [
            { path: 'body.locationId', message: 'is not a location' },
          ]);
      }
      const [batch] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO stone_batches (kind, count, location_id, created_by)
            VALUES (${body.kind}, ${body.count}, ${locationId}::uuid, ${context.actor.id}::uuid)
            RETURNING id::text AS id`,
      );
      let made = 0;
      for (let attempt = 0; made < body.count && attempt < 5; attempt += 1) {
        const codes = Array.from({ length: body.count - made }, newStoneCode);
        const inserted = await rows<{ n: number }>(
          tx,
          sql`WITH ins AS (
                INSERT INTO stones (code, kind, location_id, batch_id, created_at)
                SELECT code, ${body.kind}, ${locationId}::uuid, ${batch!.id}::uuid, now()
                  FROM jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb) AS c(code)
                ON CONFLICT (code) DO NOTHING RETURNING 1)
              SELECT count(*)::int AS n FROM ins`,
        );
        made += Number(inserted[0]?.n ?? 0);
      }
      if (made < body.count) throw new Error('could not draw unique stone codes');
      const result = (await loadBatch(tx, batch!.id))!;
      return {
        result,
        events: [
          {
            type: 'stones.generated',
            subjectType: 'stone_batch',
            subjectId: result.id,
            payload: { count: body.count, kind: body.kind, locationId },
          },
        ],
      };
    },
    idempotency,
  );
}

/** The codes of a batch, in the order they were made (then by code). */
export async function batchCodes(db: Db, id: string): Promise<{ id: string; code: string }[]> {
  return rows<{ id: string; code: string }>(
    db,
    sql`SELECT id::text AS id, code FROM stones WHERE batch_id = ${id}::uuid ORDER BY created_at, code`,
  );
}
