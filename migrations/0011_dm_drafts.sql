-- Catch Stragglers: drafted messages to idle students; nothing is sent until a person approves it.
CREATE TABLE dm_drafts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  course_id           uuid NULL REFERENCES courses (id) ON DELETE SET NULL,
  channel             text NOT NULL CHECK (channel IN ('discord', 'email')),
  tone                text NOT NULL CHECK (tone IN ('encouraging', 'direct', 'check_in')),
  body                text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  -- unconfirmed: the send failed in a way that may have delivered it; a person must look (no re-approve)
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'sending', 'sent', 'failed', 'unconfirmed', 'discarded')),
  error               text,
  attempts            int NOT NULL DEFAULT 0,
  provider_message_id text,
  created_by          uuid,
  approved_by         uuid,
  approved_at         timestamptz,
  sent_at             timestamptz,
  version             int NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- One live draft per student and course: drafting twice does not pile up messages.
CREATE UNIQUE INDEX idx_dm_drafts_live ON dm_drafts (user_id, coalesce(course_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE status IN ('draft', 'approved', 'sending', 'unconfirmed');
CREATE INDEX idx_dm_drafts_status ON dm_drafts (status, created_at DESC);
