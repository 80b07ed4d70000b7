import type { ServerModule } from '../../platform/module.ts';
import { jobs } from './jobs.ts';
import { routes } from './routes.ts';

/** Stripe: the signed webhook receiver, payments as Stripe reports them, sync, and the Stripe tab. */
export const stripe: ServerModule = { name: 'stripe', routes, jobs };

export { lastStripeWebhook } from './service/overview.ts';
