import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** The catalog: Products, Categories and Submissions tabs, and the stale search-index job. */
export const catalog: ServerModule = { name: 'catalog', routes, jobs };

export { searchIndexStatus } from './service/list-products.ts';
export { searchProducts } from './service/search-products.ts';
