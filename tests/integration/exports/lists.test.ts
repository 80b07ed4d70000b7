import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/contracts/permissions.ts';
import { seedDemoCatalog } from '../../../src/server/demo/catalog.ts';
import { seedDemoCommunity } from '../../../src/server/demo/community.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { CAMPAIGN_EXPORT_COLUMNS } from '../../../src/server/modules/campaigns/export.ts';
import {
  CATEGORY_EXPORT_COLUMNS,
  PRODUCT_EXPORT_COLUMNS,
  SUBMISSION_EXPORT_COLUMNS,
} from '../../../src/server/modules/catalog/service/export-catalog.ts';
import { FLAG_EXPORT_COLUMNS } from '../../../src/server/modules/moderation/export.ts';
import { ORDER_EXPORT_COLUMNS } from '../../../src/server/modules/orders/export.ts';
import { STONE_EXPORT_COLUMNS } from '../../../src/server/modules/stones/service/export-stones.ts';
import { PAYMENT_EXPORT_COLUMNS } from '../../../src/server/modules/stripe/service/export-payments.ts';
import { TEAM_EXPORT_COLUMNS } from '../../../src/server/modules/teams/export.ts';
import { csvLine, type ExportColumn } from '../../../src/server/platform/export.ts';
import {
  call,
  createMember,
  eventsOfType,
  sessionCookie,
  staffCookie,
  startTestApp,
  type TestApp,
} from '../../support/app.ts';

/**
 * Every list's CSV export (platform/export.ts) against the list itself: for the same filter (and
 * sort), the CSV is the list's rows, every page, through the same columns, as the same viewer sees
 * them (admin: no view_pii, so masked where the list masks); refused where the list is; audited.
 */
type Case = {
  list: string;
  path: string;
  filter: string;
  /** The API list's rows key (the moderation queue answers `items`). */
  rowsKey?: string;
  columns: readonly ExportColumn<never>[];
  /** A staff role without the list's permission, or null when every staff role has it. */
  refused: Role | null;
  audited: Record<string, unknown>;
};

const CASES: Case[] = [
  {
    list: 'products',
    path: '/api/admin/products',
    filter: 'status=active&sort=price:desc',
    columns: PRODUCT_EXPORT_COLUMNS,
    refused: 'moderator',
    audited: { status: 'active', sort: 'price:desc' },
  },
  {
    list: 'categories',
    path: '/api/admin/categories',
    filter: 'sort=products:desc',
    columns: CATEGORY_EXPORT_COLUMNS,
    refused: 'moderator',
    audited: { sort: 'products:desc' },
  },
  {
    list: 'submissions',
    path: '/api/admin/submissions',
    filter: 'status=pending',
    columns: SUBMISSION_EXPORT_COLUMNS,
    refused: 'moderator',
    audited: { status: 'pending' },
  },
  {
    list: 'orders',
    path: '/api/admin/orders',
    filter: 'status=paid',
    columns: ORDER_EXPORT_COLUMNS,
    refused: null,
    audited: { status: 'paid' },
  },
  {
    list: 'payments',
    path: '/api/admin/stripe/payments',
    filter: 'status=succeeded',
    columns: PAYMENT_EXPORT_COLUMNS,
    refused: 'support',
    audited: { status: 'succeeded' },
  },
  {
    list: 'stones',
    path: '/api/admin/stones',
    filter: 'kind=stone',
    columns: STONE_EXPORT_COLUMNS,
    refused: null,
    audited: { kind: 'stone' },
  },
  {
    list: 'campaigns',
    path: '/api/admin/campaigns',
    filter: 'status=active',
    columns: CAMPAIGN_EXPORT_COLUMNS,
    refused: null,
    audited: { status: 'active' },
  },
  {
    list: 'teams',
    path: '/api/admin/teams',
    filter: 'kind=group',
    columns: TEAM_EXPORT_COLUMNS,
    refused: null,
    audited: { kind: 'group' },
  },
  {
    list: 'flags',
    path: '/api/admin/moderation/queue',
    filter: 'reason=spam',
    rowsKey: 'items',
    columns: FLAG_EXPORT_COLUMNS,
    refused: 'support',
    audited: { reason: 'spam' },
  },
];

let t: TestApp;
let admin: string;
let member: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = (await staffCookie(t, 'admin')).cookie;
  member = await sessionCookie(t, (await createMember(t)).userId);
  await seedDemoMembers(t.database, { members: 150 });
  await seedDemoCatalog(t.database);
  await seedDemoCommunity(t.database, { people: 150, stones: 700, posts: 400 });
  await t.database.sql.exec(`
    INSERT INTO payments (order_id, user_id, stripe_charge_id, amount_cents, currency, status, created_at)
    SELECT id, user_id, 'ch_export_' || number, round(total * 100)::int, currency, 'succeeded', created_at
      FROM orders WHERE status IN ('paid', 'fulfilled') AND total > 0 ORDER BY number LIMIT 40;
    UPDATE products SET title = '=2+3 formula' WHERE id = (SELECT id FROM products WHERE status = 'active' LIMIT 1);`);
}, 180_000);
afterAll(async () => t?.close());

/** Every row of the API list for the filter, following its cursor as the screen does. */
async function listRows(item: Case): Promise<unknown[]> {
  const all: unknown[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${item.path}?${item.filter}&pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await call(t, { method: 'GET', url, cookie: admin });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    all.push(...body[item.rowsKey ?? 'rows']);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

describe('GET <list>/export', () => {
  it.each(CASES)(
    '$list: the CSV is the list for the same filter, and the export is audited',
    async (item) => {
      const expected = await listRows(item);
      expect(expected.length, `${item.list} has rows for ${item.filter}`).toBeGreaterThan(0);
      const exported = await call(t, {
        method: 'GET',
        url: `${item.path}/export?${item.filter}`,
        cookie: admin,
      });
      expect(exported.statusCode, exported.body).toBe(200);
      expect(exported.headers['content-type']).toMatch(/text\/csv/);
      expect(exported.headers['content-disposition']).toMatch(
        new RegExp(`mission-control-${item.list}-.*\\.csv`),
      );
      const columns = item.columns as readonly ExportColumn<unknown>[];
      const body =
        csvLine(columns.map((column) => column.header)) +
        expected.map((row) => csvLine(columns.map((column) => column.value(row)))).join('');
      expect(exported.body).toBe(body);

      const [event] = (await eventsOfType(t, 'export.created')).slice(-1);
      expect(event?.payload).toEqual({ list: item.list, format: 'csv', filter: item.audited });
    },
  );

  it.each(CASES)('$list: refused where the list is', async (item) => {
    const url = `${item.path}/export?${item.filter}`;
    expect((await call(t, { method: 'GET', url, cookie: member })).statusCode).toBe(403);
    if (item.refused) {
      const { cookie } = await staffCookie(t, item.refused);
      const response = await call(t, { method: 'GET', url, cookie });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
  });

  it('keeps a spreadsheet from running a cell, and pages past one export page', async () => {
    const products = await call(t, { method: 'GET', url: '/api/admin/products/export', cookie: admin });
    expect(products.body).toContain(",'=2+3 formula,");
    const stones = await call(t, { method: 'GET', url: '/api/admin/stones/export', cookie: admin });
    const ids = stones.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids.length).toBeGreaterThan(500);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a bad filter with 400 naming the field', async () => {
    const response = await call(t, {
      method: 'GET',
      url: '/api/admin/orders/export?status=lost',
      cookie: admin,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().details)).toContain('query.status');
  });
});
