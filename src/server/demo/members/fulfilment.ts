import type { MemberStep } from './plan.ts';

/**
 * Fulfilment of the demo orders (Orders panel): fulfilled orders shipped (30 %) or delivered, a
 * fifth of the paid ones on their way, half of the refunded ones returned; a carrier, a tracking
 * number and a ship time one to four days after the order (never in the future).
 */
export const orderFulfilment: MemberStep = {
  name: 'order fulfilment',
  table: 'orders',
  run: (db, _plan, { r, pick, hash }) =>
    db.query(`
      UPDATE orders o SET
        fulfilment = f.fulfilment,
        carrier = CASE WHEN f.fulfilment <> 'unfulfilled' THEN f.carrier END,
        tracking_number = CASE WHEN f.fulfilment <> 'unfulfilled'
                               THEN upper(left(f.carrier, 2)) || lpad(abs(f.code % 10000000000)::text, 10, '0') END,
        shipped_at = CASE WHEN f.fulfilment <> 'unfulfilled'
                          THEN least(now(), o.created_at + make_interval(hours => 24 + floor(f.r * 72)::int)) END
        FROM (SELECT d.order_id, d.r, d.code, d.carrier,
                     CASE WHEN d.status = 'fulfilled' THEN CASE WHEN d.r < 0.3 THEN 'shipped' ELSE 'delivered' END
                          WHEN d.status = 'paid' AND d.r < 0.2 THEN 'shipped'
                          WHEN d.status = 'refunded' AND d.r < 0.5 THEN 'returned'
                          ELSE 'unfulfilled' END AS fulfilment
                FROM (SELECT DISTINCT ON (i.order_id) i.order_id, ${r('i.key')} AS r, ${hash('i.key')} AS code,
                             ${pick(['UPS', 'USPS', 'FedEx', 'DHL'], 'i.key')} AS carrier, o2.status
                        FROM demo_items i JOIN orders o2 ON o2.id = i.order_id
                       ORDER BY i.order_id) d) f
       WHERE o.id = f.order_id`),
};
