import type { SqlRunner } from '../../db/client.ts';
import { hmac, safeEqual } from '../crypto.ts';

/**
 * Where an archive's chain segment ends (or, for the start, where it begins): signed with the
 * server's checkpoint key over every field, so neither the file nor the `events_archives` row can
 * be made up or moved without the key.
 */
export type ArchiveHead = {
  before: string;
  lastId: string | null;
  lastPosition: string;
  hash: string | null;
  count: number;
  at: string;
  signature: string;
};

export function signArchiveHead(key: Buffer, head: Omit<ArchiveHead, 'signature'>): string {
  return hmac(
    key,
    JSON.stringify(['archive', head.before, head.lastId, head.lastPosition, head.hash, head.count, head.at]),
  );
}

export function validArchiveHead(key: Buffer, head: ArchiveHead): boolean {
  return safeEqual(signArchiveHead(key, head), head.signature);
}

/** The latest archive's signed head, as `events_archives` keeps it; null before the first archive. */
export async function readArchivedHead(sql: SqlRunner): Promise<ArchiveHead | null> {
  const [row] = await sql.query<{
    before: string;
    last_id: string;
    last_position: string;
    last_hash: string;
    count: string;
    at: string;
    signature: string;
  }>(
    `SELECT to_char(before_month, 'YYYY-MM') AS before, last_id, last_position::text AS last_position, last_hash,
            count::text AS count, at, signature
       FROM events_archives ORDER BY last_position DESC LIMIT 1`,
  );
  if (!row) return null;
  return {
    before: row.before,
    lastId: row.last_id || null,
    lastPosition: row.last_position,
    hash: row.last_hash || null,
    count: Number(row.count),
    at: row.at,
    signature: row.signature,
  };
}

/** The archived head, refused unless its signature holds: what verify starts the database's chain from. */
export async function trustedArchivedHead(sql: SqlRunner, key: Buffer | undefined) {
  const head = await readArchivedHead(sql);
  if (!head) return { head: null, problem: null };
  if (!key || !validArchiveHead(key, head))
    return {
      head,
      problem: 'the last archive record is not signed with this server key (it was made up or edited)',
    };
  return { head, problem: null };
}
