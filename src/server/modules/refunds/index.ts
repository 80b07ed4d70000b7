import type { ServerModule } from '../../platform/module.ts';
import { refundRoutes } from './routes.ts';

/** Refund: a Stripe charge and its token deduction, idempotent on both sides. */
export const refunds: ServerModule = { name: 'refunds', routes: refundRoutes };
