import { createHash } from 'node:crypto';
import type { SqlRunner } from '../../db/client.ts';
import { hmac, safeEqual } from '../crypto.ts';

// The same expression as events_canonical() in migrations/0003_audit_spine.sql, spelled out here so
// that verification does not trust a function stored in the database it is checking. The sealer
// hashes the same text.
export const CANONICAL = `jsonb_build_array(
    e.id, to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id, e.actor_email, e.actor_role, e.type, e.subject_type, e.subject_id,
    e.payload, e.request_id, host(e.ip)
  )::text`;

export type ChainHead = { lastId: string | null; hash: string | null; count: number };
export type Checkpoint = ChainHead & { at: string; signature: string };
export type VerifyResult = ChainHead & { ok: boolean; problem?: { id: string | null; reason: string } };

export function chainHash(prevHash: string | null, canonical: string): string {
  return createHash('sha256')
    .update((prevHash ?? '') + canonical, 'utf8')
    .digest('hex');
}

/**
 * Recomputes the sealed chain in position order and stops at the first row that does not add up.
 * Rows not sealed yet are not part of the chain (see `readUnsealed`).
 */
export async function verifyChain(
  sql: SqlRunner,
  options: { checkpoint?: Checkpoint; checkpointKey?: Buffer; batchSize?: number } = {},
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  let previous: string | null = null;
  let lastId: string | null = null;
  let lastPosition = '0';
  let count = 0;
  let checkpointSeen = false;
  const checkpoint = options.checkpoint;

  if (checkpoint) {
    if (
      !options.checkpointKey ||
      !safeEqual(signCheckpointBody(options.checkpointKey, checkpoint), checkpoint.signature)
    ) {
      return {
        ok: false,
        lastId: null,
        hash: null,
        count: 0,
        problem: { id: null, reason: 'checkpoint signature is not valid for this server key' },
      };
    }
  }

  for (;;) {
    const rows: {
      id: string;
      position: string;
      prev_hash: string | null;
      hash: string;
      canonical: string;
    }[] = await sql.query(
      `SELECT e.id::text AS id, e.position::text AS position, e.prev_hash, e.hash, ${CANONICAL} AS canonical
           FROM events e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
      [lastPosition, batchSize],
    );
    for (const row of rows) {
      const head = { lastId, hash: previous, count };
      if (row.prev_hash !== previous) {
        return {
          ok: false,
          ...head,
          problem: {
            id: row.id,
            reason: `row ${row.id}: prev_hash does not match the row before it (a row was removed or altered)`,
          },
        };
      }
      if (chainHash(previous, row.canonical) !== row.hash) {
        return {
          ok: false,
          ...head,
          problem: {
            id: row.id,
            reason: `row ${row.id}: content does not match its hash (the row was altered)`,
          },
        };
      }
      previous = row.hash;
      lastId = row.id;
      lastPosition = row.position;
      count += 1;
      if (checkpoint && row.id === checkpoint.lastId) {
        checkpointSeen = true;
        if (row.hash !== checkpoint.hash || count !== checkpoint.count) {
          return {
            ok: false,
            lastId,
            hash: previous,
            count,
            problem: {
              id: row.id,
              reason: `row ${row.id}: differs from the signed checkpoint of ${checkpoint.at}`,
            },
          };
        }
      }
    }
    if (rows.length < batchSize) break;
  }
  if (checkpoint?.lastId && !checkpointSeen) {
    return {
      ok: false,
      lastId,
      hash: previous,
      count,
      problem: {
        id: checkpoint.lastId,
        reason: `the chain ends at ${lastId ?? 'nothing'} but the checkpoint of ${checkpoint.at} saw row ${checkpoint.lastId}: rows were removed from the tail`,
      },
    };
  }
  return { ok: true, lastId, hash: previous, count };
}

/** Committed rows the sealer has not reached: how many, and the age of the oldest in seconds. */
export async function readUnsealed(sql: SqlRunner): Promise<{ count: number; oldestSeconds: number | null }> {
  const [row] = await sql.query<{ count: string; oldest: string | null }>(
    `SELECT count(*)::text AS count, extract(epoch FROM clock_timestamp() - min(ts))::text AS oldest
       FROM events WHERE position IS NULL`,
  );
  return { count: Number(row?.count ?? 0), oldestSeconds: row?.oldest == null ? null : Number(row.oldest) };
}

/** The sealed chain's head (the row at the highest position) and how many rows are sealed. */
export async function readChainHead(sql: SqlRunner): Promise<ChainHead> {
  const rows = await sql.query<{ id: string | null; hash: string | null; count: string }>(
    `SELECT (SELECT id::text FROM events WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1) AS id,
            (SELECT hash FROM events WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1) AS hash,
            (SELECT count(*) FROM events WHERE position IS NOT NULL)::text AS count`,
  );
  const row = rows[0];
  return { lastId: row?.id ?? null, hash: row?.hash ?? null, count: Number(row?.count ?? 0) };
}

function signCheckpointBody(key: Buffer, head: ChainHead & { at: string }): string {
  return hmac(key, JSON.stringify([head.lastId, head.hash, head.count, head.at]));
}

/** The chain head signed with the server key, to be kept outside the database. */
export async function makeCheckpoint(sql: SqlRunner, key: Buffer): Promise<Checkpoint> {
  const head = await readChainHead(sql);
  const at = new Date().toISOString();
  return { ...head, at, signature: signCheckpointBody(key, { ...head, at }) };
}
