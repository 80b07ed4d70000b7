import { z } from 'zod';
import { AuditEvent } from './audit.ts';
import { EXPORT_OMIT } from './lists.ts';

export const ORDER_STATUSES = ['pending', 'paid', 'fulfilled', 'refunded', 'cancelled'] as const;
export const FULFILMENTS = ['unfulfilled', 'shipped', 'delivered', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type Fulfilment = (typeof FULFILMENTS)[number];

const isoTime = z.iso.datetime({ offset: true });

/** The Orders panel's list: read-only (orders are managed in Stripe), newest first, keyset-paged. */
export const OrdersQuery = z.strictObject({
  /** An order number (exact, or its start) or a customer email (exact, case-insensitive). */
  query: z
    .string()
    .trim()
    .max(200)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  fulfilment: z.enum(FULFILMENTS).optional(),
  /** Half-open range on the order's time: from ≤ t < to. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type OrdersQuery = z.infer<typeof OrdersQuery>;
/** `GET …/export`: the Orders list's filters (and sort), every page. */
export const OrdersExportQuery = OrdersQuery.omit(EXPORT_OMIT);
export type OrdersExportQuery = z.infer<typeof OrdersExportQuery>;

export const OrderPayment = z.object({
  chargeId: z.string(),
  status: z.string(),
  amountCents: z.number().int(),
  refundedCents: z.number().int(),
  dashboardUrl: z.string(),
});

export const OrderRow = z.object({
  id: z.string(),
  number: z.string(),
  customer: z.object({ id: z.string().nullable(), email: z.string().nullable() }),
  status: z.enum(ORDER_STATUSES),
  /** Decimal string, e.g. "129.90". */
  total: z.string(),
  currency: z.string(),
  itemsCount: z.number().int(),
  payment: OrderPayment.nullable(),
  fulfilment: z.enum(FULFILMENTS),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderRow = z.infer<typeof OrderRow>;

export const OrdersResponse = z.object({ rows: z.array(OrderRow), nextCursor: z.string().nullable() });
export type OrdersResponse = z.infer<typeof OrdersResponse>;

export const OrderIdParams = z.object({ id: z.guid('must be an order id') });

export const OrderDetail = z.object({
  order: OrderRow,
  items: z.array(
    z.object({
      id: z.string(),
      /** The catalog product, when the item names one. */
      productId: z.string().nullable(),
      title: z.string(),
      quantity: z.number().int(),
      unitPrice: z.string(),
    }),
  ),
  payments: z.array(OrderPayment),
  refunds: z.array(
    z.object({
      id: z.string(),
      chargeId: z.string(),
      amountCents: z.number().int(),
      status: z.string(),
      origin: z.string(),
      reason: z.string(),
      createdAt: z.string(),
    }),
  ),
  /** Null when there is none, or when the viewer may not see PII (`shippingHidden`). */
  shippingAddress: z.record(z.string(), z.unknown()).nullable(),
  shippingHidden: z.boolean(),
  timeline: z.array(AuditEvent),
});
export type OrderDetail = z.infer<typeof OrderDetail>;
