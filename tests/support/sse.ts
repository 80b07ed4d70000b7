import { request } from 'node:http';

export type SseMessage = { id: string | null; event: string; data: string };

/** A minimal Server-Sent-Events client over node:http (tests and the stream benchmark use it). */
export class SseClient {
  readonly messages: SseMessage[] = [];
  status = 0;
  ended = false;
  private waiters: (() => void)[] = [];
  private abort = new AbortController();

  static async connect(url: string, headers: Record<string, string>): Promise<SseClient> {
    const client = new SseClient();
    await client.open(url, headers);
    return client;
  }

  /** Called with each message as it arrives (the benchmark stamps receipt times here). */
  onMessage: ((message: SseMessage) => void) | null = null;

  private open(url: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { headers: { accept: 'text/event-stream', ...headers }, signal: this.abort.signal },
        (res) => {
          this.status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let index = buffer.indexOf('\n\n');
            while (index >= 0) {
              this.parse(buffer.slice(0, index));
              buffer = buffer.slice(index + 2);
              index = buffer.indexOf('\n\n');
            }
          });
          res.on('end', () => {
            this.ended = true;
            this.notify();
          });
          res.on('error', () => {
            this.ended = true;
            this.notify();
          });
          resolve();
        },
      );
      req.on('error', (error) => {
        if (this.abort.signal.aborted) return;
        reject(error);
      });
      req.end();
    });
  }

  private parse(block: string) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && event === 'message') return;
    const message = { id, event, data: data.join('\n') };
    this.messages.push(message);
    this.onMessage?.(message);
    this.notify();
  }

  private notify() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves with the first message matching `predicate`, or rejects after `timeoutMs`. */
  async waitFor(predicate: (message: SseMessage) => boolean, timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (this.ended) throw new Error('stream ended before the expected message');
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message within ${timeoutMs} ms (got ${this.messages.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Messages carrying events, parsed. */
  events<T = { id: string; type: string; ip: string | null; payload: Record<string, unknown> }>(): T[] {
    return this.messages
      .filter((message) => message.event === 'message')
      .map((message) => JSON.parse(message.data) as T);
  }

  close() {
    this.abort.abort();
  }
}
