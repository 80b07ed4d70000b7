import type { Fulfilment, OrderStatus } from '../../../../contracts/orders.ts';
import { Badge, type Tone } from '../../../components/ui/badge.tsx';

const STATUS_TONE: Record<OrderStatus, Tone> = {
  pending: 'amber',
  paid: 'blue',
  fulfilled: 'green',
  refunded: 'violet',
  cancelled: 'neutral',
};
const FULFILMENT_TONE: Record<Fulfilment, Tone> = {
  unfulfilled: 'neutral',
  shipped: 'blue',
  delivered: 'green',
  returned: 'amber',
};

export const OrderStatusBadge = ({ status }: { status: OrderStatus }) => (
  <Badge tone={STATUS_TONE[status]}>{status}</Badge>
);
export const FulfilmentBadge = ({ fulfilment }: { fulfilment: Fulfilment }) => (
  <Badge tone={FULFILMENT_TONE[fulfilment]}>{fulfilment}</Badge>
);

export function money(amount: string | number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(
    Number(amount),
  );
}
