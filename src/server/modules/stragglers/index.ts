import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** Catch Stragglers: idle students, tone-tagged drafts, approve each, then send. */
export const stragglers: ServerModule = { name: 'stragglers', routes, jobs };
