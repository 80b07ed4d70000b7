import type { Database, SqlRunner } from '../../db/client.ts';

/** The chain's advisory lock (taken by events_seal in the database): one sealer at a time. */
export const CHAIN_LOCK = 7243001;

/** Rows one seal round takes at most; a round that seals fewer has emptied the queue. */
export const SEAL_BATCH = 2000;

/** An event row by its primary key, as the insert answered it (both as text, exact to the microsecond). */
export type EventKey = { id: string; ts: string };

/**
 * One seal round (decision 006, migrations 0101 and 0103): the database takes the chain lock, gives
 * committed rows that have no chain position yet, oldest id first, the next positions, the previous
 * row's hash and their own hash (sha256 of prev_hash + canonical row, as audit:verify recomputes it),
 * and NOTIFYs the stream hubs, all in one autocommitted statement. Without `rows` it takes whatever
 * is unsealed (walking the unsealed index); with them, only those still unsealed, found by primary
 * key. Rows of transactions still running are invisible to it and get later positions from a later
 * round. Returns how many rows it sealed.
 */
export async function sealBatch(sql: SqlRunner, limit = SEAL_BATCH, rows?: EventKey[]): Promise<number> {
  const [row] = rows
    ? await sql.prepared<{ sealed: number }>(
        'mc_seal_rows',
        'SELECT events_seal($1, $2::bigint[], $3::timestamptz[]) AS sealed',
        [limit, rows.map((key) => key.id), rows.map((key) => key.ts)],
      )
    : await sql.prepared<{ sealed: number }>('mc_seal', 'SELECT events_seal($1) AS sealed', [limit]);
  return row?.sealed ?? 0;
}

/** Everything committed so far, sealed: rounds until one finds less than a full batch. */
export async function sealEvents(database: Pick<Database, 'sql'>): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealBatch(database.sql);
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

/** The named rows, sealed: one round per batch of them. */
async function sealRows(database: Pick<Database, 'sql'>, rows: EventKey[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < rows.length; start += SEAL_BATCH)
    total += await sealBatch(database.sql, SEAL_BATCH, rows.slice(start, start + SEAL_BATCH));
  return total;
}

/** What the next round seals: the rows its callers named, or everything when one named none. */
type Round = { rows: EventKey[]; everything: boolean };

/**
 * One per database handle in this process. `seal(rows)` coalesces: a caller gets a round that began
 * after its call (so its committed rows are in it), and every caller waiting meanwhile shares the
 * same next round, which seals the rows they all named (or everything, when one of them named none).
 * That is how many concurrent writers pay for one seal transaction between them.
 */
export class Sealer {
  private current: Promise<number> | null = null;
  private next: { round: Round; done: Promise<number> } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The last failure of a round (shown in System until a round succeeds). */
  lastError: string | null = null;

  constructor(private readonly database: Pick<Database, 'sql'>) {}

  /**
   * A round is running or queued: writers of this process are contending for the chain, so a new
   * writer leaves its events to that round instead of taking the chain lock through its own commit.
   */
  get busy(): boolean {
    return this.current !== null;
  }

  /** Seals `rows` (committed, unsealed), or without them everything committed so far. */
  seal(rows?: EventKey[]): Promise<number> {
    if (!this.current) return this.run({ rows: rows ?? [], everything: rows === undefined });
    if (!this.next) {
      const round: Round = { rows: [], everything: false };
      const done = this.current
        .catch(() => 0)
        .then(() => {
          this.next = null;
          return this.run(round);
        });
      this.next = { round, done };
    }
    if (rows) this.next.round.rows.push(...rows);
    else this.next.round.everything = true;
    return this.next.done;
  }

  private run(round: Round): Promise<number> {
    const sealing = round.everything ? sealEvents(this.database) : sealRows(this.database, round.rows);
    const done = sealing.then(
      (sealed) => {
        this.lastError = null;
        return sealed;
      },
      (error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        throw error;
      },
    );
    const current: Promise<number> = done.finally(() => {
      if (this.current === current) this.current = null;
    });
    this.current = current;
    return current;
  }

  /**
   * Seals on a timer as well: rows appended outside `mutate()`, rows another instance committed and
   * did not seal (its process was killed), rows left by a failed round. Cheap when there is nothing
   * to do: one look at the small unsealed index. Under load, when rounds run back to back naming
   * their writers' rows, the tick makes the next round take everything too.
   */
  start(intervalMs: number) {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.next?.round.everything) return;
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
