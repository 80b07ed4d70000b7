import { type Database, type Db, executePrepared, type SqlRunner } from '../../db/client.ts';

/** The chain's advisory lock (taken by events_seal in the database): one sealer at a time. */
export const CHAIN_LOCK = 7243001;

/** Rows one seal round takes at most; a round that seals fewer has emptied the queue. */
export const SEAL_BATCH = 2000;

/**
 * One seal round (decision 006, migration 0101): the database takes the chain lock, gives the
 * committed rows that have no chain position yet, oldest id first, the next positions, the previous
 * row's hash and their own hash (sha256 of prev_hash + canonical row, as audit:verify recomputes it),
 * and NOTIFYs the stream hubs, all in one autocommitted statement. Rows of transactions still running
 * are invisible to it and get sealed by a later round, after the rows sealed now, so positions follow
 * the order rows became committed and visible. Returns how many rows it sealed.
 */
export async function sealBatch(sql: SqlRunner, limit = SEAL_BATCH): Promise<number> {
  const [row] = await sql.prepared<{ sealed: number }>('mc_seal', 'SELECT events_seal($1) AS sealed', [
    limit,
  ]);
  return row?.sealed ?? 0;
}

/**
 * The seal a writer tries in its own transaction, just before COMMIT: when the chain lock is free it
 * seals everything visible, its own rows included, and the writer needs no round after its commit.
 * True when the writer's rows are certainly sealed (the round emptied the queue); false when the lock
 * was busy, the round failed (the database logs why) or a backlog was left for the sealer.
 */
export async function sealInTransaction(tx: Db): Promise<boolean> {
  const [row] = await executePrepared<{ sealed: number }>(
    tx,
    'mc_try_seal',
    'SELECT events_try_seal($1) AS sealed',
    [SEAL_BATCH],
  );
  const sealed = row?.sealed ?? -1;
  return sealed >= 0 && sealed < SEAL_BATCH;
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
