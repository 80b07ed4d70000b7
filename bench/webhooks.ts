import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import Stripe from 'stripe';
import { buildApp } from '../src/server/app.ts';
import { configFor } from '../src/server/config.ts';
import { type Db, openDatabase } from '../src/server/db/client.ts';
import { listOrders } from '../src/server/modules/orders/service.ts';
import { deriveKeys } from '../src/server/platform/crypto.ts';
import { int, ms, now, summarize } from './lib/figures.ts';
import type { Benchmark, Target } from './lib/harness.ts';

/** `npm run bench -- webhooks --deliveries N --orders N` scales a trial run down. */
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const DELIVERIES = arg('--deliveries', 5_000);
/** One in this many deliveries is sent again (Stripe redelivers): stored once, processed once. */
const REDELIVER_EVERY = 20;
const CONCURRENCY = 32;
const ORDERS = arg('--orders', 1_000_000);
const RUNS = 40;
const TARGET_RATE = 500;
const TARGET_P95_MS = 50;
const SECRET = 'whsec_bench_webhooks';

function delivery(n: number) {
  const event = {
    id: `evt_bench_${n}`,
    object: 'event',
    type: 'charge.succeeded',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `ch_bench_${n}`,
        object: 'charge',
        amount: 500 + (n % 5000),
        amount_refunded: 0,
        currency: 'usd',
        status: 'succeeded',
        created: Math.floor(Date.now() / 1000),
        billing_details: { email: `buyer${n % 1000}@bench.test` },
        metadata: {},
      },
    },
  };
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) };
}

/** EXPLAIN ANALYZE of a list query, by capturing the SQL the service runs. */
async function planOf(
  db: Db,
  query: Parameters<typeof listOrders>[1],
  options: Parameters<typeof listOrders>[2],
) {
  let captured: SQL | null = null;
  const spy = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver);
      return (statement: SQL) => {
        captured = statement;
        return target.execute(statement);
      };
    },
  });
  await listOrders(spy, query, options);
  const text = new PgDialect().sqlToQuery(captured!);
  const result = (await db.execute(
    sql`EXPLAIN (ANALYZE, BUFFERS) ${sql.raw(inline(text.sql, text.params))}`,
  )) as unknown as { rows: Record<string, string>[] };
  return result.rows.map((row) => Object.values(row)[0]).join('\n');
}

/** The statement with its parameters written in (for EXPLAIN only; values are the bench's own). */
function inline(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    return value === null || value === undefined ? 'NULL' : `'${String(value).replaceAll("'", "''")}'`;
  });
}

export const webhooksBenchmark: Benchmark = {
  name: 'webhooks',
  description: `${int(DELIVERIES)} signed Stripe deliveries (+5 % redelivered) at ${CONCURRENCY} in flight; Orders list at ${int(ORDERS)} orders`,
  async run({ url, log }) {
    const secret = 'bench-secret-key-that-is-long-enough-0123456789';
    const config = configFor({
      MC_SECRET_KEY: secret,
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      STRIPE_WEBHOOK_SECRET: SECRET,
    });
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const app = await buildApp({ config, database, keys: deriveKeys(secret), serveWeb: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      // 1. Deliveries over HTTP, as Stripe sends them.
      const queue: number[] = [];
      for (let n = 1; n <= DELIVERIES; n += 1) {
        queue.push(n);
        if (n % REDELIVER_EVERY === 0) queue.push(n - 1);
      }
      let failed = 0;
      let duplicates = 0;
      const started = now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < queue.length) {
            const { payload, signature } = delivery(queue[next++]!);
            const answer = await fetch(`${address}/api/webhooks/stripe`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'stripe-signature': signature },
              body: payload,
            });
            const body = (await answer.json()) as { duplicate?: boolean };
            if (answer.status !== 200) failed += 1;
            else if (body.duplicate) duplicates += 1;
          }
        }),
      );
      const seconds = (now() - started) / 1000;
      const rate = queue.length / seconds;
      log(`${int(queue.length)} deliveries accepted in ${seconds.toFixed(1)} s: ${int(rate)}/s`);
      // Processing runs behind the answers: wait for it to drain before counting.
      const drainDeadline = now() + 300_000;
      for (;;) {
        const [left] = await database.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_events WHERE status = 'received'`,
        );
        if (left!.n === 0 || now() > drainDeadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const processedSeconds = (now() - started) / 1000;
      log(`all processed ${processedSeconds.toFixed(1)} s after the first delivery`);
      const [counts] = await database.sql.query<{
        stored: number;
        processed: number;
        payments: number;
        audited: number;
      }>(
        `SELECT (SELECT count(*)::int FROM webhook_events WHERE external_id LIKE 'evt_bench_%') AS stored,
                (SELECT count(*)::int FROM webhook_events WHERE external_id LIKE 'evt_bench_%' AND status = 'processed' AND attempts = 1) AS processed,
                (SELECT count(*)::int FROM payments WHERE stripe_charge_id LIKE 'ch_bench_%') AS payments,
                (SELECT count(*)::int FROM events WHERE type = 'payment.succeeded') AS audited`,
      );

      // 2. The Orders list at scale.
      log(`seeding ${int(ORDERS)} orders…`);
      const seedStart = now();
      await database.sql.exec(`
        INSERT INTO orders (number, status, fulfilment, customer_email, total, created_at, carrier, tracking_number)
        SELECT 'BO' || lpad(n::text, 9, '0'),
               (ARRAY['pending','paid','fulfilled','refunded','cancelled'])[1 + n % 5],
               (ARRAY['unfulfilled','shipped','delivered','returned'])[1 + (n / 5) % 4],
               'customer' || (n % 200000) || '@bench.test', (n % 300) + 0.99,
               now() - (n::float8 / ${ORDERS}) * interval '730 days', 'UPS', 'UP' || n
          FROM generate_series(1, ${ORDERS}) n;
        INSERT INTO order_items (order_id, title, quantity, unit_price)
        SELECT id, 'Bench item', 1, total FROM orders WHERE number LIKE 'BO%';
        ANALYZE orders; ANALYZE order_items;`);
      const seedSeconds = (now() - seedStart) / 1000;
      log(`seeded in ${seedSeconds.toFixed(1)} s`);
      const options = { cursorKey: 'bench', mode: 'test' as const };
      const second = await listOrders(database.db, { pageSize: 25 }, options);
      const cases: [string, Parameters<typeof listOrders>[1]][] = [
        ['first page', { pageSize: 25 }],
        ['next page (cursor)', { pageSize: 25, cursor: second.nextCursor! }],
        ['status=refunded', { pageSize: 25, status: 'refunded' }],
        ['fulfilment=returned', { pageSize: 25, fulfilment: 'returned' }],
        ['customer email', { pageSize: 25, query: 'customer4242@bench.test' }],
        ['number (whole)', { pageSize: 25, query: 'BO000424242' }],
        ['number prefix', { pageSize: 25, query: 'BO00012' }],
        ['last 7 days', { pageSize: 25, from: new Date(Date.now() - 7 * 86_400_000).toISOString() }],
      ];
      const rows: Record<string, string | number>[] = [];
      const all: number[] = [];
      const plans: Record<string, string> = {};
      for (const [name, query] of cases) {
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          const start = now();
          await listOrders(database.db, query, options);
          if (i >= 3) samples.push(now() - start);
        }
        all.push(...samples);
        const summary = summarize(samples);
        if (summary.p95 > TARGET_P95_MS) plans[name] = await planOf(database.db, query, options);
        rows.push({ case: name, p50: ms(summary.p50), p95: ms(summary.p95), max: ms(summary.max) });
      }
      const overall = summarize(all);
      for (const [name, plan] of Object.entries(plans)) log(`plan of ${name}:\n${plan}`);
      const unique = DELIVERIES;
      const targets: Target[] = [
        {
          name: 'signed deliveries accepted and stored',
          target: `≥ ${TARGET_RATE}/s`,
          actual: `${int(rate)}/s`,
          pass: rate >= TARGET_RATE && failed === 0,
        },
        {
          name: 'none lost, none processed twice',
          target: `${int(unique)} stored = processed once = payments = audit events`,
          actual: `${counts!.stored} / ${counts!.processed} / ${counts!.payments} / ${counts!.audited} (duplicates answered: ${duplicates})`,
          pass:
            counts!.stored === unique &&
            counts!.processed === unique &&
            counts!.payments === unique &&
            counts!.audited === unique,
        },
        {
          name: `Orders list p95 at ${int(ORDERS)} orders`,
          target: `≤ ${TARGET_P95_MS} ms`,
          actual: ms(overall.p95),
          pass: overall.p95 <= TARGET_P95_MS,
        },
      ];
      return {
        tables: [
          {
            title: 'Webhooks',
            rows: [
              {
                deliveries: queue.length,
                'accepted in s': seconds.toFixed(1),
                'accepted/s': int(rate),
                'all processed after s': processedSeconds.toFixed(1),
                failed,
                duplicates,
              },
            ],
          },
          { title: `Orders list (${RUNS - 3} runs each)`, rows },
        ],
        targets,
        data: {
          deliveries: queue.length,
          seconds,
          rate,
          processedSeconds,
          counts,
          seedSeconds,
          orders: rows,
          overall,
        },
      };
    } finally {
      await app.close();
      await database.close();
    }
  },
};
