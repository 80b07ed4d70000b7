-- What the Stripe webhooks and the Stripe tab's sync keep about payments: the state Stripe reports
-- (status, refunded amount, customer email, payment intent), and when that state was last applied,
-- so an older event arriving late never rolls a newer state back.
ALTER TABLE payments
  ADD COLUMN stripe_payment_intent_id text NULL,
  ADD COLUMN customer_email text NULL,
  ADD COLUMN refunded_cents int NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  ADD COLUMN failure_message text NULL,
  ADD COLUMN livemode boolean NOT NULL DEFAULT false,
  ADD COLUMN stripe_created_at timestamptz NULL,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded'));
CREATE INDEX idx_payments_time ON payments (created_at DESC, id DESC);
CREATE INDEX idx_payments_intent ON payments (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
CREATE INDEX idx_payments_order ON payments (order_id) WHERE order_id IS NOT NULL;

-- Refunds made in Stripe itself (dashboard, API) arrive by webhook or sync: `origin` tells them from
-- the console's, and a Stripe refund id is recorded once.
ALTER TABLE refunds ADD COLUMN origin text NOT NULL DEFAULT 'console' CHECK (origin IN ('console', 'stripe'));
CREATE UNIQUE INDEX idx_refunds_stripe_id ON refunds (stripe_refund_id) WHERE stripe_refund_id IS NOT NULL;

-- The latest delivery per provider (Stripe tab header, System tab health).
CREATE INDEX idx_webhook_events_received ON webhook_events (provider, received_at DESC);

-- Sync runs of the Stripe tab. At most one runs at a time (the partial unique index); a run whose
-- heartbeat stopped (its process died) is marked interrupted by the next one, which starts over
-- from the last finished run: upserts make the overlap harmless.
CREATE TABLE stripe_syncs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  since        timestamptz NULL,
  pages        int NOT NULL DEFAULT 0,
  seen         int NOT NULL DEFAULT 0,
  created      int NOT NULL DEFAULT 0,
  updated      int NOT NULL DEFAULT 0,
  unchanged    int NOT NULL DEFAULT 0,
  error        text NULL,
  started_by   uuid NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz NULL
);
CREATE UNIQUE INDEX idx_stripe_syncs_one_running ON stripe_syncs ((true)) WHERE status = 'running';
CREATE INDEX idx_stripe_syncs_started ON stripe_syncs (started_at DESC);
