import type { ServerModule } from '../../platform/module.ts';
import { systemRoutes } from './routes.ts';

/** The System tab: health, environment, row counts, timings, jobs and settings. */
export const system: ServerModule = { name: 'system', routes: systemRoutes };
