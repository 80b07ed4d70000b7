-- The card a refund is recorded on (missions/board.ts): the card it was taken from, or the SHIPPED
-- card it made; its outcome (succeeded, failed), written later or by reconciliation, joins that card.
ALTER TABLE refunds ADD COLUMN mission_id uuid NULL REFERENCES missions (id) ON DELETE SET NULL;
