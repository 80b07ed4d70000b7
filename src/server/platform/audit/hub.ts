import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.ts';
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
    const rows = await this.database.sql.query<{ id: string | null }>(
      'SELECT max(id)::text AS id FROM events',
    );
    this.lastId = rows[0]?.id ?? '0';
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
      const rows = await this.database.sql.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE events.id > $1 ORDER BY events.id LIMIT 500`,
        [this.lastId],
      );
      if (rows.length === 0) return;
      this.lastId = String(rows[rows.length - 1]!.id);
      for (const listener of this.listeners) {
        try {
          listener.deliver(rows);
        } catch (error) {
          this.log.warn({ err: error }, 'stream listener failed');
        }
      }
      if (rows.length < 500) return;
    }
  }
}

/** Rows after `afterId`, oldest first: what a reconnecting stream missed. */
export async function eventsAfter(database: Database, afterId: string, limit = 1000): Promise<EventRow[]> {
  return database.sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE events.id > $1 ORDER BY events.id LIMIT $2`,
    [afterId, limit],
  );
}
