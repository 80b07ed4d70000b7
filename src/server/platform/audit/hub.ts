import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Database, type Db, rows } from '../../db/client.ts';
import { EVENT_COLUMNS, type EventRow } from './rows.ts';

export type HubListener = {
  deliver(rows: EventRow[]): void;
  /** The hub is stopping (server shutdown): end the stream so the client reconnects elsewhere. */
  close(): void;
};

/**
 * Fans sealed events out to this instance's live streams. Every instance LISTENs on `mc_events`
 * (the sealer NOTIFYs once per seal); a notification only says "something new", and the hub reads
 * every row after the last chain position it delivered. One sealer at a time assigns positions and
 * commits them in order (sealer.ts), so reading "after the last position" never skips a row, and
 * one query serves every connected client.
 */
export class EventHub {
  private lastId = '0';
  private listeners = new Set<HubListener>();
  private unlisten: (() => Promise<void>) | null = null;
  private fetching: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start() {
    const [last] = await rows<{ id: string | null }>(
      this.database.db,
      sql`SELECT max(position)::text AS id FROM events WHERE position IS NOT NULL`,
    );
    this.lastId = last?.id ?? '0';
    this.unlisten = await this.database.listen('mc_events', () => this.poke());
  }

  async stop() {
    await this.unlisten?.();
    this.unlisten = null;
    for (const listener of [...this.listeners]) listener.close();
    this.listeners.clear();
  }

  get clientCount() {
    return this.listeners.size;
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads and delivers what is new; calls that arrive during a read coalesce into one more read. */
  poke() {
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = this.drain()
      .catch((error) => this.log.error({ err: error }, 'event hub read failed'))
      .finally(() => {
        this.fetching = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async drain() {
    for (;;) {
      const fresh = await eventsAfter(this.database.db, this.lastId, 500);
      if (fresh.length === 0) return;
      this.lastId = String(fresh[fresh.length - 1]!.position);
      for (const listener of this.listeners) {
        try {
          listener.deliver(fresh);
        } catch (error) {
          this.log.warn({ err: error }, 'stream listener failed');
        }
      }
      if (fresh.length < 500) return;
    }
  }
}

/** Sealed rows after chain position `after`, in chain order: what a reconnecting stream missed. */
export async function eventsAfter(db: Db, after: string, limit = 1000): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`SELECT ${EVENT_COLUMNS} FROM events WHERE events.position > ${after}::bigint
         ORDER BY events.position LIMIT ${limit}`,
  );
}
