import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SORTS, type UserRow, type UserSort } from '../../../src/contracts/users.ts';
import {
  USER_EXPORT_COLUMNS,
  userExportPages,
} from '../../../src/server/modules/users/service/export-users.ts';
import { csvCell, csvLine, handedOver, readAhead } from '../../../src/server/platform/export.ts';
import { call, eventsOfType, staffCookie, startTestApp, type TestApp } from '../../support/app.ts';
import { ENGINE } from '../../support/engines.ts';
import { seedMember } from '../../support/factories.ts';

let t: TestApp;
let support: string;
let developer: string;

/** A CSV body as rows of cells (our cells: quoted when needed, "" inside quotes). */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  return rows;
}

beforeAll(async () => {
  t = await startTestApp();
  support = (await staffCookie(t, 'support')).cookie;
  developer = (await staffCookie(t, 'developer')).cookie;
  for (let index = 0; index < 7; index += 1) {
    await seedMember(t, {
      lastIp: `198.51.100.${index + 10}`,
      sessions: index === 0 ? [{ ip: '203.0.113.9', userAgent: 'Firefox' }] : [],
    });
  }
  // A member whose name a spreadsheet would run as a formula.
  await t.database.sql.query(
    `UPDATE users SET name = '=HYPERLINK("http://evil.test","x")', first_name = '@SUM(1)'
      WHERE id = (SELECT id FROM users WHERE email LIKE 'member-%' ORDER BY email LIMIT 1)`,
  );
});
afterAll(async () => t?.close());

describe('csvCell', () => {
  it('quotes separators and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(-2)).toBe("'-2");
    expect(csvCell(false)).toBe('false');
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(['a', null, '+1'])).toBe("a,,'+1\n");
  });
});

describe('readAhead', () => {
  it('yields every page in order, asking for the next before the current is used', async () => {
    const asked: number[] = [];
    async function* pages() {
      for (let page = 1; page <= 3; page += 1) {
        asked.push(page);
        yield [page];
      }
    }
    const seen: string[] = [];
    for await (const [page] of readAhead(pages())) seen.push(`${page} after asking ${asked.join(',')}`);
    expect(seen).toEqual(['1 after asking 1,2', '2 after asking 1,2,3', '3 after asking 1,2,3']);
  });

  it('closes the source when stopped early, and passes a failure on', async () => {
    let closed = false;
    async function* pages() {
      try {
        yield 1;
        yield 2;
        yield 3;
      } finally {
        closed = true;
      }
    }
    for await (const page of readAhead(pages())) if (page === 1) break;
    expect(closed).toBe(true);
    async function* failing() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(failing())) seen.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});

describe('handedOver', () => {
  it('lets the producer run one value ahead, no more, and passes its failure on', async () => {
    const made: number[] = [];
    const seen: string[] = [];
    const values = handedOver<number>(async (handOver) => {
      for (let value = 1; value <= 3; value += 1) {
        made.push(value);
        await handOver(value);
      }
      throw new Error('value 4 failed');
    });
    await expect(
      (async () => {
        for await (const value of values) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push(`${value} after making ${made.join(',')}`);
        }
      })(),
    ).rejects.toThrow('value 4 failed');
    expect(seen).toEqual(['1 after making 1,2', '2 after making 1,2,3', '3 after making 1,2,3']);
  });

  it('unwinds the producer when the consumer stops early, before returning', async () => {
    let unwound: unknown = null;
    const values = handedOver<number>(async (handOver) => {
      try {
        for (let value = 1; ; value += 1) await handOver(value);
      } catch (error) {
        unwound = error;
        throw error;
      }
    });
    for await (const value of values) if (value === 2) break;
    expect(unwound).toBeInstanceOf(Error);
  });
});

describe('GET /api/admin/users/export', () => {
  it('streams every row the list shows for the filter and sort, masked, and records the export', async () => {
    const query = 'status=active&role=user&sort=email:asc';
    const list = await call(t, {
      method: 'GET',
      url: `/api/admin/users?${query}&pageSize=100`,
      cookie: support,
    });
    const exported = await call(t, {
      method: 'GET',
      url: `/api/admin/users/export?${query}`,
      cookie: support,
    });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.headers['content-disposition']).toMatch(/mission-control-users-.*\.csv/);
    const [header, ...rows] = parseCsv(exported.body);
    expect(header?.slice(0, 3)).toEqual(['id', 'email', 'name']);
    const apiRows = list.json().rows as UserRow[];
    expect(rows.map((row) => row[0])).toEqual(apiRows.map((row) => row.id));
    // Every cell is the list's own value (the export's page query skips only what no column shows).
    expect(exported.body).toBe(
      csvLine(USER_EXPORT_COLUMNS.map((column) => column.header)) +
        apiRows.map((row) => csvLine(USER_EXPORT_COLUMNS.map((column) => column.value(row)))).join(''),
    );
    expect(rows.length).toBeGreaterThanOrEqual(7);
    const ipColumn = header!.indexOf('lastIp');
    expect(rows.every((row) => row[ipColumn] === '' || row[ipColumn]!.endsWith('.xxx'))).toBe(true);
    expect(exported.body).not.toContain('198.51.100.10,');
    expect(exported.body).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);

    const [event] = (await eventsOfType(t, 'export.created')).slice(-1);
    expect(event?.payload).toEqual({
      list: 'users',
      format: 'csv',
      filter: { status: 'active', role: 'user', sort: 'email:asc' },
    });
  });

  it('pages through more rows than one page of the list', async () => {
    await t.database.sql.exec(
      `INSERT INTO users (email, name) SELECT 'bulk-export-' || i || '@example.test', 'Bulk' FROM generate_series(1, 1203) i`,
    );
    const exported = await call(t, {
      method: 'GET',
      url: '/api/admin/users/export?query=bulk-export-&sort=created_at:desc',
      cookie: support,
    });
    const ids = parseCsv(exported.body)
      .slice(1)
      .map((row) => row[0]);
    expect(ids).toHaveLength(1203);
    expect(new Set(ids).size).toBe(1203);
  });

  it("lists the rows in the list's own order for every sort, ties and missing values included", async () => {
    // Ties in every sort column, members who never signed in, and members the order totals do not
    // hold yet (joined after the refresh): the cases where an export's order could part from the list's.
    await t.database.sql.exec(`
      INSERT INTO users (email, name, status, created_at, last_login_at)
      SELECT 'sortcheck-' || lpad(i::text, 2, '0') || '@example.test', 'Sort ' || i,
             (ARRAY['active', 'suspended', 'active'])[1 + i % 3],
             timestamptz '2026-01-01' + (i / 3) * interval '1 day',
             CASE WHEN i % 4 = 0 THEN NULL ELSE timestamptz '2026-06-01' + (i / 5) * interval '1 hour' END
        FROM generate_series(1, 30) i;
      INSERT INTO orders (number, user_id, total, status, created_at)
      SELECT 'SORTCHECK-' || u.email || '-' || g, u.id, 10, 'paid', now()
        FROM users u, generate_series(1, 3) g
       WHERE u.email LIKE 'sortcheck-%' AND g <= (substr(u.email, 11, 2)::int % 3);
      SELECT refresh_user_aggregate();
      INSERT INTO users (email, name, created_at)
      SELECT 'sortcheck-late-' || i || '@example.test', 'Late ' || i, timestamptz '2026-01-05'
        FROM generate_series(1, 5) i;`);
    for (const sort of USER_SORTS) {
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(t, {
          method: 'GET',
          url: `/api/admin/users?query=sortcheck-&sort=${sort}&pageSize=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          cookie: support,
        });
        expect(page.statusCode, page.body).toBe(200);
        listed.push(...(page.json().rows as UserRow[]).map((row) => row.id));
        cursor = page.json().nextCursor;
      } while (cursor);
      const exported = await call(t, {
        method: 'GET',
        url: `/api/admin/users/export?query=sortcheck-&sort=${sort}`,
        cookie: support,
      });
      const ids = parseCsv(exported.body)
        .slice(1)
        .map((row) => row[0]);
      expect(listed).toHaveLength(35);
      expect(ids, sort).toEqual(listed);
    }
  });

  it("writes every member's cells as the list shows them: providers, live sessions, orders, masked IP", async () => {
    // Identities added out of order and twice over (two Google accounts; 'credential' shown as
    // 'password'), an expired session beside live ones, orders in the totals.
    await t.database.sql.exec(`
      INSERT INTO users (email, name, last_ip, last_login_at)
      SELECT 'cells-' || i || '@example.test', 'Cells ' || i, ('2001:db8::' || i)::inet, now()
        FROM generate_series(1, 4) i;
      INSERT INTO user_identities (user_id, provider, provider_user_id)
      SELECT u.id, p.provider, p.provider || '-' || u.email || '-' || p.n
        FROM users u, (VALUES ('google', 1), ('credential', 1), ('google', 2), ('discord', 1)) p(provider, n)
       WHERE u.email = 'cells-1@example.test'
          OR (u.email = 'cells-2@example.test' AND p.provider = 'credential');
      INSERT INTO sessions (token, user_id, expires_at, ip)
      SELECT 'cells-session-' || u.email || '-' || g, u.id,
             CASE WHEN g = 3 THEN now() - interval '1 hour' ELSE now() + interval '1 day' END, '203.0.113.7'
        FROM users u, generate_series(1, 3) g WHERE u.email IN ('cells-2@example.test', 'cells-3@example.test');
      INSERT INTO orders (number, user_id, total, status, created_at)
      SELECT 'CELLS-' || g, u.id, 12.5, 'paid', now() FROM users u, generate_series(1, 2) g
       WHERE u.email = 'cells-3@example.test';
      SELECT refresh_user_aggregate();`);
    const listed = await call(t, {
      method: 'GET',
      url: '/api/admin/users?query=cells-&sort=email:asc',
      cookie: support,
    });
    const rows = listed.json().rows as UserRow[];
    expect(rows.map((row) => row.providers)).toEqual([
      ['discord', 'google', 'password'],
      ['password'],
      [],
      [],
    ]);
    const exported = await call(t, {
      method: 'GET',
      url: '/api/admin/users/export?query=cells-&sort=email:asc',
      cookie: support,
    });
    const expected = rows.map(
      (row) => parseCsv(csvLine(USER_EXPORT_COLUMNS.map((column) => column.value(row))))[0],
    );
    expect(parseCsv(exported.body).slice(1)).toEqual(expected);
    expect(exported.body).toContain('2001:db8:0:0:xxxx:xxxx:xxxx:xxxx');
    expect(exported.body).not.toContain('2001:db8::');
  });

  it.runIf(ENGINE === 'postgres')(
    'goes on from the last row sent through keyset pages when the cursor dies part-way',
    async () => {
      await t.database.sql.exec(
        `INSERT INTO users (email, name) SELECT 'cutoff-' || i || '@example.test', 'Cut' FROM generate_series(1, 4500) i`,
      );
      const exportIds = async (sort: UserSort, cutOff: boolean) => {
        const failures: unknown[] = [];
        const pages = userExportPages(
          { reader: t.database.db, primary: t.database.db, cursor: true },
          { query: 'cutoff-', sort },
          t.keys.checkpoint,
          (error) => failures.push(error),
        );
        const ids: string[] = [];
        for await (const page of pages) {
          if (cutOff && ids.length === 0) {
            // The connection reading the cursor is ended under it, as a failover would.
            await t.database.sql.query(
              `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE pid <> pg_backend_pid() AND query LIKE '%mc_export%'`,
            );
          }
          ids.push(...page.map((row) => row.id));
        }
        return { ids, failures };
      };
      // A text sort, a time sort (all 4,500 joined in one statement: one tie) and an order-total sort
      // (none in the totals yet): each continues through its own cursor key.
      const wholeBySort = new Map<UserSort, string[]>();
      for (const sort of ['email:asc', 'created_at:desc', 'orders_count:desc'] as const) {
        const whole = await exportIds(sort, false);
        expect(whole.failures).toHaveLength(0);
        expect(whole.ids).toHaveLength(4500);
        const cut = await exportIds(sort, true);
        expect(cut.failures, sort).toHaveLength(1);
        expect(cut.ids, sort).toEqual(whole.ids);
        wholeBySort.set(sort, whole.ids);
      }
      const byEmail = await t.database.sql.query<{ id: string }>(
        `SELECT id::text FROM users WHERE email LIKE 'cutoff-%' ORDER BY email, id`,
      );
      expect(wholeBySort.get('email:asc')).toEqual(byEmail.map((row) => row.id));
    },
  );

  it('refuses a bad filter with 400 naming the field', async () => {
    const response = await call(t, {
      method: 'GET',
      url: '/api/admin/users/export?status=gone',
      cookie: support,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().details)).toContain('query.status');
  });
});

describe('GET /api/admin/users/:id/sessions/export', () => {
  it("exports a member's sessions with IPs masked, as the Sessions list shows them", async () => {
    const [member] = await t.database.sql.query<{ user_id: string }>(
      `SELECT user_id::text FROM sessions WHERE user_agent = 'Firefox' LIMIT 1`,
    );
    for (const cookie of [support, developer]) {
      const response = await call(t, {
        method: 'GET',
        url: `/api/admin/users/${member!.user_id}/sessions/export`,
        cookie,
      });
      expect(response.statusCode).toBe(200);
      const [header, row] = parseCsv(response.body);
      expect(header).toEqual(['id', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt']);
      expect(row?.[1]).toBe('203.0.113.xxx');
    }
    const [event] = (await eventsOfType(t, 'export.created')).slice(-1);
    expect(event?.payload).toMatchObject({ list: 'sessions', filter: { userId: member!.user_id } });
  });
});
