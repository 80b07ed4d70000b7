import { countInserted, createScratch, sqlArray } from '../steps.ts';
import { PRODUCTS } from './lists.ts';
import { type MemberStep, place } from './plan.ts';

const productTitles = sqlArray(PRODUCTS.map(([title]) => title));
const productPrices = `ARRAY[${PRODUCTS.map(([, price]) => price.toFixed(2)).join(', ')}]::numeric[]`;

/** A default shipping address for 45 % of the members, a billing one too for 25 %. */
export const addresses: MemberStep = {
  name: 'addresses',
  table: 'addresses',
  counts: 'addresses',
  run: (db, _plan, { r, uuid }) =>
    countInserted(
      db,
      `
      INSERT INTO addresses (id, user_id, kind, name, line1, line2, city, region, postal_code, country, is_default, created_at)
      SELECT ${uuid('address', "m.n || '.' || j")}, m.id, CASE WHEN j = 1 THEN 'shipping' ELSE 'billing' END,
             m.first_name || ' ' || m.last_name,
             (1 + floor(${r('m.n * 3 + j')} * 1990))::int || ' ' || (${place(3)})[m.place],
             CASE WHEN ${r('m.n * 3 + j')} < 0.2 THEN 'Apt ' || (1 + floor(${r('m.n * 3 + j')} * 40))::int END,
             (${place(2)})[m.place], (${place(1)})[m.place],
             (${place(4)})[m.place] || lpad(floor(${r('m.n * 3 + j')} * 100)::int::text, 2, '0'),
             (${place(0)})[m.place], j = 1, m.created_at + interval '10 minutes'
        FROM demo_m m CROSS JOIN LATERAL generate_series(1, m.addresses_n) j
       WHERE m.addresses_n > 0`,
    ),
};

/** `demo_items`: each member's orders (0–5) and their items (1–3), one row per item. */
export const orderPlan: MemberStep = {
  name: 'order plan',
  run: (db, _plan, { r, uuid }) =>
    createScratch(
      db,
      'demo_items',
      `
      SELECT o.*, i, 1 + floor(${r('o.key * 4 + i')} * ${PRODUCTS.length})::int AS product,
             1 + floor(${r('o.key * 4 + i')} ^ 3 * 3)::int AS quantity
        FROM (SELECT m.n, m.id AS user_id, j, m.n::bigint * 8 + j AS key,
                     ${uuid('order', "m.n || '.' || j")} AS order_id,
                     m.created_at + ${r('m.n::bigint * 8 + j')} * (now() - m.created_at) AS created_at,
                     ${r('m.n::bigint * 8 + j')} AS r_status,
                     1 + floor(${r('m.n::bigint * 8 + j')} * 3)::int AS items_n
                FROM demo_m m CROSS JOIN LATERAL generate_series(1, m.orders_n) j
               WHERE m.orders_n > 0) o
        CROSS JOIN LATERAL generate_series(1, o.items_n) i`,
    ),
};

/** The orders of `demo_items`; an order's total is the sum of its items. */
export const orders: MemberStep = {
  name: 'orders',
  table: 'orders',
  counts: 'orders',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO orders (id, user_id, number, status, currency, total, created_at)
      SELECT order_id, user_id, 'DM' || lpad(n::text, 8, '0') || '-' || j,
             CASE WHEN r_status < 0.5 THEN 'paid' WHEN r_status < 0.88 THEN 'fulfilled'
                  WHEN r_status < 0.93 THEN 'refunded' WHEN r_status < 0.96 THEN 'cancelled' ELSE 'pending' END,
             'usd', sum(quantity * (${productPrices})[product]), created_at
        FROM demo_items GROUP BY order_id, user_id, n, j, r_status, created_at ORDER BY created_at`,
    ),
};

export const orderItems: MemberStep = {
  name: 'order items',
  table: 'order_items',
  counts: 'orderItems',
  run: (db) =>
    countInserted(
      db,
      `
      INSERT INTO order_items (order_id, product_id, title, quantity, unit_price)
      SELECT order_id, NULL, (${productTitles})[product], quantity, (${productPrices})[product]
        FROM demo_items ORDER BY created_at, order_id, i`,
    ),
};
