import type { Database, SqlRunner } from '../../db/client.ts';
import { CANONICAL, chainHash } from './verify.ts';

/** The chain's advisory lock: held by the one sealer at a time, for its transaction only. */
export const CHAIN_LOCK = 7243001;
const BATCH = 2000;

// Ordered by the column (events.position), not the text alias: '9' sorts after '10'.
// The head may be an archived month's last row (migration 0100): events_sealed_head() knows both.
const HEAD = `SELECT h.head_position::text AS position, h.head_hash AS hash FROM events_sealed_head() h
                WHERE h.head_position IS NOT NULL`;
// ts travels with the id so the seal's update reads only the partitions these rows are in.
const UNSEALED = `SELECT e.id::text AS id, e.ts::text AS ts, ${CANONICAL} AS canonical FROM events e
                   WHERE e.position IS NULL ORDER BY e.id LIMIT $1`;

/**
 * One seal round (decision 006): under the chain lock, takes the committed rows that have no chain
 * position yet, oldest id first, and gives each the next position, the previous row's hash and its
 * own hash (sha256 of prev_hash + canonical row, as audit:verify recomputes it). Rows of
 * transactions still running are invisible here (READ COMMITTED) and get sealed by a later round,
 * after the rows sealed now, so positions follow the order rows became committed and visible.
 * The seal commits with one NOTIFY for the stream hubs. Returns how many rows it sealed.
 */
export async function sealBatch(sql: SqlRunner, limit = BATCH): Promise<number> {
  return sql.transaction(async (tx) => {
    await tx.prepared('mc_seal_lock', `SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`, []);
    const [head] = await tx.prepared<{ position: string; hash: string }>('mc_seal_head', HEAD, []);
    const pending = await tx.prepared<{ id: string; ts: string; canonical: string }>(
      'mc_seal_rows',
      UNSEALED,
      [limit],
    );
    if (pending.length === 0) return 0;
    let position = BigInt(head?.position ?? '0');
    let previous: string | null = head?.hash ?? null;
    const ids: string[] = [];
    const tss: string[] = [];
    const positions: string[] = [];
    const prevHashes: (string | null)[] = [];
    const hashes: string[] = [];
    for (const row of pending) {
      position += 1n;
      const hash = chainHash(previous, row.canonical);
      ids.push(row.id);
      tss.push(row.ts);
      positions.push(String(position));
      prevHashes.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    await tx.prepared(
      'mc_seal_apply',
      'SELECT events_apply_seal($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[])',
      [ids, tss, positions, prevHashes, hashes],
    );
    return pending.length;
  });
}

/** Everything committed so far, sealed: rounds until one finds less than a full batch. */
export async function sealEvents(database: Pick<Database, 'sql'>): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealBatch(database.sql);
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/**
 * One per database handle in this process. `seal()` coalesces: a caller gets a round that began
 * after its call (so its committed rows are in it), and every caller waiting meanwhile shares the
 * same next round. That is how many concurrent writers pay for one seal transaction between them.
 */
export class Sealer {
  private current: Promise<number> | null = null;
  private next: Promise<number> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The last failure of a round (shown in System until a round succeeds). */
  lastError: string | null = null;

  constructor(private readonly database: Pick<Database, 'sql'>) {}

  seal(): Promise<number> {
    if (!this.current) {
      const round = sealEvents(this.database).then(
        (sealed) => {
          this.lastError = null;
          return sealed;
        },
        (error: unknown) => {
          this.lastError = error instanceof Error ? error.message : String(error);
          throw error;
        },
      );
      this.current = round.finally(() => {
        this.current = null;
      });
      return this.current;
    }
    if (!this.next) {
      this.next = this.current
        .catch(() => 0)
        .then(() => {
          this.next = null;
          return this.seal();
        });
    }
    return this.next;
  }

  /**
   * Seals on a timer as well: rows appended outside `mutate()`, rows another instance committed and
   * did not seal (its process was killed), rows left by a failed round. Cheap when there is nothing
   * to do: one look at the small unsealed index.
   */
  start(intervalMs: number) {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.current) return;
      void this.database.sql
        .prepared<{ any: boolean }>(
          'mc_seal_any',
          'SELECT EXISTS (SELECT 1 FROM events WHERE position IS NULL) AS any',
          [],
        )
        .then(([row]) => (row?.any ? this.seal() : 0))
        .catch((error: unknown) => {
          this.lastError = error instanceof Error ? error.message : String(error);
        });
    }, intervalMs);
    this.timer.unref?.();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

const sealers = new WeakMap<object, Sealer>();

/**
 * This process's sealer for `database` (created on first use), also found by its `db` handle: so an
 * append made outside a transaction (`appendEvents(database.db, …)`) is sealed before it returns.
 */
export function sealerFor(database: Pick<Database, 'sql' | 'db'>): Sealer {
  let sealer = sealers.get(database);
  if (!sealer) {
    sealer = new Sealer(database);
    sealers.set(database, sealer);
    sealers.set(database.db, sealer);
  }
  return sealer;
}

/** The sealer of a database handle, when `db` is one (not a transaction) and has a sealer. */
export function sealerOfHandle(db: object): Sealer | undefined {
  return sealers.get(db);
}
