import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/server/db/client.ts';
import { mutate } from '../src/server/platform/mutation.ts';
import { SseClient } from '../tests/support/sse.ts';
import { type BenchApp, benchRequest, startBenchApp } from './lib/app.ts';
import { int, ms, now, sleep, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

const CLIENTS = 200;
const EVENTS = 200;
const INTERVAL_MS = 20;
const CONNECT_CONCURRENCY = 20;
const TARGET_P95_MS = 100;
const SETTLE_TIMEOUT_MS = 30_000;

type Tracked = {
  client: SseClient;
  /** Receipt time of each event message, by event id, in arrival order. */
  receipts: { id: string; at: number }[];
};

const round = (value: number) => Math.round(value * 1000) / 1000;

async function waitUntil(done: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const streamBenchmark: Benchmark = {
  name: 'stream',
  description: `SSE fan-out: ${CLIENTS} clients on GET /api/admin/stream, ${EVENTS} commits ${INTERVAL_MS} ms apart; commit → receipt latency`,
  async run({ url, log }: BenchContext) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const tracked: Tracked[] = [];
    let app: BenchApp['app'] | null = null;
    try {
      const started = await startBenchApp(database, url);
      app = started.app;
      const { port, cookie } = started;
      const streamUrl = `http://127.0.0.1:${port}/api/admin/stream`;
      const head = (await database.sql.query<{ id: string }>('SELECT max(id)::text AS id FROM events'))[0]
        ?.id;
      if (!head) throw new Error('expected the staff grant to have written events');

      log(`connecting ${CLIENTS} SSE clients (${CONNECT_CONCURRENCY} at a time) to ${streamUrl}`);
      const connectStart = now();
      for (let i = 0; i < CLIENTS; i += CONNECT_CONCURRENCY) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(CONNECT_CONCURRENCY, CLIENTS - i) }, async () => {
            const client = await SseClient.connect(streamUrl, { cookie });
            // The backlog can arrive with the response headers, before the handler is set; it precedes
            // every timed event, so its receipt time does not matter.
            const at = now();
            const early = client.messages.filter((message) => message.event === 'message' && message.id);
            const entry: Tracked = { client, receipts: early.map((message) => ({ id: message.id!, at })) };
            client.onMessage = (message) => {
              if (message.event === 'message' && message.id)
                entry.receipts.push({ id: message.id, at: now() });
            };
            return entry;
          }),
        );
        tracked.push(...batch);
      }
      const refused = tracked.filter((entry) => entry.client.status !== 200);
      if (refused.length > 0)
        throw new Error(`${refused.length} clients were refused (status ${refused[0]!.client.status})`);
      // Connected and caught up: every client has been sent the backlog up to the current head.
      await waitUntil(
        () => tracked.every((entry) => entry.receipts.some((receipt) => receipt.id === head)),
        SETTLE_TIMEOUT_MS,
        'every client to drain its backlog',
      );
      const connectMs = now() - connectStart;
      log(
        `all ${CLIENTS} connected and caught up in ${connectMs.toFixed(0)} ms; committing ${EVENTS} events`,
      );

      const committedAt = new Map<string, number>();
      const markerOf = new Map<string, string>();
      const commitLatencies: number[] = [];
      const writeStart = now();
      for (let i = 0; i < EVENTS; i += 1) {
        const due = writeStart + i * INTERVAL_MS;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const marker = `m${i}`;
        const before = now();
        const requestId = `bench-stream-${i}`;
        await mutate(database, benchRequest(requestId), async (tx) => {
          await tx.execute(sql`
            INSERT INTO settings (key, value) VALUES ('bench.stream', ${JSON.stringify({ i })}::jsonb)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
          return {
            result: null,
            events: [
              {
                type: 'setting.updated',
                subjectType: 'setting',
                subjectId: 'bench.stream',
                payload: { marker },
              },
            ],
          };
        });
        const resolved = now();
        // The id is assigned at commit (in commit order); look it up by the request that wrote it.
        const [row] = await database.sql.query<{ id: string }>(
          'SELECT id::text AS id FROM events WHERE request_id = $1',
          [requestId],
        );
        const id = row!.id;
        committedAt.set(id, resolved);
        markerOf.set(id, marker);
        commitLatencies.push(resolved - before);
      }
      const writeSeconds = (now() - writeStart) / 1000;
      const lastId = [...committedAt.keys()].at(-1)!;
      let complete = true;
      try {
        await waitUntil(
          () => tracked.every((entry) => entry.receipts.at(-1)?.id === lastId),
          SETTLE_TIMEOUT_MS,
          'every client to receive the last event',
        );
      } catch {
        complete = false;
      }

      // The trigger's insert time (clock_timestamp(), before COMMIT) bounds the commit from below:
      // receipt − insert time is an upper bound of the true latency; receipt − commit-resolved, the
      // figure targeted, is measured from when this process saw COMMIT return, which can be late
      // when the event loop is busy with the fan-out (then it goes slightly negative).
      const insertedAt = new Map(
        (
          await database.sql.query<{ id: string; ms: string }>(
            'SELECT id::text AS id, (extract(epoch FROM ts) * 1000)::text AS ms FROM events WHERE id = ANY($1::bigint[])',
            [[...committedAt.keys()]],
          )
        ).map((row) => [row.id, Number(row.ms)]),
      );

      // Per client: every committed event exactly once, in id order, carrying its own marker.
      const latencies: number[] = [];
      const fromInsert: number[] = [];
      const lastClientLatency = new Map<string, number>();
      const firstClientLatency = new Map<string, number>();
      let missing = 0;
      let duplicates = 0;
      let outOfOrder = 0;
      let wrongMarker = 0;
      let clientsPerfect = 0;
      for (const entry of tracked) {
        const seen = new Map<string, number>();
        let previous = -1n;
        let clean = true;
        for (const receipt of entry.receipts) {
          const id = BigInt(receipt.id);
          if (id <= previous) {
            outOfOrder += 1;
            clean = false;
          }
          previous = id;
          const committed = committedAt.get(receipt.id);
          if (committed === undefined) continue;
          seen.set(receipt.id, (seen.get(receipt.id) ?? 0) + 1);
          const latency = receipt.at - committed;
          latencies.push(latency);
          fromInsert.push(receipt.at - insertedAt.get(receipt.id)!);
          lastClientLatency.set(receipt.id, Math.max(lastClientLatency.get(receipt.id) ?? latency, latency));
          firstClientLatency.set(
            receipt.id,
            Math.min(firstClientLatency.get(receipt.id) ?? latency, latency),
          );
        }
        for (const id of committedAt.keys()) {
          const count = seen.get(id) ?? 0;
          if (count === 0) missing += 1;
          if (count > 1) duplicates += count - 1;
          if (count !== 1) clean = false;
        }
        for (const message of entry.client.messages) {
          if (message.event !== 'message' || !message.id || !markerOf.has(message.id)) continue;
          const payload = (JSON.parse(message.data) as { payload?: { marker?: string } }).payload;
          if (payload?.marker !== markerOf.get(message.id)) {
            wrongMarker += 1;
            clean = false;
          }
        }
        if (clean) clientsPerfect += 1;
      }

      const all = summarize(latencies);
      const upper = summarize(fromInsert);
      const negative = latencies.filter((latency) => latency < 0).length;
      const first = summarize([...firstClientLatency.values()]);
      const last = summarize([...lastClientLatency.values()]);
      const commit = summarize(commitLatencies);
      const expected = CLIENTS * EVENTS;
      const targets: Target[] = [
        {
          name: `p95 commit → receipt over ${int(expected)} receipts`,
          target: `≤ ${TARGET_P95_MS} ms`,
          actual: ms(all.p95),
          pass: all.p95 <= TARGET_P95_MS && latencies.length > 0,
        },
        {
          name: `p95 insert → receipt (upper bound: the clock starts before COMMIT)`,
          target: `≤ ${TARGET_P95_MS} ms`,
          actual: ms(upper.p95),
          pass: upper.p95 <= TARGET_P95_MS && fromInsert.length > 0,
          informational: true,
        },
        {
          name: 'every client got every event exactly once, in id order',
          target: `${CLIENTS}/${CLIENTS} clients`,
          actual: `${clientsPerfect}/${CLIENTS} clients (missing ${missing}, duplicates ${duplicates}, out of order ${outOfOrder}, wrong marker ${wrongMarker})`,
          pass: complete && clientsPerfect === CLIENTS,
        },
      ];
      const row = (what: string, summary: ReturnType<typeof summarize>) => ({
        latency: what,
        samples: int(summary.count),
        p50: ms(summary.p50),
        p95: ms(summary.p95),
        p99: ms(summary.p99),
        max: ms(summary.max),
      });
      return {
        tables: [
          {
            title: `Fan-out: ${CLIENTS} SSE clients, ${EVENTS} events committed ${INTERVAL_MS} ms apart (${writeSeconds.toFixed(1)} s)`,
            rows: [
              row('commit → receipt, all receipts', all),
              row('insert (before commit) → receipt, all', upper),
              row('commit → first client, per event', first),
              row('commit → last client, per event', last),
              row('mutate() call (BEGIN … COMMIT)', commit),
            ],
          },
          {
            title: 'Delivery',
            rows: [
              { check: 'clients connected and caught up', value: `${CLIENTS} in ${connectMs.toFixed(0)} ms` },
              { check: 'receipts', value: `${int(latencies.length)} of ${int(expected)}` },
              { check: 'clients with every event once, in order', value: `${clientsPerfect}/${CLIENTS}` },
              {
                check: 'missing / duplicates / out of order',
                value: `${missing} / ${duplicates} / ${outOfOrder}`,
              },
              { check: 'receipts stamped before COMMIT returned here', value: int(negative) },
            ],
          },
        ],
        targets,
        data: {
          parameters: {
            clients: CLIENTS,
            events: EVENTS,
            intervalMs: INTERVAL_MS,
            connectConcurrency: CONNECT_CONCURRENCY,
          },
          connectMs,
          writeSeconds,
          negativeReceipts: negative,
          latency: {
            allReceipts: all,
            insertToReceipt: upper,
            firstClientPerEvent: first,
            lastClientPerEvent: last,
            mutateCall: commit,
          },
          perEvent: [...committedAt.keys()].map((id) => ({
            id,
            mutateMs: round(commitLatencies[Number(markerOf.get(id)!.slice(1))]!),
            firstMs: round(firstClientLatency.get(id) ?? Number.NaN),
            lastMs: round(lastClientLatency.get(id) ?? Number.NaN),
          })),
          delivery: {
            expected,
            receipts: latencies.length,
            clientsPerfect,
            missing,
            duplicates,
            outOfOrder,
            wrongMarker,
            complete,
          },
        },
      };
    } finally {
      for (const entry of tracked) entry.client.close();
      if (app) await app.close();
      await database.close();
    }
  },
};
