import type { Db } from '../../db/client.ts';
import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';
import { searchIndexStatus } from './service/list-products.ts';

/** The catalog's search index as the System tab's health reads it. */
async function searchIndexHealth(db: Db) {
  const status = await searchIndexStatus(db);
  return {
    state: status.state,
    staleCount: status.stale,
    lastReindexAt: status.lastIndexedAt,
    reason: null,
  };
}

/** The catalog: Products, Categories and Submissions tabs, and the stale search-index job. */
export const catalog: ServerModule = {
  name: 'catalog',
  routes,
  jobs,
  health: { searchIndex: searchIndexHealth },
};

export { searchProducts } from './service/search-products.ts';
export { searchIndexStatus };
