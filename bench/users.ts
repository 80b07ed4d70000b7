import http from 'node:http';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { UsersListQuery, UsersListResponse } from '../src/contracts/users.ts';
import { type Db, openDatabase } from '../src/server/db/client.ts';
import { DEMO_MEMBER_DOMAIN, demoMemberId, seedDemoMembers } from '../src/server/demo/members.ts';
import { listUsers } from '../src/server/modules/users/service/list-users.ts';
import { getUser360 } from '../src/server/modules/users/service/user-360.ts';
import { type BenchApp, startBenchApp } from './lib/app.ts';
import { int, ms, now, numberOption, type Summary, summarize } from './lib/figures.ts';
import type { BenchContext, Benchmark, Target } from './lib/harness.ts';

/** `npm run bench -- users --members N` scales a trial run down (login events stay 5 per member). */
const MEMBERS = numberOption('--members', 1_000_000);
const LOGIN_EVENTS = MEMBERS * 5;
const WARMUP = 30;
const ITERATIONS = 200;
const DEEP_ROWS = 20_000;
const PAGE_SIZE = 25;
/** The end of a last name (Jensen, Nielsen, Larsen) + the start of a member number: 487 of 1,000,000. */
const SEARCH_FRAGMENT = 'sen.12';
const TARGET_P95_MS = 50;
const TARGET_SEARCH_P95_MS = 150;
const TARGET_RATIO = 1.5;

/** One statement the service ran, and how many of its earlier statements had finished when it was sent. */
type Captured = { text: string; params: unknown[]; stage: number };

/**
 * A Drizzle handle that records every `execute` (the accounts service runs all its SQL that way):
 * the compiled text and parameters, and which statements were in flight together.
 */
function capturing(db: Db, into: Captured[]): Db {
  let finished = 0;
  const dialect = (
    db as unknown as { dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } } }
  ).dialect;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver);
      return async (query: SQL) => {
        const compiled = dialect.sqlToQuery(query);
        into.push({ text: compiled.sql, params: compiled.params, stage: finished });
        try {
          return await target.execute(query);
        } finally {
          finished += 1;
        }
      };
    },
  });
}

/** Replays captured statements the way the service issued them: each stage's statements together. */
async function replay(pool: pg.Pool, statements: Captured[]): Promise<void> {
  const stages = [...new Set(statements.map((statement) => statement.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    await Promise.all(
      statements
        .filter((statement) => statement.stage === stage)
        .map((statement) => pool.query(statement.text, statement.params as unknown[])),
    );
  }
}

/** GET over a kept-alive socket; resolves with the status and the body as text once its last byte is in. */
function get(agent: http.Agent, port: number, path: string, cookie: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'GET', agent, headers: { cookie } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** The same GET, with the body parsed as JSON. */
async function getJson(agent: http.Agent, port: number, path: string, cookie: string) {
  const response = await get(agent, port, path, cookie);
  return { status: response.status, body: JSON.parse(response.text) as unknown };
}

type Case = {
  key: string;
  name: string;
  targetP95: number;
  path: string;
  /** The service call behind the route (on a capturing handle to learn its SQL). */
  service(db: Db): Promise<unknown>;
  note?: string;
};

type CaseFigures = {
  key: string;
  name: string;
  path: string;
  api: Summary;
  service: Summary;
  direct: Summary;
  ratio: number;
  statements: { stage: number; text: string; params: unknown[] }[];
  plans: string[];
  rows: number | null;
  note?: string;
};

const listQuery = (query: Partial<UsersListQuery>): UsersListQuery => ({
  sort: 'last_login_at:desc',
  pageSize: PAGE_SIZE,
  ...query,
});

export const usersBenchmark: Benchmark = {
  name: 'users',
  description: `Users API at ${int(MEMBERS)} members / ${int(LOGIN_EVENTS)} login events: list, filter, deep page, search, User 360 (API vs direct SQL)`,
  async run({ url, log }: BenchContext) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let app: BenchApp['app'] | null = null;
    try {
      log(`seeding ${int(MEMBERS)} members and ${int(LOGIN_EVENTS)} login events (seedDemoMembers)`);
      const seedStart = now();
      const seeded = await seedDemoMembers(database, {
        members: MEMBERS,
        loginEvents: LOGIN_EVENTS,
        log: (line) => log(`  ${line}`),
      });
      const seedSeconds = (now() - seedStart) / 1000;
      if (!seeded.created) throw new Error('expected an empty database');
      log(`seeded in ${seedSeconds.toFixed(1)} s`);
      const sizes = await database.sql.query<{ name: string; rows: string; size: string }>(
        `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
           FROM pg_class c WHERE c.relname IN ('users', 'login_events', 'user_identities', 'sessions', 'orders', 'order_items', 'user_aggregate')
          ORDER BY pg_total_relation_size(c.oid) DESC`,
      );

      // Configured as production runs it.
      const started = await startBenchApp(database, url, {
        APP_ENV: 'production',
        PUBLIC_URL: 'https://console.example.test',
      });
      app = started.app;
      const { port, cookie, keys } = started;
      const cursorKey = keys.checkpoint;

      // (c) the cursor 20,000 rows deep, reached by following nextCursor through the API.
      log(`following cursors ${DEEP_ROWS / PAGE_SIZE} × ${PAGE_SIZE} through the API`);
      let cursor: string | null = null;
      const walkStart = now();
      for (let page = 0; page < DEEP_ROWS / PAGE_SIZE; page++) {
        const path: string = `/api/admin/users?pageSize=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await getJson(agent, port, path, cookie);
        if (response.status !== 200) throw new Error(`walk page ${page}: HTTP ${response.status}`);
        cursor = (response.body as UsersListResponse).nextCursor;
        if (!cursor) throw new Error(`walk ended early at page ${page}`);
      }
      const walkMs = now() - walkStart;
      const deepCursor = cursor as string;

      const heavy = await database.sql.query<{ email: string; events: string }>(
        `SELECT u.email, (SELECT count(*) FROM login_events e WHERE e.user_id = u.id)::text AS events
           FROM users u WHERE u.id = $1`,
        [demoMemberId(1)],
      );
      const searchMatches = await database.sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM users WHERE email ILIKE $1 OR first_name ILIKE $1 OR last_name ILIKE $1`,
        [`%${SEARCH_FRAGMENT}%`],
      );

      const cases: Case[] = [
        {
          key: 'a',
          name: 'first page (last_login_at:desc, 25)',
          targetP95: TARGET_P95_MS,
          path: '/api/admin/users',
          service: (db) => listUsers(db, listQuery({}), { cursorKey }),
        },
        {
          key: 'b',
          name: 'role=user & status=active, by last login, with total',
          targetP95: TARGET_P95_MS,
          path: '/api/admin/users?role=user&status=active',
          service: (db) => listUsers(db, listQuery({ role: 'user', status: 'active' }), { cursorKey }),
        },
        {
          key: 'c',
          name: `page ${int(DEEP_ROWS)} rows deep (cursor after ${DEEP_ROWS / PAGE_SIZE} × ${PAGE_SIZE})`,
          targetP95: TARGET_P95_MS,
          path: `/api/admin/users?pageSize=${PAGE_SIZE}&cursor=${encodeURIComponent(deepCursor)}`,
          service: (db) => listUsers(db, listQuery({ cursor: deepCursor }), { cursorKey }),
          note: `walk of ${DEEP_ROWS / PAGE_SIZE} pages took ${(walkMs / 1000).toFixed(1)} s`,
        },
        {
          key: 'd',
          name: `search query=${SEARCH_FRAGMENT} (${int(Number(searchMatches[0]?.n ?? 0))} matches)`,
          targetP95: TARGET_SEARCH_P95_MS,
          path: `/api/admin/users?query=${encodeURIComponent(SEARCH_FRAGMENT)}`,
          service: (db) => listUsers(db, listQuery({ query: SEARCH_FRAGMENT }), { cursorKey }),
        },
        {
          key: 'e',
          name: `User 360 of ${heavy[0]?.email} (${int(Number(heavy[0]?.events ?? 0))} login events)`,
          targetP95: TARGET_P95_MS,
          path: `/api/admin/users/${demoMemberId(1)}`,
          service: (db) => getUser360(db, demoMemberId(1), { canViewPii: false }),
        },
      ];

      const figures: CaseFigures[] = [];
      for (const item of cases) {
        const statements: Captured[] = [];
        const result = await item.service(capturing(database.db, statements));
        const rows = Array.isArray((result as UsersListResponse).rows)
          ? (result as UsersListResponse).rows.length
          : null;
        const plans: string[] = [];
        for (const statement of statements) {
          if (/^\s*explain/i.test(statement.text)) continue;
          const plan = await pool.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
            statement.params as unknown[],
          );
          plans.push(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
        }
        log(
          `${item.key}. ${item.name}: ${statements.length} statement(s); warm-up ${WARMUP}, then ${ITERATIONS} × 3`,
        );
        const checked = await getJson(agent, port, item.path, cookie);
        if (checked.status !== 200) throw new Error(`${item.key}: HTTP ${checked.status}`);
        const bodyLength = JSON.stringify(checked.body).length;
        const api: number[] = [];
        const service: number[] = [];
        const direct: number[] = [];
        const measurements: ((measure: boolean) => Promise<void>)[] = [
          async (measure) => {
            const start = now();
            const response = await get(agent, port, item.path, cookie);
            if (measure) api.push(now() - start);
            // Checked outside the timing: the same answer as the one parsed above.
            if (response.status !== 200 || response.text.length !== bodyLength)
              throw new Error(`${item.key}: HTTP ${response.status}, ${response.text.length} characters`);
          },
          async (measure) => {
            const start = now();
            await item.service(database.db);
            if (measure) service.push(now() - start);
          },
          async (measure) => {
            const start = now();
            await replay(pool, statements);
            if (measure) direct.push(now() - start);
          },
        ];
        let iteration = 0;
        // Interleaved, each iteration starting with the next one, so that load from elsewhere on the
        // machine and the warmth a query leaves behind fall on the three alike.
        const once = async (measure: boolean) => {
          const first = iteration++;
          for (let k = 0; k < measurements.length; k++) {
            await measurements[(first + k) % measurements.length]!(measure);
          }
        };
        for (let i = 0; i < WARMUP; i++) await once(false);
        for (let i = 0; i < ITERATIONS; i++) await once(true);
        const apiSummary = summarize(api);
        const directSummary = summarize(direct);
        figures.push({
          key: item.key,
          name: item.name,
          path: item.path,
          api: apiSummary,
          service: summarize(service),
          direct: directSummary,
          ratio: apiSummary.p50 / directSummary.p50,
          statements: statements.map(({ stage, text, params }) => ({ stage, text, params })),
          plans,
          rows,
          note: item.note,
        });
      }

      const targets: Target[] = figures.flatMap((figure) => {
        const limit = cases.find((item) => item.key === figure.key)!.targetP95;
        return [
          {
            name: `${figure.key}. ${figure.name}: API p95`,
            target: `≤ ${limit} ms`,
            actual: ms(figure.api.p95),
            pass: figure.api.p95 <= limit,
          },
          {
            name: `${figure.key}. API p50 / direct SQL p50`,
            target: `≤ ${TARGET_RATIO}×`,
            actual: `${figure.ratio.toFixed(2)}× (${ms(figure.api.p50)} / ${ms(figure.direct.p50)})`,
            pass: figure.ratio <= TARGET_RATIO,
          },
        ];
      });

      return {
        tables: [
          {
            title: 'Seeding (seedDemoMembers, one transaction; secondary indexes dropped and rebuilt)',
            rows: [
              ...Object.entries(seeded.timings).map(([step, seconds]) => ({
                step,
                seconds: seconds.toFixed(1),
              })),
              {
                step: 'total, including ANALYZE and refresh_user_aggregate()',
                seconds: seedSeconds.toFixed(1),
              },
            ],
          },
          {
            title: 'Data',
            rows: [
              ...sizes.map((size) => ({ table: size.name, rows: int(Number(size.rows)), size: size.size })),
            ],
          },
          {
            title: `Latency per request, ${ITERATIONS} iterations each after ${WARMUP} warm-up (API = HTTP through the app, to the last byte of the answer; service = the service function on the app's pool; direct = the service's captured SQL on a pg.Pool)`,
            rows: figures.flatMap((figure) => [
              {
                query: `${figure.key}. API`,
                p50: ms(figure.api.p50),
                p95: ms(figure.api.p95),
                p99: ms(figure.api.p99),
                'API p50 / direct p50': `${figure.ratio.toFixed(2)}×`,
              },
              {
                query: `${figure.key}. service`,
                p50: ms(figure.service.p50),
                p95: ms(figure.service.p95),
                p99: ms(figure.service.p99),
                'API p50 / direct p50': '',
              },
              {
                query: `${figure.key}. direct SQL (${figure.statements.length} stmt)`,
                p50: ms(figure.direct.p50),
                p95: ms(figure.direct.p95),
                p99: ms(figure.direct.p99),
                'API p50 / direct p50': '',
              },
            ]),
          },
          {
            title: 'Queries',
            rows: figures.map((figure) => ({
              query: figure.key,
              what: `${figure.name}${figure.note ? `; ${figure.note}` : ''}`,
            })),
          },
        ],
        targets,
        data: {
          parameters: {
            members: MEMBERS,
            loginEvents: LOGIN_EVENTS,
            warmup: WARMUP,
            iterations: ITERATIONS,
            deepRows: DEEP_ROWS,
            pageSize: PAGE_SIZE,
            searchFragment: SEARCH_FRAGMENT,
            domain: DEMO_MEMBER_DOMAIN,
          },
          seeding: { seconds: seedSeconds, ...seeded },
          sizes,
          walkMs,
          figures,
        },
      };
    } finally {
      agent.destroy();
      await app?.close();
      await pool.end();
      await database.close();
    }
  },
};
