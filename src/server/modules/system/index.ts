import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The System tab: health, environment, row counts, timings, jobs and settings. */
export const system: ServerModule = { name: 'system', routes };

export { readSettings, writeSetting } from './settings.ts';
