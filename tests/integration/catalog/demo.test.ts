import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedCatalogResult, seedDemoCatalog } from '../../../src/server/demo/catalog.ts';
import { seedDemoMembers } from '../../../src/server/demo/members.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

/** The demo catalog (first start, `npm run demo:seed`): deterministic, linked to the demo orders. */
let a: TestDatabase;
let b: TestDatabase;
let first: SeedCatalogResult;
let second: SeedCatalogResult;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedDemoMembers(a, { members: 300 });
  await seedDemoMembers(b, { members: 300 });
  first = await seedDemoCatalog(a);
  second = await seedDemoCatalog(b);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

const one = async <T>(database: TestDatabase, query: string) => (await database.sql.query<T>(query))[0]!;

describe('seedDemoCatalog', () => {
  it('is deterministic and reports what it wrote', async () => {
    const { timings: _a, ...firstCounts } = first;
    const { timings: _b, ...secondCounts } = second;
    expect(secondCounts).toEqual(firstCounts);
    expect(first).toMatchObject({
      created: true,
      categories: 8,
      products: 300,
      submissions: 60,
      searchQueries: 5000,
    });
    const ids = (database: TestDatabase) =>
      database.sql.query<{ id: string }>(`SELECT id::text AS id FROM products ORDER BY id`);
    expect(await ids(b)).toEqual(await ids(a));
    expect((await seedDemoCatalog(a)).created).toBe(false);
  });

  it('links every demo order line to the product it sold', async () => {
    const row = await one<{ unlinked: number; linked: number }>(
      a,
      `SELECT count(*) FILTER (WHERE product_id IS NULL)::int AS unlinked,
              count(*) FILTER (WHERE product_id IS NOT NULL)::int AS linked FROM order_items`,
    );
    expect(row.unlinked).toBe(0);
    expect(row.linked).toBe(first.orderItemsLinked);
  });

  it('has low, empty (selling and not) and stale products, and submissions in every state', async () => {
    const stock = await one<Record<string, number>>(
      a,
      `SELECT count(*) FILTER (WHERE stock = 0 AND continue_selling_when_out_of_stock)::int AS zero_selling,
              count(*) FILTER (WHERE stock = 0 AND NOT continue_selling_when_out_of_stock)::int AS zero_stopped,
              count(*) FILTER (WHERE stock BETWEEN 1 AND 5)::int AS low,
              count(*) FILTER (WHERE search_indexed_at < updated_at)::int AS stale
         FROM products`,
    );
    for (const value of Object.values(stock)) expect(value).toBeGreaterThan(0);
    const states = await a.sql.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM submissions GROUP BY status ORDER BY status`,
    );
    expect(states.map((row) => row.status)).toEqual(['approved', 'pending', 'rejected']);
    const approved = await one<{ n: number; linked: number }>(
      a,
      `SELECT count(*)::int AS n, count(p.id)::int AS linked FROM submissions s
         LEFT JOIN products p ON p.id = s.product_id AND p.submission_id = s.id WHERE s.status = 'approved'`,
    );
    expect(approved.linked).toBe(approved.n);
    expect(first.attachments).toBeGreaterThan(0);
    const days = await one<{ days: number }>(
      a,
      `SELECT extract(day FROM max(created_at) - min(created_at))::int AS days FROM search_queries`,
    );
    expect(days.days).toBeGreaterThanOrEqual(85);
  });
});
