import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ProductsListQuery } from '../src/contracts/catalog.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { seedDemoCatalog } from '../src/server/demo/catalog.ts';
import { mergeCategories } from '../src/server/modules/catalog/service/categories.ts';
import { listProducts, lowStock } from '../src/server/modules/catalog/service/list-products.ts';
import { SYSTEM_CONTEXT } from '../src/server/platform/audit/append.ts';
import { type ServiceCase, timeCases } from './lib/explain.ts';
import { int, ms, now } from './lib/figures.ts';
import type { BenchContext, Benchmark } from './lib/harness.ts';

/** `npm run bench -- catalog --products N` scales a trial run down (searches stay 5 per product). */
const productsArg = process.argv.indexOf('--products');
const PRODUCTS = productsArg > 0 ? Number(process.argv[productsArg + 1]) : 200_000;
const SEARCHES = PRODUCTS * 5;
const CATEGORIES = 2_000;
const MERGE_EACH = Math.min(10_000, Math.floor(PRODUCTS / 4));
const DEEP_ROWS = 5_000;
const PAGE_SIZE = 50;
const TARGET_P95_MS = 50;
const TARGET_MERGE_MS = 2_000;

export const catalogBenchmark: Benchmark = {
  name: 'catalog',
  description: `Products list and % Low Stock at ${int(PRODUCTS)} products, ${int(CATEGORIES)} categories, ${int(SEARCHES)} searches; a merge of two ${int(MERGE_EACH)}-product categories`,
  async run({ url, log }: BenchContext) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      log(`seeding ${int(PRODUCTS)} products and ${int(SEARCHES)} searches (seedDemoCatalog)`);
      const seedStart = now();
      await seedDemoCatalog(database, {
        products: PRODUCTS,
        searchQueries: SEARCHES,
        log: (line) => log(`  ${line}`),
      });
      // The demo has 8 categories; the bench spreads every product over 2,000 more, and makes the
      // two merge candidates of MERGE_EACH products each (overlapping by a tenth).
      await database.sql.exec(`
        INSERT INTO categories (name, slug) SELECT 'Bench ' || n, 'bench-' || n FROM generate_series(1, ${CATEGORIES - 8}) n;
        INSERT INTO product_categories (product_id, category_id)
        SELECT p.id, c.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM products) p
          JOIN categories c ON c.slug = 'bench-' || (1 + p.n % ${CATEGORIES - 8});
        INSERT INTO categories (name, slug) VALUES ('Merge A', 'merge-a'), ('Merge B', 'merge-b');
        INSERT INTO product_categories (product_id, category_id)
        SELECT p.id, c.id FROM (SELECT id, row_number() OVER (ORDER BY sku) AS n FROM products) p
          JOIN categories c ON c.slug = CASE WHEN p.n <= ${MERGE_EACH} THEN 'merge-a' ELSE 'merge-b' END
         WHERE p.n <= ${Math.round(MERGE_EACH * 1.9)};
        ANALYZE categories;`);
      // The steady state autovacuum keeps: visibility maps set, so counts can be index-only scans.
      await database.sql.exec('VACUUM (ANALYZE) products');
      await database.sql.exec('VACUUM (ANALYZE) product_categories');
      log(`seeded in ${((now() - seedStart) / 1000).toFixed(1)} s`);

      const cursorKey = randomBytes(32);
      const threshold = 5;
      const [category] = await database.sql.query<{ id: string; n: string }>(
        `SELECT category_id::text AS id, count(*)::text AS n FROM product_categories pc
           JOIN categories c ON c.id = pc.category_id WHERE c.slug = 'bench-7' GROUP BY 1`,
      );
      const query = (input: Record<string, unknown>) =>
        ProductsListQuery.parse({ pageSize: PAGE_SIZE, ...input });
      log(`following cursors ${DEEP_ROWS / PAGE_SIZE} × ${PAGE_SIZE}`);
      let cursor: string | null = null;
      for (let page = 0; page < DEEP_ROWS / PAGE_SIZE; page++) {
        const answer = await listProducts(database.db, query(cursor ? { cursor } : {}), {
          cursorKey,
          threshold,
        });
        cursor = answer.nextCursor;
        if (!cursor) throw new Error(`walk ended early at page ${page}`);
      }
      const deep = cursor as string;
      const cases: ServiceCase[] = [
        {
          name: 'first page (created_at:desc, 50)',
          run: (db) => listProducts(db, query({}), { cursorKey, threshold }),
        },
        {
          name: `category filter (${int(Number(category?.n ?? 0))} products)`,
          run: (db) => listProducts(db, query({ category: category!.id }), { cursorKey, threshold }),
        },
        {
          name: 'full-text search "orbital mug"',
          run: (db) => listProducts(db, query({ query: 'orbital mug' }), { cursorKey, threshold }),
        },
        {
          name: `page ${int(DEEP_ROWS)} rows deep`,
          run: (db) => listProducts(db, query({ cursor: deep }), { cursorKey, threshold }),
        },
        { name: '% Low Stock card', run: (db) => lowStock(db, threshold) },
      ];
      const { rows, targets, plans } = await timeCases(cases, {
        db: database.db,
        pool,
        targetP95Ms: TARGET_P95_MS,
        log,
      });

      const ids = await database.sql.query<{ slug: string; id: string }>(
        `SELECT slug, id::text AS id FROM categories WHERE slug IN ('merge-a', 'merge-b')`,
      );
      const mergeStart = now();
      const merged = await mergeCategories(
        database,
        { ...SYSTEM_CONTEXT, actor: { id: null, email: 'bench', role: 'cli' } },
        {
          sourceIds: [ids.find((row) => row.slug === 'merge-a')!.id],
          targetId: ids.find((row) => row.slug === 'merge-b')!.id,
        },
        null,
      );
      const mergeMs = now() - mergeStart;
      rows.push({
        case: `merge ${int(MERGE_EACH)} into ${int(Math.round(MERGE_EACH * 0.9))} (moved ${int(merged.moved)})`,
        p50: ms(mergeMs),
        p95: '',
        max: '',
      });
      targets.push({
        name: 'merge of two categories',
        target: `≤ ${TARGET_MERGE_MS} ms`,
        actual: ms(mergeMs),
        pass: mergeMs <= TARGET_MERGE_MS,
      });
      for (const [name, list] of Object.entries(plans))
        for (const plan of list) log(`plan of ${name}:\n${plan}`);
      return {
        tables: [{ title: 'Catalog (service calls on Postgres)', rows }],
        targets,
        data: { products: PRODUCTS, categories: CATEGORIES, searches: SEARCHES, rows, mergeMs, plans },
      };
    } finally {
      await pool.end();
      await database.close();
    }
  },
};
