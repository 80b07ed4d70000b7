import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SORTS, type UserRow, type UserSort } from '../../../src/contracts/users.ts';
import { countUsers } from '../../../src/server/modules/users/service/list-users.ts';
import { totalFrom } from '../../../src/server/platform/lists.ts';
import { call, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';

/**
 * The Users list against members seeded straight into the tables: every filter, every sort in both
 * directions paged to the end and compared with the same order computed here (ties and NULLs
 * included), cursor misuse, bad filters and totals.
 */
let t: TestApp;
let cookie: string;
const tag = `lst${Date.now().toString(36)}`;
const nameTag = `Quix${Date.now().toString(36)}`;
const BASE = Date.parse('2025-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Seeded = {
  id: string;
  email: string;
  provider: 'password' | 'google' | 'both' | null;
  status: 'active' | 'suspended' | 'deleted';
  mfa: boolean;
  verified: boolean;
  createdAt: number;
  lastLoginAt: number | null;
  role: string;
  firstName: string;
  lastName: string;
  /** Orders and lifetime value (cents); null while the user_aggregate view does not hold the member yet. */
  orders: number | null;
  ltv: number | null;
};
const seeded: Seeded[] = [];
const N = 40;
/** The last members join after the aggregate's refresh: they sort as "no value yet". */
const LATE = 3;
/** Orders (count, cents each) of member i, with ties; member 1 has its own below. */
const ordersOf = (i: number): [number, number] =>
  i % 5 === 3 ? [1, 2000] : i % 5 === 4 ? [2, 1500] : [0, 0];

beforeAll(async () => {
  t = await startTestApp();
  cookie = (await staffCookie(t, 'support')).cookie;
  const q = t.database.sql.query.bind(t.database.sql);
  const providers = ['password', 'google', 'both', null] as const;
  const addMember = async (i: number) => {
    const [orders, each] = i === 1 ? [1, 12990] : ordersOf(i);
    const member: Seeded = {
      id: randomUUID(),
      email: `${tag}.u${String(i).padStart(3, '0')}@example.test`,
      provider: providers[i % 4]!,
      status: i % 11 === 0 ? 'deleted' : i % 7 === 0 ? 'suspended' : 'active',
      mfa: i % 3 === 0,
      verified: i % 2 === 0 || i % 10 === 1,
      // Eight distinct join times: many ties.
      createdAt: BASE - (i % 8) * DAY,
      // Every fifth never signed in; six distinct times otherwise: ties again.
      lastLoginAt: i % 5 === 0 ? null : BASE - (i % 6) * HOUR,
      role: i === 3 ? 'admin' : i === 4 ? 'support' : 'user',
      firstName: i % 9 === 2 ? `${nameTag}a` : 'Ann',
      lastName: i % 13 === 5 ? `Mc${nameTag}` : 'Lee',
      orders: i >= N - LATE ? null : orders,
      ltv: i >= N - LATE ? null : orders * each,
    };
    seeded.push(member);
    await q(
      `INSERT INTO users (id, email, name, first_name, last_name, auth_provider, status, mfa_enabled,
                          email_verified, email_verified_at, created_at, last_login_at, last_ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        member.id,
        member.email,
        `${member.firstName} ${member.lastName}`,
        member.firstName,
        member.lastName,
        member.provider,
        member.status,
        member.mfa,
        i % 10 === 1,
        i % 2 === 0 ? new Date(BASE - DAY) : null,
        new Date(member.createdAt),
        member.lastLoginAt === null ? null : new Date(member.lastLoginAt),
        i % 2 ? `203.0.113.${i}` : `2001:db8:abcd:12::${i}`,
      ],
    );
    if (member.provider === 'password' || member.provider === 'both')
      await q(
        `INSERT INTO user_identities (user_id, provider, provider_user_id) VALUES ($1, 'credential', $2)`,
        [member.id, member.id],
      );
    if (member.provider === 'google' || member.provider === 'both')
      await q(`INSERT INTO user_identities (user_id, provider, provider_user_id) VALUES ($1, 'google', $2)`, [
        member.id,
        `g-${member.id}`,
      ]);
    if (member.role !== 'user')
      await q('INSERT INTO admin_users (user_id, role) VALUES ($1, $2)', [member.id, member.role]);
    const [count, cents] = ordersOf(i);
    for (let n = 0; n < count && i < N - LATE; n++) {
      const [placed] = await q<{ id: string }>(
        `INSERT INTO orders (user_id, number, total) VALUES ($1, $2, $3) RETURNING id`,
        [member.id, `${tag}-m${i}-${n}`, cents / 100],
      );
      await q(`INSERT INTO order_items (order_id, title, quantity, unit_price) VALUES ($1, 'Tee', 1, $2)`, [
        placed!.id,
        cents / 100,
      ]);
    }
  };
  for (let i = 0; i < N - LATE; i++) await addMember(i);
  // Member 1: two live sessions and an expired one; an order of two items.
  const one = seeded[1]!.id;
  for (const [token, expires] of [
    ['l1', '1 day'],
    ['l2', '2 days'],
    ['l3', '-1 day'],
  ] as const)
    await q(`INSERT INTO sessions (token, user_id, expires_at) VALUES ($1, $2, now() + $3::interval)`, [
      `${tag}-${token}`,
      one,
      expires,
    ]);
  const order = await q<{ id: string }>(
    `INSERT INTO orders (user_id, number, total) VALUES ($1, $2, 129.90) RETURNING id`,
    [one, `${tag}-1`],
  );
  await q(
    `INSERT INTO order_items (order_id, title, quantity, unit_price) VALUES ($1, 'Course', 1, 99.90), ($1, 'Mug', 2, 15)`,
    [order[0]!.id],
  );
  await q('SELECT refresh_user_aggregate()');
  for (let i = N - LATE; i < N; i++) await addMember(i);
});
afterAll(async () => t?.close());

const get = (query: string) => call(t, { method: 'GET', url: `/api/admin/users?${query}`, cookie });
const count = (query: string) => call(t, { method: 'GET', url: `/api/admin/users/count?${query}`, cookie });

async function all(query: string, pageSize = 7): Promise<UserRow[]> {
  const rows: UserRow[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const response = await get(
      `query=${tag}&pageSize=${pageSize}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.rows.length).toBeLessThanOrEqual(pageSize);
    rows.push(...body.rows);
    cursor = body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('paging did not end');
}

function compare(sort: UserSort): (a: Seeded, b: Seeded) => number {
  const [column, direction] = sort.split(':') as [string, 'asc' | 'desc'];
  const sign = direction === 'asc' ? 1 : -1;
  const byId = (a: Seeded, b: Seeded) => sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  // NULLS LAST descending, NULLS FIRST ascending (the exact reverse), then by id.
  const nullable = (x: number | null, y: number | null, a: Seeded, b: Seeded) => {
    if (x === null || y === null) return x === y ? byId(a, b) : sign * (x === null ? -1 : 1);
    return sign * (x - y) || byId(a, b);
  };
  return (a, b) => {
    if (column === 'email') return sign * (a.email < b.email ? -1 : 1);
    if (column === 'status')
      return sign * (a.status < b.status ? -1 : a.status > b.status ? 1 : 0) || byId(a, b);
    if (column === 'orders_count') return nullable(a.orders, b.orders, a, b);
    if (column === 'lifetime_value') return nullable(a.ltv, b.ltv, a, b);
    if (column === 'created_at') return sign * (a.createdAt - b.createdAt) || byId(a, b);
    // last_login_at: NULLS LAST descending, NULLS FIRST ascending (the exact reverse).
    if (a.lastLoginAt === null || b.lastLoginAt === null) {
      if (a.lastLoginAt === b.lastLoginAt) return byId(a, b);
      return sign * (a.lastLoginAt === null ? -1 : 1);
    }
    return sign * (a.lastLoginAt - b.lastLoginAt) || byId(a, b);
  };
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('GET /api/admin/users — sorting and cursors', () => {
  it('has ties, never-signed-in members and members the aggregate does not hold yet in the seed', () => {
    expect(seeded.filter((member) => member.orders === null)).toHaveLength(LATE);
    expect(seeded.filter((member) => member.ltv === 3000).length).toBeGreaterThan(2);
    expect(seeded.filter((member) => member.lastLoginAt === null).length).toBeGreaterThan(3);
    expect(new Set(seeded.map((member) => member.createdAt)).size).toBeLessThan(N / 2);
  });

  for (const sort of USER_SORTS) {
    it(`pages through every row in ${sort} order, stable under ties and NULLs`, async () => {
      const expected = [...seeded].sort(compare(sort));
      for (const pageSize of [1, 7, 100]) {
        const rows = await all(`sort=${sort}`, pageSize);
        expect(ids(rows), `pageSize ${pageSize}`).toEqual(ids(expected));
      }
    });
  }

  it('pages a filtered listing the same way', async () => {
    for (const sort of USER_SORTS) {
      const expected = seeded
        .filter((member) => member.status === 'active' && !member.mfa)
        .sort(compare(sort));
      expect(ids(await all(`sort=${sort}&status=active&mfa=false`, 4)), sort).toEqual(ids(expected));
    }
  });

  it('defaults to last login, newest first', async () => {
    const rows = await all('');
    expect(ids(rows)).toEqual(ids([...seeded].sort(compare('last_login_at:desc'))));
  });

  it('refuses a tampered cursor with a 400 naming query.cursor', async () => {
    const first = (await get(`query=${tag}&pageSize=3`)).json();
    const [body, mac] = first.nextCursor.split('.');
    const position = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...position, id: seeded[0]!.id })).toString('base64url')}.${mac}`;
    for (const cursor of [forged, 'garbage', `${body}.AAAAAAAAAAAAAAAAAAAAAAAA`]) {
      const response = await get(`query=${tag}&pageSize=3&cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].path).toBe('query.cursor');
    }
  });

  it('refuses a cursor issued for another sort', async () => {
    const first = (await get(`query=${tag}&pageSize=3&sort=email:asc`)).json();
    const response = await get(`query=${tag}&pageSize=3&sort=created_at:desc&cursor=${first.nextCursor}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().details[0].path).toBe('query.cursor');
  });
});

describe('GET /api/admin/users — filters', () => {
  const cases: [string, (member: Seeded) => boolean][] = [
    ['provider=google', (m) => m.provider === 'google'],
    ['provider=both', (m) => m.provider === 'both'],
    ['role=user', (m) => m.role === 'user'],
    ['role=admin', (m) => m.role === 'admin'],
    ['role=support', (m) => m.role === 'support'],
    ['status=suspended', (m) => m.status === 'suspended'],
    ['status=deleted', (m) => m.status === 'deleted'],
    ['mfa=true', (m) => m.mfa],
    ['mfa=false', (m) => !m.mfa],
    ['verified=true', (m) => m.verified],
    ['verified=false', (m) => !m.verified],
    [
      `joinedFrom=${new Date(BASE - 3 * DAY).toISOString()}&joinedTo=${new Date(BASE - DAY).toISOString()}`,
      (m) => m.createdAt >= BASE - 3 * DAY && m.createdAt < BASE - DAY,
    ],
    [
      `lastLoginFrom=${new Date(BASE - 2 * HOUR).toISOString()}`,
      (m) => m.lastLoginAt !== null && m.lastLoginAt >= BASE - 2 * HOUR,
    ],
    [
      `lastLoginTo=${new Date(BASE - 2 * HOUR).toISOString()}`,
      (m) => m.lastLoginAt !== null && m.lastLoginAt < BASE - 2 * HOUR,
    ],
    ['status=active&mfa=true&role=user', (m) => m.status === 'active' && m.mfa && m.role === 'user'],
  ];
  for (const [query, predicate] of cases) {
    it(`filters by ${query}`, async () => {
      const expected = seeded.filter(predicate).sort(compare('last_login_at:desc'));
      expect(expected.length).toBeGreaterThan(0);
      const response = await get(`query=${tag}&pageSize=100&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(ids(response.json().rows)).toEqual(ids(expected));
      expect(response.json()).not.toHaveProperty('total');
      const total = await count(`query=${tag}&${query}`);
      expect(total.statusCode, total.body).toBe(200);
      expect(total.json().total).toEqual({ value: expected.length, estimated: false });
    });
  }

  it('searches email, first and last name as a case-insensitive substring', async () => {
    const byName = seeded.filter((m) => m.firstName.includes(nameTag) || m.lastName.includes(nameTag));
    expect(byName.length).toBeGreaterThan(2);
    const response = await get(`query=${nameTag.toUpperCase()}&pageSize=100`);
    expect(new Set(ids(response.json().rows))).toEqual(new Set(ids(byName)));
    const email = await get(`query=${encodeURIComponent(`${tag}.U007@`)}`);
    expect(ids(email.json().rows)).toEqual([seeded[7]!.id]);
    // LIKE wildcards are literal.
    expect((await get(`query=${tag}%25u00`)).json().rows).toEqual([]);
    expect((await get(`query=${tag}_u00`)).json().rows).toEqual([]);
  });

  it('answers 400 naming the field for a bad filter value', async () => {
    for (const [query, path] of [
      ['status=banned', 'query.status'],
      ['provider=github', 'query.provider'],
      ['role=owner', 'query.role'],
      ['mfa=yes', 'query.mfa'],
      ['verified=1', 'query.verified'],
      ['joinedFrom=yesterday', 'query.joinedFrom'],
      ['lastLoginTo=2025-13-01', 'query.lastLoginTo'],
      ['sort=name:asc', 'query.sort'],
      ['sort=email', 'query.sort'],
      ['pageSize=0', 'query.pageSize'],
      ['pageSize=101', 'query.pageSize'],
      // The seed's `page=1`: keyset paging has no pages; refused, not ignored.
      ['page=1', 'query.page'],
    ]) {
      const response = await get(query!);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe('GET /api/admin/users — rows and totals', () => {
  it('answers the row with providers, live sessions, orders, role and a masked IP', async () => {
    await t.database.sql.query(`UPDATE users SET last_user_agent = $2 WHERE id = $1`, [
      seeded[1]!.id,
      'Mozilla/5.0 (X11; Linux x86_64) via 198.51.100.7',
    ]);
    const response = await get(`query=${encodeURIComponent(seeded[1]!.email)}`);
    const row = response.json().rows[0] as UserRow;
    expect(row).toMatchObject({
      id: seeded[1]!.id,
      email: seeded[1]!.email,
      role: 'user',
      authProvider: 'google',
      providers: ['google'],
      sessionsCount: 2,
      ordersCount: 1,
      lifetimeValue: '129.90',
      lastIp: '203.0.113.xxx',
      lastUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) via 198.51.100.xxx',
      mfaEnabled: false,
      emailVerifiedAt: null,
      joined: new Date(seeded[1]!.createdAt).toISOString(),
      lastLoginAt: new Date(seeded[1]!.lastLoginAt!).toISOString(),
    });
    const both = (await get(`query=${encodeURIComponent(seeded[2]!.email)}`)).json().rows[0];
    expect(both).toMatchObject({ providers: ['google', 'password'], ordersCount: 0, lifetimeValue: '0.00' });
    expect(both.lastIp).toBe('2001:db8:abcd:12:xxxx:xxxx:xxxx:xxxx');
    const staff = (await get(`query=${encodeURIComponent(seeded[3]!.email)}`)).json().rows[0];
    expect(staff.role).toBe('admin');
  });

  it('counts exactly when few rows match, on its own request; pages carry no total', async () => {
    const body = (await get(`query=${tag}&pageSize=5`)).json();
    expect(body.rows).toHaveLength(5);
    expect(body).not.toHaveProperty('total');
    expect((await count(`query=${tag}`)).json().total).toEqual({ value: N, estimated: false });
  });

  it('answers 400 naming the field for a bad filter on /count', async () => {
    const bad = await count('status=banned');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { path: string }) => d.path)).toContain('query.status');
  });

  it("uses the planner's estimate, marked, past the exact limit", async () => {
    const { total } = await countUsers(t.database.db, { query: tag }, { exactTotalLimit: 10 });
    expect(total.estimated).toBe(true);
    expect(total.value).toBeGreaterThan(10);
    const exact = await countUsers(t.database.db, { query: tag }, { exactTotalLimit: N });
    expect(exact.total).toEqual({ value: N, estimated: false });
  });

  it('chooses between exact and estimated totals at the threshold', () => {
    expect(totalFrom(0, 10_000, null)).toEqual({ value: 0, estimated: false });
    expect(totalFrom(10_000, 10_000, 123)).toEqual({ value: 10_000, estimated: false });
    expect(totalFrom(10_001, 10_000, 987_654.4)).toEqual({ value: 987_654, estimated: true });
    // An estimate below what was counted is raised to what is known for sure.
    expect(totalFrom(10_001, 10_000, 500)).toEqual({ value: 10_001, estimated: true });
  });
});
