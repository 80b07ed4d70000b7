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
 * Fans committed events out to this instance's live streams. Every instance LISTENs on
 * `mc_events`; a notification only says "something new", and the hub reads every row after the
 * last one it delivered. Ids commit in order (see events_chain), so reading "after the last id"
 * never skips a row, and one query serves every connected client.
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
      sql`SELECT max(id)::text AS id FROM events`,
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
      this.lastId = String(fresh[fresh.length - 1]!.id);
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

/** Rows after `afterId`, oldest first: what a reconnecting stream missed. */
export async function eventsAfter(db: Db, afterId: string, limit = 1000): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`SELECT ${EVENT_COLUMNS} FROM events WHERE events.id > ${afterId}::bigint ORDER BY events.id LIMIT ${limit}`,
  );
}
