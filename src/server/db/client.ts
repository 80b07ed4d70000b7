import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
/** A Drizzle handle: the database or a transaction (a transaction is a database too). */
export type Db = PgDatabase<PgQueryResultHKT>;

/**
 * Runs a query written with Drizzle's tagged `sql` on `db` (the database or a transaction) and
 * answers its rows: the one way module services read and write. Values are always parameters.
 */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Runs a hot statement on the connection of `db` (a database or a transaction) and answers its rows:
 * on node-postgres as a named prepared statement, parsed and planned once per connection instead of on
 * every call; on PGlite as a plain parameterized query. Drizzle keeps that connection in `session.client`.
 */
export async function executePrepared<T = Record<string, unknown>>(
  db: Db,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client || client instanceof pg.Pool) {
    return (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;
  }
  if (client && typeof (client as { query?: unknown }).query === 'function') {
    return (await (client as Pick<PGlite, 'query'>).query<T>(text, values)).rows;
  }
  throw new Error('executePrepared: unknown database client');
}

/** Plain SQL on one connection: migrations, triggers' tests, the chain verifier, CLI tools. */
export interface SqlRunner {
  /** Runs one or more statements without parameters. */
  exec(text: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * The same as `query`, as a named statement each Postgres connection parses and plans once: for the
   * small queries every request runs, where planning costs more than executing. On PGlite, `query`.
   */
  prepared<T = Record<string, unknown>>(name: string, text: string, params: unknown[]): Promise<T[]>;
  transaction<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
}

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  /** Where the data lives, safe to show: a host name or the embedded data folder. Never credentials. */
  host: string;
  db: Db;
  sql: SqlRunner;
  /**
   * The streaming replica list, search, export and analytics reads may use (`DATABASE_REPLICA_URL`),
   * or null: PGlite, or a server without one. Which reads go there, and when, is decided in one place
   * (`platform/reads.ts`); nothing else touches it.
   */
  replica: ReadReplica | null;
  /** Subscribes to a NOTIFY channel; resolves once listening. Returns the unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * A read-only pool on a hot standby of the primary. Its `db` runs each query on the standby and, when
 * the standby cannot answer it (connection refused or lost, a database not replayed yet, a statement
 * cancelled by a recovery conflict, or one that tried to write), runs it again on the primary: a read
 * never fails because the replica did. `sql` is the standby alone, for probing its replay position.
 */
export interface ReadReplica {
  /** Safe to show: the standby's host name. */
  host: string;
  db: Db;
  sql: SqlRunner;
  /** Called when a query fell back because the standby was unreachable (not for a refused write). */
  onUnavailable: ((error: unknown) => void) | null;
}

export type OpenOptions =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'embedded-image'; image: Blob | File }
  | { kind: 'postgres'; url: string; poolSize?: number; replicaUrl?: string };

/** The Postgres extensions migrations use; a server has them built in, PGlite loads them. */
const PGLITE_EXTENSIONS = { pg_trgm } as const;

/** A PGlite instance with our extensions: in a folder, in memory, or from a dumped image. */
export function createPglite(options: Omit<PGliteOptions, 'extensions'> = {}): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: PGLITE_EXTENSIONS });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.kind === 'postgres')
    return openPostgres(options.url, options.poolSize ?? 10, options.replicaUrl);
  let client: PGlite;
  let host: string;
  if (options.kind === 'embedded') {
    mkdirSync(options.dataDir, { recursive: true });
    client = await createPglite({ dataDir: options.dataDir });
    host = `embedded:${options.dataDir}`;
  } else {
    client = await createPglite({ loadDataDir: options.image });
    host = 'embedded:memory';
  }
  return fromPglite(client, host);
}

export function fromPglite(client: PGlite, host: string): Database {
  const runner = pgliteRunner(client);
  return {
    kind: 'embedded',
    host,
    db: drizzlePglite(client) as unknown as Db,
    sql: runner,
    replica: null,
    async listen(channel, onMessage) {
      const unsubscribe = await client.listen(channel, onMessage);
      return async () => unsubscribe();
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

type PgliteLike = Pick<PGlite, 'exec' | 'query'> & { transaction?: PGlite['transaction'] };

function pgliteRunner(client: PgliteLike): SqlRunner {
  return {
    async exec(text) {
      await client.exec(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    async prepared<T>(_name: string, text: string, params: unknown[]) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    async transaction(work) {
      if (!client.transaction) return work(pgliteRunner(client));
      return client.transaction((tx) => work(pgliteRunner(tx)));
    },
  };
}

/** Keeps `bigint` and `timestamptz` as the same JS types on both engines. */
pg.types.setTypeParser(20, (value) => value); // int8 stays a string: ids beyond 2^53 must not round

function openPostgres(url: string, poolSize: number, replicaUrl?: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A client whose backend ends while checked out (pg_terminate_backend, a failover, a network
  // reset between two statements of a transaction) emits 'error' with no one listening: that
  // crashed the process. Its next query fails instead (the request answers 503) and the pool
  // drops it on release (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const replicaPool = replicaUrl ? new ReplicaPool(replicaUrl, poolSize, pool) : null;
  // The probes' own two connections, without the fallback: they must see the standby fail.
  const probePool = replicaUrl
    ? new pg.Pool({ connectionString: replicaUrl, max: 2, connectionTimeoutMillis: 1_000 })
    : null;
  probePool?.on('error', () => {});
  probePool?.on('connect', (client) => {
    client.on('error', () => {});
  });
  const replica: ReadReplica | null =
    replicaPool && probePool
      ? {
          host: safeHost(replicaUrl!),
          db: pooledDrizzle(replicaPool),
          sql: poolRunner(probePool),
          onUnavailable: null,
        }
      : null;
  if (replicaPool && replica) replicaPool.unavailable = (error) => replica.onUnavailable?.(error);
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  const notifyAll = () => {
    for (const handlers of listeners.values()) for (const handler of handlers) handler('');
  };

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    // Listening from the start: an error while connecting must not be an unhandled 'error' event.
    client.on('error', () => {});
    try {
      await client.connect();
      client.on('notification', (message) => {
        for (const handler of listeners.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      const lost = () => {
        if (listenClient !== client) return;
        listenClient = null;
        client.end().catch(() => {});
        scheduleReconnect(0);
      };
      client.on('error', lost);
      client.on('end', lost);
      for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      listenClient = client;
      return client;
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
  }

  function ensureListenClient(): Promise<pg.Client> {
    if (listenClient) return Promise.resolve(listenClient);
    connecting ??= connectListener().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  /**
   * After the connection is lost, retry with backoff until it is back, then poke every handler:
   * readers catch up from the table, so notifications missed meanwhile lose nothing.
   */
  function scheduleReconnect(attempt: number) {
    if (closed || listeners.size === 0) return;
    setTimeout(
      () => {
        ensureListenClient()
          .then(notifyAll)
          .catch(() => scheduleReconnect(attempt + 1));
      },
      Math.min(250 * 2 ** attempt, 10_000),
    );
  }

  return {
    kind: 'postgres',
    host: safeHost(url),
    db: pooledDrizzle(pool),
    sql: poolRunner(pool),
    replica,
    async listen(channel, onMessage) {
      let handlers = listeners.get(channel);
      const first = !handlers;
      if (!handlers) {
        handlers = new Set();
        listeners.set(channel, handlers);
      }
      handlers.add(onMessage);
      const client = await ensureListenClient();
      if (first) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        handlers.delete(onMessage);
        if (handlers.size === 0) {
          listeners.delete(channel);
          await listenClient?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      const client = listenClient;
      listenClient = null;
      await client?.end().catch(() => {});
      await replicaPool?.end();
      await probePool?.end();
      await pool.end();
    },
  };
}

/**
 * Why a query on the standby is run again on the primary: it could not reach the standby (no SQLSTATE:
 * refused, reset, timed out; class 08; 57P01–57P03 shutting down; 3D000, a database the standby has
 * not replayed yet), it was cancelled by a recovery conflict (40001), or it tried to write (25006).
 */
function standbyFailure(error: unknown): 'unreachable' | 'refused' | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return 'unreachable';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '3D000'].includes(code)) return 'unreachable';
  if (code === '40001' || code === '25006') return 'refused';
  return null;
}

/**
 * The replica's pool: a query the standby cannot answer runs again on the primary (reads only go
 * here, so running one twice is harmless). Drizzle sends promise-style queries, the only form used.
 */
class ReplicaPool extends pg.Pool {
  unavailable: ((error: unknown) => void) | null = null;
  private readonly primary: pg.Pool;

  constructor(url: string, max: number, primary: pg.Pool) {
    // A dead standby must cost a read little: give up connecting after 1 s.
    super({ connectionString: url, max, connectionTimeoutMillis: 1_000 });
    this.primary = primary;
    this.on('error', () => {});
    this.on('connect', (client) => {
      client.on('error', () => {});
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads; drizzle uses query(config) → Promise
  override query(...args: any[]): any {
    const standby = super.query as (...a: unknown[]) => Promise<unknown>;
    if (typeof args[args.length - 1] === 'function') return standby.apply(this, args);
    return standby.apply(this, args).catch((error: unknown) => {
      const failure = standbyFailure(error);
      if (!failure) throw error;
      if (failure === 'unreachable') this.unavailable?.(error);
      return (this.primary.query as (...a: unknown[]) => Promise<unknown>).apply(this.primary, args);
    });
  }
}

/**
 * A named statement the server no longer has (26000: a pooler such as PgBouncer in transaction mode
 * handed us another server connection) or whose result type a migration changed under a running
 * instance (0A000, "cached plan must not change result type"): the same query still works unnamed.
 */
function isStalePrepared(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '26000' || code === '0A000';
}

function clientRunner(client: pg.PoolClient | pg.Client): SqlRunner {
  return {
    async exec(text) {
      await client.query(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return result.rows as T[];
    },
    async prepared<T>(name: string, text: string, values: unknown[]) {
      try {
        return (await client.query({ name, text, values })).rows as T[];
      } catch (error) {
        if (!isStalePrepared(error)) throw error;
        return (await client.query(text, values)).rows as T[];
      }
    },
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(clientRunner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}

function poolRunner(pool: pg.Pool): SqlRunner {
  return {
    async exec(text) {
      await pool.query(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      const result = await pool.query(text, params);
      return result.rows as T[];
    },
    async prepared<T>(name: string, text: string, values: unknown[]) {
      const client = await pool.connect();
      try {
        const result = await client.query({ name, text, values });
        client.release();
        return result.rows as T[];
      } catch (error) {
        const stale = isStalePrepared(error);
        // A connection whose statement went stale would fail it every time: close it.
        client.release(stale ? (error as Error) : undefined);
        if (!stale) throw error;
        return (await pool.query(text, values)).rows as T[];
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        return await clientRunner(client).transaction(work);
      } finally {
        client.release();
      }
    },
  };
}

/**
 * Drizzle on the pool, with a transaction that always gives its connection back. Drizzle's own
 * pooled transaction sends BEGIN before its try/finally: when the backend was just terminated, BEGIN
 * fails and the connection stays checked out forever (found by the connection-loss test: the pool
 * could never close). Here the connection is taken and released by us, around drizzle's
 * transaction on that one client; the pool drops it if it is no longer queryable.
 */
function pooledDrizzle(pool: pg.Pool): Db {
  const db = drizzlePg(pool) as unknown as Db;
  const transaction: Db['transaction'] = async (work, config) => {
    const client = await pool.connect();
    try {
      return await (drizzlePg(client) as unknown as Db).transaction(work, config);
    } finally {
      client.release();
    }
  };
  return Object.assign(db, { transaction });
}

/** A single dedicated connection, for migrations (as the owner role) and tools. */
export async function connectOnce(url: string): Promise<SqlRunner & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { ...clientRunner(client), close: () => client.end() };
}

export function safeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.hostname || 'localhost';
  } catch {
    return 'postgres';
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
