import type { Database } from '../db/client.ts';
import { type CatalogCount, type CatalogStep, DEMO_CATEGORIES } from './catalog/plan.ts';
import {
  categories,
  linkOrderItems,
  productCategories,
  productPlan,
  products,
  searchQueries,
  shopperPlan,
} from './catalog/products.ts';
import {
  attachments,
  linkSubmissionProducts,
  submissionPlan,
  submissionProductCategories,
  submissionProducts,
  submissions,
} from './catalog/submissions.ts';
import { checkSeed, DEFAULT_DEMO_SEED, runDemoSteps, stopwatch } from './steps.ts';

export { DEMO_CATEGORIES } from './catalog/plan.ts';

/**
 * The demo catalog: eight categories, a few hundred products (the twelve the demo orders sold among
 * them, so their order lines now point at products), 90 days of shopper searches, and ~60 submissions
 * in every state with attachments. Deterministic and set-based like the members seed; runs after it
 * (it links the members' order lines and picks submitters among the demo members).
 */
export const DEMO_PRODUCTS_DEFAULT = 300;

export type SeedCatalogOptions = {
  products?: number;
  submissions?: number;
  searchQueries?: number;
  seed?: string;
  log?: (line: string) => void;
  rebuildIndexes?: boolean;
};

export type SeedCatalogResult = { created: boolean; timings: Record<string, number> } & Record<
  CatalogCount,
  number
>;

/** The steps, in order: categories and products, their links, searches, then submissions. */
export const CATALOG_STEPS: readonly CatalogStep[] = [
  categories,
  productPlan,
  products,
  productCategories,
  linkOrderItems,
  shopperPlan,
  searchQueries,
  submissionPlan,
  submissions,
  submissionProducts,
  submissionProductCategories,
  linkSubmissionProducts,
  attachments,
];

const NO_COUNTS: Record<CatalogCount, number> = {
  categories: 0,
  products: 0,
  productCategories: 0,
  orderItemsLinked: 0,
  searchQueries: 0,
  submissions: 0,
  submissionProducts: 0,
  attachments: 0,
};

/** True when a demo category exists. */
export async function hasDemoCatalog(database: Database): Promise<boolean> {
  const rows = await database.sql.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM categories WHERE slug = ANY($1)) AS any`,
    [DEMO_CATEGORIES.map(([, slug]) => slug)],
  );
  return rows[0]?.any === true;
}

/** Creates the demo catalog (`CATALOG_STEPS`); nothing when it exists already (`created: false`). */
export async function seedDemoCatalog(
  database: Database,
  options: SeedCatalogOptions = {},
): Promise<SeedCatalogResult> {
  const plan = {
    seed: checkSeed(options.seed ?? DEFAULT_DEMO_SEED),
    products: options.products ?? DEMO_PRODUCTS_DEFAULT,
    submissions: options.submissions ?? 60,
    searchQueries: options.searchQueries ?? 5_000,
  };
  for (const [name, value] of Object.entries(plan))
    if (
      name !== 'seed' &&
      (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 50_000_000)
    )
      throw new Error(`${name} must be a whole number from 0 to 50,000,000 (got ${value})`);
  if (plan.products < 12) throw new Error('products must be at least 12 (the demo orders sell twelve)');
  const log = options.log ?? (() => {});
  if (await hasDemoCatalog(database)) {
    log('demo catalog exists already: nothing added');
    return { created: false, ...NO_COUNTS, timings: {} };
  }
  const watch = stopwatch(log);
  const counts = await runDemoSteps(database, CATALOG_STEPS, plan, {
    counts: NO_COUNTS,
    watch,
    rebuildIndexes: options.rebuildIndexes ?? plan.products >= 100_000,
  });
  return { created: true, ...counts, timings: watch.timings };
}
