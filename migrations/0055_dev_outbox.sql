-- Development's local outbox: with no SMTP_URL in development (MAIL_OUTBOX), mail is not lost but
-- kept here in full, beside its `emails` row, so staff can read a reset link or a straggler's
-- message in the console (System → Outbox). Never used when SMTP is configured.
CREATE TABLE dev_outbox (
  id          bigserial PRIMARY KEY,
  email_id    bigint NOT NULL REFERENCES emails (id) ON DELETE CASCADE,
  to_address  text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_dev_outbox_time ON dev_outbox (created_at DESC, id DESC);
