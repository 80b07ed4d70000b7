import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** Refund: a Stripe charge and its token deduction, idempotent on both sides. */
export const refunds: ServerModule = { name: 'refunds', routes, jobs };
