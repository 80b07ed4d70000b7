import { type SQL, sql } from 'drizzle-orm';
import type { OrderDetail, OrderRow, OrdersQuery, OrdersResponse } from '../../../contracts/orders.ts';
import { stripeDashboardUrl } from '../../../contracts/stripe.ts';
import { type Db, rows } from '../../db/client.ts';
import { EVENT_COLUMNS, type EventRow, toAuditEvent } from '../../platform/audit/rows.ts';
import { afterCursor, keysetPage, whereAll } from '../../platform/lists.ts';

type Mode = 'test' | 'live' | null;
const iso = (value: Date | string) => new Date(value).toISOString();

type Record_ = {
  id: string;
  number: string;
  user_id: string | null;
  email: string | null;
  status: OrderRow['status'];
  total: string;
  currency: string;
  items_count: number;
  charge_id: string | null;
  payment_status: string | null;
  amount_cents: number | null;
  refunded_cents: number | null;
  fulfilment: OrderRow['fulfilment'];
  carrier: string | null;
  tracking_number: string | null;
  shipped_at: Date | string | null;
  created_at: Date | string;
  position: string;
};

/** The columns of a row, for `orders o`: the page's rows only get the item count and latest payment. */
const ROW = sql`o.id::text AS id, o.number, o.user_id::text AS user_id, coalesce(o.customer_email, u.email) AS email,
  o.status, o.total::text AS total, o.currency,
  (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS items_count,
  p.stripe_charge_id AS charge_id, p.status AS payment_status, p.amount_cents, p.refunded_cents,
  o.fulfilment, o.carrier, o.tracking_number, o.shipped_at, o.created_at,
  to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;
const JOINS = sql`LEFT JOIN users u ON u.id = o.user_id
  LEFT JOIN LATERAL (SELECT stripe_charge_id, status, amount_cents, refunded_cents FROM payments
                      WHERE order_id = o.id ORDER BY created_at DESC LIMIT 1) p ON true`;

function toRow(row: Record_, mode: Mode): OrderRow {
  return {
    id: row.id,
    number: row.number,
    customer: { id: row.user_id, email: row.email },
    status: row.status,
    total: row.total,
    currency: row.currency,
    itemsCount: row.items_count,
    payment: row.charge_id
      ? {
          chargeId: row.charge_id,
          status: row.payment_status ?? 'unknown',
          amountCents: row.amount_cents ?? 0,
          refundedCents: row.refunded_cents ?? 0,
          dashboardUrl: stripeDashboardUrl(mode, row.charge_id),
        }
      : null,
    fulfilment: row.fulfilment,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    shippedAt: row.shipped_at ? iso(row.shipped_at) : null,
    createdAt: iso(row.created_at),
  };
}

/**
 * Orders newest first, keyset-paged by (created_at, id), searched by number (exact or start) or by
 * customer email (exact), filtered by status, fulfilment and time. Reads only.
 */
export async function listOrders(
  db: Db,
  query: OrdersQuery,
  options: { cursorKey: Buffer | string; mode: Mode },
): Promise<OrdersResponse> {
  const conditions: SQL[] = [];
  let matched = sql``;
  if (query.query) {
    const q = query.query;
    if (q.includes('@')) {
      // A customer's few orders, found by their indexes first (materialized, so the planner cannot
      // choose to walk every order newest first looking for them), then sorted.
      const email = q.toLowerCase();
      matched = sql`WITH matched AS MATERIALIZED (
          SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = ${email}
          UNION SELECT id FROM orders WHERE lower(customer_email) = ${email}) `;
      conditions.push(sql`o.id IN (SELECT id FROM matched)`);
    } else {
      // A whole number is one order (the unique index); otherwise numbers starting with the text.
      const [exact] = await rows<{ id: string }>(
        db,
        sql`SELECT id::text AS id FROM orders WHERE number = ${q}`,
      );
      conditions.push(
        exact ? sql`o.number = ${q}` : sql`o.number LIKE ${`${q.replace(/[\\%_]/g, '\\$&')}%`}`,
      );
    }
  }
  if (query.status) conditions.push(sql`o.status = ${query.status}`);
  if (query.fulfilment) conditions.push(sql`o.fulfilment = ${query.fulfilment}`);
  if (query.from) conditions.push(sql`o.created_at >= ${query.from}::timestamptz`);
  if (query.to) conditions.push(sql`o.created_at < ${query.to}::timestamptz`);
  const after = afterCursor(options.cursorKey, query.cursor);
  if (after) conditions.push(sql`(o.created_at, o.id) < (${after.v}::timestamptz, ${after.id}::uuid)`);
  // The page first (on the index alone), then its rows' extras.
  const found = await rows<Record_>(
    db,
    sql`${matched}SELECT ${ROW} FROM (SELECT * FROM orders o
          ${whereAll(conditions)}
          ORDER BY o.created_at DESC, o.id DESC LIMIT ${query.pageSize + 1}) o ${JOINS}
        ORDER BY o.created_at DESC, o.id DESC`,
  );
  const page = keysetPage(options.cursorKey, found, query.pageSize, (last) => ({
    v: last.position,
    id: last.id,
  }));
  return { rows: page.shown.map((row) => toRow(row, options.mode)), nextCursor: page.nextCursor };
}

/** One order for the drawer: items, payments, refunds, shipping address (view_pii only) and timeline. */
export async function orderDetail(
  db: Db,
  id: string,
  options: { mode: Mode; canViewPii: boolean },
): Promise<OrderDetail | null> {
  const [row] = await rows<Record_>(db, sql`SELECT ${ROW} FROM orders o ${JOINS} WHERE o.id = ${id}::uuid`);
  if (!row) return null;
  const [items, payments, refunds, address, events] = await Promise.all([
    rows<{
      id: string;
      product_id: string | null;
      sku: string | null;
      title: string;
      quantity: number;
      unit_price: string;
    }>(
      db,
      sql`SELECT i.id::text AS id, i.product_id::text AS product_id, p.sku, i.title, i.quantity,
                 i.unit_price::text AS unit_price
            FROM order_items i LEFT JOIN products p ON p.id = i.product_id
           WHERE i.order_id = ${id}::uuid ORDER BY i.id`,
    ),
    rows<{ stripe_charge_id: string; status: string; amount_cents: number; refunded_cents: number }>(
      db,
      sql`SELECT stripe_charge_id, status, amount_cents, refunded_cents FROM payments
           WHERE order_id = ${id}::uuid ORDER BY created_at`,
    ),
    rows<{
      id: string;
      charge_id: string;
      amount_cents: number;
      status: string;
      origin: string;
      reason: string;
      created_at: Date | string;
    }>(
      db,
      sql`SELECT r.id::text AS id, p.stripe_charge_id AS charge_id, r.amount_cents, r.status, r.origin, r.reason, r.created_at
            FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = ${id}::uuid ORDER BY r.created_at`,
    ),
    options.canViewPii
      ? rows<{ address: Record<string, unknown> | null }>(
          db,
          sql`SELECT coalesce(o.shipping_address,
                 (SELECT jsonb_build_object('name', a.name, 'line1', a.line1, 'line2', a.line2, 'city', a.city,
                                            'region', a.region, 'postal_code', a.postal_code, 'country', a.country)
                    FROM addresses a WHERE a.user_id = o.user_id AND a.kind = 'shipping'
                   ORDER BY a.is_default DESC, a.created_at LIMIT 1)) AS address
                FROM orders o WHERE o.id = ${id}::uuid`,
        )
      : Promise.resolve([]),
    rows<EventRow>(
      db,
      sql`SELECT ${EVENT_COLUMNS} FROM events
           WHERE ((subject_type = 'order' AND subject_id = ${id})
              OR (subject_type = 'payment' AND subject_id IN (SELECT stripe_charge_id FROM payments WHERE order_id = ${id}::uuid)))
             AND position IS NOT NULL
           ORDER BY events.position DESC LIMIT 100`,
    ),
  ]);
  return {
    order: toRow(row, options.mode),
    items: items.map((item) => ({
      id: item.id,
      productId: item.product_id,
      sku: item.sku,
      title: item.title,
      quantity: item.quantity,
      unitPrice: item.unit_price,
    })),
    payments: payments.map((payment) => ({
      chargeId: payment.stripe_charge_id,
      status: payment.status,
      amountCents: payment.amount_cents,
      refundedCents: payment.refunded_cents,
      dashboardUrl: stripeDashboardUrl(options.mode, payment.stripe_charge_id),
    })),
    refunds: refunds.map((refund) => ({
      id: refund.id,
      chargeId: refund.charge_id,
      amountCents: refund.amount_cents,
      status: refund.status,
      origin: refund.origin,
      reason: refund.reason,
      createdAt: iso(refund.created_at),
    })),
    shippingAddress: address[0]?.address ?? null,
    shippingHidden: !options.canViewPii,
    timeline: events.map((event) => toAuditEvent(event, options.canViewPii)),
  };
}
