import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** Grant Tokens, Drift Scan and Morning Brief: each previews, then commits idempotently and audited. */
export const actions: ServerModule = { name: 'actions', routes, jobs };
