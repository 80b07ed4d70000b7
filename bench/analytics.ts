import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.ts';
import { configFor } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { seedDemoMembers } from '../src/server/demo/members.ts';
import { deriveKeys } from '../src/server/platform/crypto.ts';
import { createStaff, sessionCookie, type TestApp } from '../tests/support/app.ts';
import { int, ms, now, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

/** `npm run bench -- analytics --members N` scales the run (login events 5 per member). */
const membersArg = process.argv.indexOf('--members');
const MEMBERS = membersArg > 0 ? Number(process.argv[membersArg + 1]) : 1_000_000;
const LOGIN_EVENTS = MEMBERS * 5;
/** Issue 11's data set: as many orders as members, a fifth as many posts. */
const ORDERS = MEMBERS;
const POSTS = MEMBERS / 5;
const ITERATIONS = 100;
const TARGET_P95_MS = 150;
const TARGET_ROWS_PER_S = 50_000;

/** GET over a kept-alive socket; counts the body's bytes and lines as they stream (never holds it). */
function get(agent: http.Agent, port: number, path: string, cookie: string, keep = true) {
  return new Promise<{ status: number; text: string; lines: number; bytes: number }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'GET', agent, headers: { cookie } },
      (response) => {
        const chunks: Buffer[] = [];
        let lines = 0;
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          // indexOf, not a loop over every byte: the client shares the server's event loop.
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
          if (keep) chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString(), lines, bytes }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

export const analyticsBenchmark: Benchmark = {
  name: 'analytics',
  description: `Analytics page (30 days) and the Users CSV export at ${int(MEMBERS)} members / ${int(LOGIN_EVENTS)} login events / ${int(ORDERS)} orders / ${int(POSTS)} posts`,
  async run({ url, log }: BenchContext) {
    const secret = randomBytes(32).toString('base64url');
    const config = configFor({
      APP_ENV: 'production',
      PUBLIC_URL: 'https://console.example.test',
      MC_SECRET_KEY: secret,
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
    });
    const keys = deriveKeys(secret);
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let app: Awaited<ReturnType<typeof buildApp>> | null = null;
    try {
      log(
        `seeding ${int(MEMBERS)} members and ${int(LOGIN_EVENTS)} login events (rollups kept by the triggers)`,
      );
      const seedStart = now();
      await seedDemoMembers(database, {
        members: MEMBERS,
        loginEvents: LOGIN_EVENTS,
        log: (line) => log(`  ${line}`),
      });
      log(
        `topping orders up to ${int(ORDERS)} and adding ${int(POSTS)} posts over 90 days (rollups by the triggers)`,
      );
      await database.sql.exec(`
        INSERT INTO orders (number, total, status, created_at)
        SELECT 'BENCH-' || g, round((random() * 200)::numeric, 2), 'paid', now() - random() * interval '90 days'
          FROM generate_series(1, greatest(0, ${ORDERS} - (SELECT count(*) FROM orders))) g;
        WITH authors AS (SELECT array_agg(id) AS ids FROM (SELECT id FROM users LIMIT 10000) u)
        INSERT INTO posts (author_id, body, created_at)
        SELECT ids[1 + g % array_length(ids, 1)], 'Bench post ' || g, now() - random() * interval '90 days'
          FROM generate_series(1, ${POSTS}) g, authors;
        ANALYZE orders; ANALYZE posts;`);
      const seedSeconds = (now() - seedStart) / 1000;
      const [sizes] = await database.sql.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM orders)::text AS orders, (SELECT count(*) FROM posts)::text AS posts,
                (SELECT count(*) FROM analytics_hourly)::text AS hourly,
                (SELECT count(*) FROM analytics_active_hours)::text AS active_hours`,
      );
      log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(sizes)}`);

      app = await buildApp({ config, database, keys });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as AddressInfo).port;
      const testApp = { app, database, config, keys, logs: [], close: async () => {} } as unknown as TestApp;
      const staff = await createStaff(testApp, 'developer');
      const cookie = await sessionCookie(testApp, staff.userId, { steppedUp: true });

      const rows: Record<string, string | number>[] = [];
      const targets: Target[] = [];
      const data: Record<string, unknown> = {
        members: MEMBERS,
        loginEvents: LOGIN_EVENTS,
        orders: ORDERS,
        posts: POSTS,
        seedSeconds,
        sizes,
      };
      for (const range of ['today', '7d', '30d']) {
        const path = `/api/admin/analytics?range=${range}&tz=Europe/Berlin`;
        // The first view of a range counts its past days once (kept in analytics_active_spans): shown apart.
        const coldStart = now();
        await get(agent, port, path, cookie);
        const cold = now() - coldStart;
        data[`first_${range}`] = cold;
        rows.push({
          case: `first view, range=${range} (counts past days once)`,
          p50: ms(cold),
          p95: '',
          max: '',
        });
        for (let index = 0; index < 9; index += 1) await get(agent, port, path, cookie);
        const samples: number[] = [];
        for (let index = 0; index < ITERATIONS; index += 1) {
          const start = now();
          const response = await get(agent, port, path, cookie);
          samples.push(now() - start);
          if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${response.text}`);
        }
        const summary = summarize(samples);
        data[`page_${range}`] = summary;
        rows.push({
          case: `Analytics page, range=${range}`,
          p50: ms(summary.p50),
          p95: ms(summary.p95),
          max: ms(summary.max),
        });
        if (range === '30d')
          targets.push({
            name: 'Analytics page (30 days) p95',
            target: `≤ ${TARGET_P95_MS} ms`,
            actual: ms(summary.p95),
            pass: summary.p95 <= TARGET_P95_MS,
          });
      }

      log('exporting every member as CSV (streamed), RSS sampled every 100 ms');
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 100);
      const start = now();
      const exported = await get(agent, port, '/api/admin/users/export?sort=created_at:desc', cookie, false);
      const seconds = (now() - start) / 1000;
      clearInterval(sampler);
      const rssAfter = process.memoryUsage().rss;
      if (exported.status !== 200) throw new Error(`export: HTTP ${exported.status}`);
      const exportedRows = exported.lines - 1;
      const rate = exportedRows / seconds;
      data.export = {
        rows: exportedRows,
        bytes: exported.bytes,
        seconds,
        rate,
        rssBefore,
        rssPeak,
        rssAfter,
      };
      rows.push({
        case: `Users CSV export, ${int(exportedRows)} rows`,
        p50: `${seconds.toFixed(1)} s`,
        p95: `${int(rate)} rows/s`,
        max: `RSS ${mb(rssBefore)} → peak ${mb(rssPeak)} → ${mb(rssAfter)}`,
      });
      targets.push({
        name: 'Users CSV export rate',
        target: `≥ ${int(TARGET_ROWS_PER_S)} rows/s`,
        actual: `${int(rate)} rows/s`,
        pass: rate >= TARGET_ROWS_PER_S,
      });
      return { tables: [{ title: 'Analytics', rows }], targets, data };
    } finally {
      agent.destroy();
      await app?.close();
      await database.close();
    }
  },
};
