-- Payments taken through Stripe, and refunds of them. A refund row is written BEFORE Stripe is
-- called; its id keys both the Stripe refund (Idempotency-Key) and the token deduction (source id),
-- so a retry or a reconciliation after a crash finishes the missing side and repeats neither.
CREATE TABLE payments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id         uuid NULL REFERENCES orders (id) ON DELETE SET NULL,
  user_id          uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  stripe_charge_id text NOT NULL UNIQUE,
  amount_cents     int NOT NULL CHECK (amount_cents > 0),
  currency         text NOT NULL DEFAULT 'usd',
  status           text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('succeeded', 'refunded', 'partially_refunded')),
  -- tokens this purchase awarded; a refund takes back its share
  tokens_awarded   int NOT NULL DEFAULT 0 CHECK (tokens_awarded >= 0),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_payments_user ON payments (user_id, created_at DESC);

CREATE TABLE refunds (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id       uuid NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
  amount_cents     int NOT NULL CHECK (amount_cents > 0),
  tokens_to_deduct int NOT NULL DEFAULT 0 CHECK (tokens_to_deduct >= 0),
  reason           text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  stripe_refund_id text NULL,
  error            text NULL,
  attempts         int NOT NULL DEFAULT 0,
  requested_by     uuid NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz NULL
);
CREATE INDEX idx_refunds_payment ON refunds (payment_id);
CREATE INDEX idx_refunds_pending ON refunds (created_at) WHERE status = 'pending';
