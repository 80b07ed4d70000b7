import type { ServerModule } from '../../platform/module.ts';
import { routes } from './routes.ts';

/** The Orders panel (read-only); what Stripe's webhooks and sync may change on an order is in write.ts. */
export const orders: ServerModule = { name: 'orders', routes };

export { findOrderId, recordCheckout, recordShipment, settleOrderPayment } from './write.ts';
