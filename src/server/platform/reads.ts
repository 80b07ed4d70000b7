import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SystemOverview } from '../../contracts/system.ts';
import type { Database, Db } from '../db/client.ts';
import { readCookie } from './auth/session.ts';

/**
 * Where list, search, export and analytics reads run: the one mechanism their handlers use
 * (`await readerFor(request)`). Without a replica (PGlite, or no `DATABASE_REPLICA_URL`) it is the
 * primary, on the same code path. With one, the replica answers when
 * - it was reachable and no more than `maxLagMs` behind at its last check (every second), and
 * - the session has not written since, or the replica has replayed the session's last commit: a
 *   session's write records the primary's WAL position after its commit, and its next read waits up
 *   to `waitMs` for the replica to replay that far, then reads from the primary (read-your-writes).
 * The position is kept in this instance's memory by session id and also sent back in a cookie: the
 * instances are stateless and the next request may reach another one (the browser returns it with
 * no code in the console). The cookie is not trusted for anything but the sender's own reads: a
 * forged one can only make that sender read from the primary after a bounded wait.
 */

export type ReplicaHealth = SystemOverview['health']['readReplica'];

/** The cookie carrying a session's last commit position to whichever instance answers next. */
export const READ_AFTER_COOKIE = 'mc_read_after';

/** How often the replica's reachability and lag are checked, at most (lazily, on reads). */
const CHECK_EVERY_MS = 1_000;

/** A pg_lsn as text (`16/B374D848`) → a number that orders like it; null when not one. */
export function lsnValue(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

function lsnText(value: bigint): string {
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

type ReplicaState = {
  state: 'ok' | 'lagging' | 'down';
  lagMs: number | null;
  /** What the replica had replayed when last asked. */
  replay: bigint | null;
  reason: string | null;
  at: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function unreachable(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `cannot reach it (${typeof code === 'string' ? code : 'connection failed'})`;
}

export class Reads {
  private readonly database: Database;
  private readonly maxLagMs: number;
  private readonly waitMs: number;
  /** How long a session's write is remembered: past it, a replica within its lag bound has it. */
  readonly rememberMs: number;
  private state: ReplicaState | null = null;
  private checking: Promise<ReplicaState> | null = null;
  private probing: Promise<bigint | null> | null = null;
  private readonly written = new Map<string, { lsn: bigint; until: number }>();
  private readonly served = { replica: 0, primary: 0 };

  constructor(database: Database, options: { maxLagMs: number; waitMs: number }) {
    this.database = database;
    this.maxLagMs = options.maxLagMs;
    this.waitMs = options.waitMs;
    this.rememberMs = options.maxLagMs + 5_000;
    if (database.replica) {
      // A query that found the replica unreachable fell back already; the next reads skip it.
      database.replica.onUnavailable = (error) => {
        this.state = { state: 'down', lagMs: null, replay: null, reason: unreachable(error), at: Date.now() };
      };
    }
  }

  get configured(): boolean {
    return this.database.replica !== null;
  }

  /**
   * The handle a read runs on: the replica when it may answer for this session (see above), else the
   * primary. `readAfter` is the position the request's cookie carried.
   */
  async reader(sessionId: string | null, readAfter: bigint | null = null): Promise<Db> {
    const replica = this.database.replica;
    if (!replica) return this.database.db;
    const state = await this.current();
    if (state.state !== 'ok') return this.primary();
    const remembered = sessionId ? this.remembered(sessionId) : null;
    const target =
      remembered !== null && (readAfter === null || remembered > readAfter) ? remembered : readAfter;
    if (target === null || (state.replay !== null && state.replay >= target))
      return this.onReplica(replica.db);
    const deadline = performance.now() + this.waitMs;
    for (;;) {
      const replay = await this.replayed();
      if (replay === null) break;
      if (replay >= target) {
        if (sessionId && remembered !== null && replay >= remembered) this.written.delete(sessionId);
        return this.onReplica(replica.db);
      }
      const left = deadline - performance.now();
      if (left <= 0) break;
      await sleep(Math.min(5, left));
    }
    return this.primary();
  }

  /**
   * After a session's request that may have written has finished (its transactions committed):
   * remembers the primary's WAL insert position, which is at or past every commit so far. Returns it
   * as text for the cookie, or null without a replica.
   */
  async noteWrite(sessionId: string | null): Promise<string | null> {
    if (!this.database.replica) return null;
    const [row] = await this.database.sql.query<{ lsn: string }>(
      'SELECT pg_current_wal_insert_lsn()::text AS lsn',
    );
    const lsn = lsnValue(row?.lsn);
    if (lsn === null) return null;
    if (sessionId) {
      const now = Date.now();
      if (this.written.size > 10_000) {
        for (const [id, entry] of this.written) if (entry.until <= now) this.written.delete(id);
      }
      const previous = this.remembered(sessionId);
      this.written.set(sessionId, {
        lsn: previous !== null && previous > lsn ? previous : lsn,
        until: now + this.rememberMs,
      });
    }
    return lsnText(lsn);
  }

  /** The System tab's view: checked now, not from the last read's check. */
  async health(): Promise<ReplicaHealth> {
    const counts = { replicaReads: this.served.replica, primaryReads: this.served.primary };
    const replica = this.database.replica;
    if (!replica) {
      return { state: 'not_configured', host: null, lagMs: null, maxLagMs: null, reason: null, ...counts };
    }
    const state = await this.refresh();
    return {
      state: state.state,
      host: replica.host,
      lagMs: state.lagMs === null ? null : Math.round(state.lagMs),
      maxLagMs: this.maxLagMs,
      reason: state.reason,
      ...counts,
    };
  }

  private primary(): Db {
    this.served.primary += 1;
    return this.database.db;
  }

  private onReplica(db: Db): Db {
    this.served.replica += 1;
    return db;
  }

  private remembered(sessionId: string): bigint | null {
    const entry = this.written.get(sessionId);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.lsn;
    this.written.delete(sessionId);
    return null;
  }

  /** The last check while it is fresh; a recent one while the next runs; else the next one. */
  private async current(): Promise<ReplicaState> {
    const state = this.state;
    const age = state ? Date.now() - state.at : Number.POSITIVE_INFINITY;
    if (age < CHECK_EVERY_MS) return state!;
    const next = this.refresh();
    return state && age < 2 * CHECK_EVERY_MS ? state : next;
  }

  private refresh(): Promise<ReplicaState> {
    this.checking ??= this.check()
      .then((state) => {
        this.state = state;
        return state;
      })
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  /**
   * Reachable, a standby, and how far behind: none when it has replayed what the primary had written
   * when asked; otherwise the age of the last transaction it replayed. A position written between the
   * two questions (an idle primary's own WAL record) is given one more look before it counts as lag.
   */
  private async check(): Promise<ReplicaState> {
    const replica = this.database.replica!;
    const at = Date.now();
    let primary: bigint | null;
    try {
      const [row] = await this.database.sql.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      primary = lsnValue(row?.lsn);
    } catch {
      // The primary is the one that is unwell: nothing to say about the replica this time.
      primary = null;
    }
    try {
      const ask = async () => {
        const [row] = await replica.sql.query<{
          standby: boolean;
          replay: string | null;
          since_ms: number | null;
        }>(
          `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
                  (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_ms`,
        );
        return row;
      };
      let row = await ask();
      if (!row?.standby) {
        return {
          state: 'down',
          lagMs: null,
          replay: null,
          reason: 'not a standby (pg_is_in_recovery() is false)',
          at,
        };
      }
      let replay = lsnValue(row.replay);
      if (primary !== null && replay !== null && replay < primary) {
        await sleep(20);
        row = (await ask()) ?? row;
        replay = lsnValue(row.replay) ?? replay;
      }
      const caughtUp = primary !== null && replay !== null && replay >= primary;
      const lagMs = caughtUp ? 0 : row.since_ms === null ? null : Math.max(0, row.since_ms);
      const lagging = lagMs === null || lagMs > this.maxLagMs;
      return {
        state: lagging ? 'lagging' : 'ok',
        lagMs,
        replay,
        reason: lagging ? `more than ${this.maxLagMs} ms behind the primary (REPLICA_MAX_LAG)` : null,
        at,
      };
    } catch (error) {
      return { state: 'down', lagMs: null, replay: null, reason: unreachable(error), at };
    }
  }

  /** What the replica has replayed now; one question shared by every read waiting at that moment. */
  private replayed(): Promise<bigint | null> {
    this.probing ??= this.database
      .replica!.sql.query<{ replay: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS replay')
      .then(([row]) => {
        const replay = lsnValue(row?.replay);
        if (replay !== null && this.state && (this.state.replay === null || replay > this.state.replay)) {
          this.state = { ...this.state, replay };
        }
        return replay;
      })
      .catch(() => null)
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }
}

/** The position a request's cookie carries, or null (absent or not a position). */
function readAfterOf(request: FastifyRequest): bigint | null {
  return lsnValue(readCookie(request, READ_AFTER_COOKIE));
}

/**
 * The handle a list, search, export or analytics handler reads with: the replica when it may answer
 * this request's session, else the primary (always the primary without a replica).
 */
export function readerFor(request: FastifyRequest): Promise<Db> {
  return request.server.mc.reads.reader(request.session?.sessionId ?? null, readAfterOf(request));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * With a replica: after every signed-in request that may write (not GET, HEAD or OPTIONS), the
 * session's commit position is remembered and sent back in the cookie, before the answer leaves, so
 * the next read of that session cannot miss what this one wrote.
 */
export const readsPlugin = fp(
  async (app) => {
    const { reads, config } = app.mc;
    if (!reads.configured) return;
    app.addHook('onSend', async (request, reply, payload) => {
      if (SAFE_METHODS.has(request.method) || !request.session) return payload;
      const lsn = await reads.noteWrite(request.session.sessionId).catch(() => null);
      if (lsn) {
        const attributes = [
          `${READ_AFTER_COOKIE}=${lsn}`,
          `Max-Age=${Math.ceil(reads.rememberMs / 1000)}`,
          'Path=/api',
          'HttpOnly',
          'SameSite=Lax',
          ...(config.secureCookies ? ['Secure'] : []),
        ];
        reply.header('set-cookie', attributes.join('; '));
      }
      return payload;
    });
  },
  { name: 'reads' },
);
