import type { ServerModule } from '../../platform/module.ts';
import { stragglerRoutes } from './routes.ts';

/** Catch Stragglers: idle students, tone-tagged drafts, approve each, then send. */
export const stragglers: ServerModule = { name: 'stragglers', routes: stragglerRoutes };
