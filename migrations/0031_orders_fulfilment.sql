-- The Orders panel (read-only: orders are managed in Stripe). Fulfilment as Stripe or the shop
-- reports it, the customer's email and shipping address when the checkout carried them, and the
-- checkout's Stripe ids, so a payment and its order find each other whichever webhook comes first.
ALTER TABLE orders
  ADD COLUMN fulfilment text NOT NULL DEFAULT 'unfulfilled'
    CHECK (fulfilment IN ('unfulfilled', 'shipped', 'delivered', 'returned')),
  ADD COLUMN carrier text NULL,
  ADD COLUMN tracking_number text NULL,
  ADD COLUMN shipped_at timestamptz NULL,
  ADD COLUMN customer_email text NULL,
  ADD COLUMN shipping_address jsonb NULL,
  ADD COLUMN stripe_checkout_session_id text NULL UNIQUE,
  ADD COLUMN stripe_payment_intent_id text NULL;

-- Keyset paging newest first, alone or within a status or a fulfilment state.
CREATE INDEX idx_orders_time ON orders (created_at DESC, id DESC);
CREATE INDEX idx_orders_status_time ON orders (status, created_at DESC, id DESC);
CREATE INDEX idx_orders_fulfilment_time ON orders (fulfilment, created_at DESC, id DESC);
CREATE INDEX idx_orders_customer_email ON orders (lower(customer_email)) WHERE customer_email IS NOT NULL;
CREATE INDEX idx_orders_intent ON orders (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
