import type { PaymentRow } from '../../../../contracts/stripe.ts';
import type { ExportColumn } from '../../../platform/export.ts';

/** The Stripe tab's Payments list's columns, as the list answers them. */
export const PAYMENT_EXPORT_COLUMNS: ExportColumn<PaymentRow>[] = [
  { header: 'id', value: (row) => row.id },
  { header: 'chargeId', value: (row) => row.chargeId },
  { header: 'paymentIntentId', value: (row) => row.paymentIntentId },
  { header: 'amountCents', value: (row) => row.amountCents },
  { header: 'refundedCents', value: (row) => row.refundedCents },
  { header: 'currency', value: (row) => row.currency },
  { header: 'status', value: (row) => row.status },
  { header: 'customerEmail', value: (row) => row.customerEmail },
  { header: 'orderNumber', value: (row) => row.orderNumber },
  { header: 'createdAt', value: (row) => row.createdAt },
  { header: 'dashboardUrl', value: (row) => row.dashboardUrl },
];
