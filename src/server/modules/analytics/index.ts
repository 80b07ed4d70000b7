import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** The Analytics tab: time-ranged figures from the rollup tables, and their retention. */
export const analytics: ServerModule = { name: 'analytics', routes, jobs };

export { analyticsFigures } from './service.ts';
