import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsResponse, metricDef } from '../../../src/contracts/analytics.ts';
import { pruneAnalytics } from '../../../src/server/modules/analytics/retention.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
let viewer: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator (mulberry32): the same "random" rows on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(11);
const within = (days: number) => new Date(Date.now() - rand() * days * DAY).toISOString();

const q = <T>(text: string, params: unknown[] = []) => t.database.sql.query<T>(text, params);

/** Raw rows over the last 40 days, written as the app writes them: several statements, several rows each. */
async function seedRawRows() {
  for (let batch = 0; batch < 4; batch += 1) {
    const times = Array.from({ length: 30 }, () => within(40));
    await q(
      `INSERT INTO users (email, name, created_at)
       SELECT 'analytics-' || $1 || '-' || i || '@example.test', 'A', t
         FROM unnest($2::timestamptz[]) WITH ORDINALITY AS u(t, i)`,
      [batch, times],
    );
  }
  const users = (await q<{ id: string }>(`SELECT id FROM users WHERE email LIKE 'analytics-%'`)).map(
    (u) => u.id,
  );
  for (let batch = 0; batch < 5; batch += 1) {
    const events = Array.from({ length: 80 }, () => ({
      user: users[Math.floor(rand() * users.length)],
      at: within(40),
      ok: rand() < 0.8,
      method: rand() < 0.9 ? 'signin' : 'signup',
    }));
    await q(
      `INSERT INTO login_events (user_id, provider, method, success, created_at)
       SELECT u, 'password', m, s, t FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::timestamptz[]) AS e(u, m, s, t)`,
      [
        events.map((e) => e.user),
        events.map((e) => e.method),
        events.map((e) => e.ok),
        events.map((e) => e.at),
      ],
    );
  }
  for (let batch = 0; batch < 3; batch += 1) {
    const orders = Array.from({ length: 25 }, () => ({ at: within(40), total: (rand() * 200).toFixed(2) }));
    await q(
      `WITH o AS (
         INSERT INTO orders (user_id, number, total, created_at)
         SELECT $1::uuid, 'A-' || $2 || '-' || i, t, at FROM unnest($3::numeric[], $4::timestamptz[]) WITH ORDINALITY AS x(t, at, i)
         RETURNING id, total, created_at)
       INSERT INTO payments (order_id, user_id, stripe_charge_id, amount_cents, created_at)
       SELECT id, $1::uuid, 'ch_analytics_' || id, greatest(1, (total * 100)::int), created_at FROM o`,
      [users[batch], batch, orders.map((o) => o.total), orders.map((o) => o.at)],
    );
  }
  // Missions: opened over the weeks, some shipped since (open missions is a state, read at the end).
  await q(
    `INSERT INTO missions (title, status, created_at, shipped_at)
     SELECT 'Mission ' || i, CASE WHEN i % 3 = 0 THEN 'SHIPPED' ELSE 'DETECTED' END,
            now() - (i * 37 % 40) * interval '1 day', CASE WHEN i % 3 = 0 THEN now() - (i * 37 % 40) * interval '1 day' + interval '3 days' END
       FROM generate_series(1, 20) i`,
  );
  // Refunds are written pending, then succeed later (the update is what counts).
  await q(
    `INSERT INTO refunds (payment_id, amount_cents, reason, status, created_at, completed_at)
     SELECT id, 100, 'test', CASE WHEN row_number() OVER (ORDER BY id) % 3 = 0 THEN 'succeeded' ELSE 'pending' END,
            created_at, CASE WHEN row_number() OVER (ORDER BY id) % 3 = 0 THEN created_at END
       FROM payments WHERE stripe_charge_id LIKE 'ch_analytics_%'`,
  );
  await q(
    `UPDATE refunds SET status = 'succeeded', completed_at = created_at + interval '2 hours'
      WHERE status = 'pending' AND amount_cents = 100 AND id::text < '8'`,
  );
  // The shop and the community (migration 0095): searches, posts, conversations, genesis.
  for (let batch = 0; batch < 3; batch += 1) {
    const times = Array.from({ length: 40 }, () => within(40));
    await q(
      `INSERT INTO search_queries (query, result_count, created_at)
       SELECT CASE WHEN i % 4 = 0 THEN ' Blue Mug ' ELSE 'term ' || (i % 7) END, (i % 3), t
         FROM unnest($1::timestamptz[]) WITH ORDINALITY AS s(t, i)`,
      [times],
    );
    await q(
      `INSERT INTO posts (author_id, body, created_at)
       SELECT $1::uuid, 'Entry ' || i, t FROM unnest($2::timestamptz[]) WITH ORDINALITY AS p(t, i)`,
      [users[batch], times],
    );
  }
  // Stones made, then activated over several statements: a person's first activation counts once.
  await q(
    `INSERT INTO stones (code, kind) SELECT 'AN' || lpad(i::text, 14, '0'), 'stone' FROM generate_series(1, 90) i`,
  );
  for (let batch = 0; batch < 3; batch += 1) {
    const picks = Array.from({ length: 20 }, () => users[Math.floor(rand() * users.length)]);
    await q(
      `UPDATE stones s SET status = 'activated', activated_by = x.u, activated_at = now() - interval '1 hour'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, i)
        WHERE s.code = 'AN' || lpad(($2 * 20 + x.i)::text, 14, '0')`,
      [picks, batch],
    );
  }
  await q(
    `INSERT INTO products (sku, title, price, stock, status)
     SELECT 'AN-' || i, 'Product ' || i, 10, i % 8, CASE WHEN i % 5 = 0 THEN 'archived' ELSE 'active' END
       FROM generate_series(1, 30) i`,
  );
}

/**
 * The same figures counted straight from the raw rows: what happened in the hours starting in
 * [from, to) (the hour that is under way counts whole, as its rollup row does).
 */
async function directCounts(from: string, to: string): Promise<Record<string, number>> {
  const [row] = await q<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM users WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS signups,
       (SELECT count(*) FROM login_events WHERE method = 'signin' AND success AND created_at >= $1 AND date_trunc('hour', created_at) < $2) AS signins_ok,
       (SELECT count(*) FROM login_events WHERE method = 'signin' AND NOT success AND created_at >= $1 AND date_trunc('hour', created_at) < $2) AS signins_failed,
       (SELECT count(DISTINCT user_id) FROM login_events WHERE success AND created_at >= $1 AND date_trunc('hour', created_at) < $2) AS active_users,
       (SELECT count(*) FROM orders WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS orders,
       (SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS revenue,
       (SELECT count(*) FROM missions WHERE created_at < $2 AND (shipped_at IS NULL OR shipped_at >= $2)) AS open_missions,
       (SELECT coalesce(sum(amount_cents), 0) FROM refunds WHERE status = 'succeeded' AND completed_at >= $1 AND date_trunc('hour', completed_at) < $2) AS refunds,
       (SELECT count(*) FROM search_queries WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS searches,
       (SELECT count(*) FROM posts WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS posts,
       (SELECT count(*) FROM products WHERE status <> 'archived' AND stock BETWEEN 1 AND 5) AS low_stock,
       (SELECT CASE WHEN count(*) = 0 THEN 0
                    ELSE round(count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stones s WHERE s.activated_by = u.id)) * 1000.0 / count(*)) / 10 END
          FROM users u WHERE created_at >= $1 AND date_trunc('hour', created_at) < $2) AS activation_rate`,
    [from, to],
  );
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]));
}

/** Distinct members with a successful sign-in in each bucket [at, next at or the window's end). */
async function directActivePerBucket(buckets: { at: string }[], to: string): Promise<number[]> {
  const found = await q<{ n: string }>(
    `SELECT (SELECT count(DISTINCT user_id) FROM login_events
              WHERE success AND created_at >= s.a AND date_trunc('hour', created_at) < s.b)::text AS n
       FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY s(a, b, i) ORDER BY s.i`,
    [buckets.map((bucket) => bucket.at), [...buckets.slice(1).map((bucket) => bucket.at), to]],
  );
  return found.map((row) => Number(row.n));
}

const figures = async (query: string) => {
  const response = await call(t, { method: 'GET', url: `/api/admin/analytics?${query}`, cookie: viewer });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AnalyticsResponse;
};

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  viewer = (await staffCookie(t, 'moderator')).cookie;
  await seedRawRows();
});
afterAll(async () => t?.close());

describe('GET /api/admin/analytics', () => {
  it('rollups equal a direct count over the raw rows for random windows and time zones', async () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin'];
    const cases = [
      'range=today',
      'range=7d',
      'range=30d',
      ...Array.from({ length: 5 }, () => {
        const start = -1 - Math.floor(rand() * 37);
        const end = Math.min(-1, start + Math.floor(rand() * 12));
        return `range=custom&from=${day(start)}&to=${day(end)}`;
      }),
    ];
    for (const [index, range] of cases.entries()) {
      const tz = zones[index % zones.length]!;
      const result = await figures(`${range}&tz=${encodeURIComponent(tz)}`);
      const { from, to, previousFrom, previousTo } = result.window;
      const now = await directCounts(from, to);
      const before = await directCounts(previousFrom, previousTo);
      for (const tile of result.tiles) {
        expect(tile.value, `${tile.key} ${range} ${tz}`).toBe(now[tile.key]);
        expect(tile.previous, `${tile.key} (previous) ${range} ${tz}`).toBe(before[tile.key]);
      }
      // Active members are distinct per bucket too (not additive): each bucket against the raw rows.
      const active = result.buckets.map((bucket) => bucket.values.active_users);
      expect(active, `active_users per bucket ${range} ${tz}`).toEqual(
        await directActivePerBucket(result.buckets, to),
      );
      const previousActive = result.previousBuckets.map((bucket) => bucket.values.active_users);
      expect(previousActive, `previous active_users per bucket ${range} ${tz}`).toEqual(
        await directActivePerBucket(result.previousBuckets, previousTo),
      );
      // The buckets add up to the tiles (counts and money; active members are distinct, not additive).
      for (const key of ['signups', 'orders', 'revenue', 'signins_failed']) {
        const sum = result.buckets.reduce((total, bucket) => total + (bucket.values[key] ?? 0), 0);
        expect(sum, `${key} buckets ${range}`).toBe(now[key]);
      }
    }
  });

  it('counts a sign-in added to a past window once its figures were kept (a back-fill)', async () => {
    const range = `range=custom&from=${day(-12)}&to=${day(-10)}&tz=Europe/Berlin`;
    const active = (result: AnalyticsResponse) =>
      result.tiles.find((tile) => tile.key === 'active_users')!.value;
    const before = await figures(range);
    expect(active(await figures(range))).toBe(active(before));
    const [member] = await q<{ id: string }>(
      `INSERT INTO users (email, name) VALUES ('analytics-backfill@example.test', 'Back Fill') RETURNING id`,
    );
    const at = new Date(Date.parse(before.window.from) + 30 * 3_600_000).toISOString();
    await q(
      `INSERT INTO login_events (user_id, provider, method, success, created_at) VALUES ($1, 'password', 'signin', true, $2)`,
      [member!.id, at],
    );
    const after = await figures(range);
    expect(active(after)).toBe(active(before) + 1);
    expect(active(after)).toBe((await directCounts(after.window.from, after.window.to)).active_users);
  });

  it('buckets per hour up to two days, per day beyond, every bucket present', async () => {
    const today = await figures('range=today&tz=UTC');
    expect(today.window.granularity).toBe('hour');
    expect(today.buckets.length).toBe(new Date().getUTCHours() + 1);
    const month = await figures('range=30d&tz=UTC');
    expect(month.window.granularity).toBe('day');
    expect(month.buckets).toHaveLength(30);
    expect(month.previousBuckets).toHaveLength(30);
    for (const bucket of month.buckets) expect(Object.keys(bucket.values).sort()).toContain('active_users');
    const twoDays = await figures(`range=custom&from=${day(-3)}&to=${day(-2)}&tz=UTC`);
    expect(twoDays.window.granularity).toBe('hour');
    expect(twoDays.buckets).toHaveLength(48);
  });

  it('keeps a DST day one local day: 23 and 25 hourly buckets, midnight to midnight', async () => {
    const spring = await figures('range=custom&from=2026-03-08&to=2026-03-08&tz=America/New_York');
    expect(spring.window).toMatchObject({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    expect(spring.buckets).toHaveLength(23);
    const autumn = await figures('range=custom&from=2026-11-01&to=2026-11-01&tz=America/New_York');
    expect(autumn.buckets).toHaveLength(25);
    const week = await figures('range=custom&from=2026-03-05&to=2026-03-11&tz=America/New_York');
    expect(week.buckets.map((bucket) => bucket.at)).toContain('2026-03-09T04:00:00Z');
    expect(week.buckets).toHaveLength(7);
  });

  it('crosses a month end day by day', async () => {
    const result = await figures('range=custom&from=2026-10-30&to=2026-11-02&tz=UTC');
    expect(result.buckets.map((bucket) => bucket.at.slice(0, 10))).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(result.window.previousFrom).toBe('2026-10-26T00:00:00.000Z');
  });

  it('refuses a bad range with 400 naming the field', async () => {
    const cases: [string, string][] = [
      [`range=custom&from=${day(-1)}&to=${day(-3)}`, 'query.to'],
      [`range=custom&from=${day(2)}&to=${day(3)}`, 'query.from'],
      [`range=custom&from=${day(-2)}&to=${day(3)}`, 'query.to'],
      [`range=custom&to=${day(-2)}`, 'query.from'],
      [`range=custom&from=2024-01-01&to=${day(-1)}`, 'query.from'],
      ['range=custom&from=2026-02-30&to=2026-03-01', 'query.from'],
      ['range=week', 'query.range'],
      ['tz=Mars/Olympus', 'query.tz'],
      ['tz=UTC%00', 'query.tz'],
    ];
    for (const [query, field] of cases) {
      const response = await call(t, { method: 'GET', url: `/api/admin/analytics?${query}`, cookie: viewer });
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().details), query).toContain(field);
    }
  });

  it("drill-down links carry the tile's filter and window into the Users list", async () => {
    const result = await figures(`range=custom&from=${day(-6)}&to=${day(-4)}&tz=UTC`);
    const signups = result.tiles.find((tile) => tile.key === 'signups')!;
    const link = metricDef('signups')!.drill!({ from: result.window.from, to: result.window.to });
    expect(link.to).toBe('/users');
    expect(link.search).toEqual({ joinedFrom: result.window.from, joinedTo: result.window.to });
    const count = await call(t, {
      method: 'GET',
      url: `/api/admin/users/count?${new URLSearchParams(link.search)}`,
      cookie: viewer,
    });
    expect(count.statusCode).toBe(200);
    expect(count.json().total.value).toBe(signups.value);
  });
});

describe('GET /api/admin/analytics/members/:id/sign-ins', () => {
  it("counts a member's sign-ins per local day, 30 days with empty days as zero", async () => {
    const [member] = await q<{ user_id: string; n: string }>(
      `SELECT user_id::text, count(*)::text AS n FROM login_events
        WHERE method = 'signin' AND success AND user_id IS NOT NULL AND created_at > now() - interval '29 days'
        GROUP BY user_id ORDER BY 2 DESC LIMIT 1`,
    );
    const response = await call(t, {
      method: 'GET',
      url: `/api/admin/analytics/members/${member!.user_id}/sign-ins?tz=Europe/Berlin`,
      cookie: viewer,
    });
    expect(response.statusCode).toBe(200);
    const { days } = response.json() as { days: { values: Record<string, number> }[] };
    expect(days).toHaveLength(30);
    expect(days.reduce((sum, day) => sum + (day.values.signins_ok ?? 0), 0)).toBeGreaterThanOrEqual(
      Number(member!.n),
    );
    const missing = await call(t, {
      method: 'GET',
      url: '/api/admin/analytics/members/00000000-0000-4000-8000-000000000000/sign-ins',
      cookie: viewer,
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('analytics retention', () => {
  it('prunes hourly rows past analytics.retention_days, keeps the daily rollup and the figures', async () => {
    const old = new Date(Date.now() - 50 * DAY).toISOString();
    const [user] = await q<{ id: string }>(`SELECT id FROM users WHERE email LIKE 'analytics-%' LIMIT 1`);
    await q(`INSERT INTO orders (number, total, created_at) VALUES ('OLD-1', 10, $1), ('OLD-2', 5, $1)`, [
      old,
    ]);
    await q(
      `INSERT INTO login_events (user_id, provider, method, success, created_at) VALUES ($1, 'password', 'signin', true, $2)`,
      [user!.id, old],
    );
    await q(`INSERT INTO search_queries (query, result_count, created_at) VALUES ('old mug', 0, $1)`, [old]);
    const oldDay = old.slice(0, 10);
    const range = `range=custom&from=${oldDay}&to=${oldDay}&tz=UTC`;
    const before = await figures(`range=custom&from=${day(-55)}&to=${day(-45)}&tz=UTC`);
    await q(
      `INSERT INTO settings (key, value, updated_at) VALUES ('analytics.retention_days', '30'::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
    const result = await pruneAnalytics({ db: t.database.db, config: t.config });
    expect(result.hourly).toBeGreaterThan(0);
    const [{ n } = { n: '1' }] = await q<{ n: string }>(
      `SELECT count(*)::text AS n FROM analytics_hourly WHERE bucket < now() - interval '31 days'`,
    );
    expect(Number(n)).toBe(0);
    const [active] = await q<{ count: string }>(
      `SELECT count::text FROM analytics_daily WHERE metric = 'active_users' AND day = $1::date`,
      [oldDay],
    );
    expect(Number(active?.count)).toBeGreaterThan(0);
    // Per day, the pruned days still add up from the daily rollup.
    const after = await figures(`range=custom&from=${day(-55)}&to=${day(-45)}&tz=UTC`);
    const orders = (r: AnalyticsResponse) => r.tiles.find((tile) => tile.key === 'orders')!.value;
    expect(orders(after)).toBe(orders(before));
    // Raw search queries are pruned too; their counts and terms stay in the rollups.
    const searches = (r: AnalyticsResponse) => r.tiles.find((tile) => tile.key === 'searches')!.value;
    expect(searches(after)).toBe(searches(before));
    expect(searches(after)).toBeGreaterThan(0);
    expect(after.searchTerms.zero.map((term) => term.query)).toContain('old mug');
    expect(await q(`SELECT 1 FROM search_queries WHERE query = 'old mug'`)).toHaveLength(0);
    expect((await figures(range)).window.granularity).toBe('hour');
  });

  it('lists the top and zero-result searches of the window from their daily rollup', async () => {
    const result = await figures('range=30d&tz=UTC');
    const [direct] = await q<{ searches: string; zero: string }>(
      `SELECT count(*) AS searches, count(*) FILTER (WHERE result_count = 0) AS zero FROM search_queries
        WHERE lower(btrim(query)) = 'blue mug' AND created_at >= ($1::timestamptz AT TIME ZONE 'UTC')::date AT TIME ZONE 'UTC'`,
      [result.window.from],
    );
    const mug = result.searchTerms.top.find((term) => term.query === 'blue mug');
    expect(mug).toEqual({
      query: 'blue mug',
      searches: Number(direct!.searches),
      zero: Number(direct!.zero),
    });
    expect(result.searchTerms.top[0]!.searches).toBeGreaterThanOrEqual(mug!.searches);
    expect(result.searchTerms.zero.every((term) => term.zero > 0)).toBe(true);
  });

  it('drills low stock into Products, and orders, revenue and refunds into Orders with the window', () => {
    const window = { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' };
    expect(metricDef('low_stock')!.drill!(window)).toEqual({ to: '/products', search: { stock: 'low' } });
    expect(metricDef('orders')!.drill!(window)).toEqual({ to: '/orders', search: window });
    expect(metricDef('revenue')!.drill!(window)).toEqual({ to: '/orders', search: window });
    expect(metricDef('refunds')!.drill!(window)).toEqual({
      to: '/orders',
      search: { status: 'refunded', ...window },
    });
  });
});
