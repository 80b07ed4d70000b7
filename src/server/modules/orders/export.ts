import type { OrderRow } from '../../../contracts/orders.ts';
import type { ExportColumn } from '../../platform/export.ts';

/** The Orders list's columns, as the list answers them. */
export const ORDER_EXPORT_COLUMNS: ExportColumn<OrderRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'number', value: (row) => row.number },
  { header: 'customerEmail', value: (row) => row.customer.email },
  { header: 'status', value: (row) => row.status },
  { header: 'total', value: (row) => row.total },
  { header: 'currency', value: (row) => row.currency },
  { header: 'items', value: (row) => row.itemsCount },
  { header: 'chargeId', value: (row) => row.payment?.chargeId },
  { header: 'paymentStatus', value: (row) => row.payment?.status },
  { header: 'fulfilment', value: (row) => row.fulfilment },
  { header: 'carrier', value: (row) => row.carrier },
  { header: 'trackingNumber', value: (row) => row.trackingNumber },
  { header: 'shippedAt', value: (row) => row.shippedAt },
  { header: 'createdAt', value: (row) => row.createdAt },
];
