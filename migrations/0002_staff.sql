-- Staff are users with a row here; deleting the row makes them a plain user again.
CREATE TABLE admin_users (
  user_id           uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  role              text NOT NULL CHECK (role IN ('super_admin', 'admin', 'developer', 'support', 'moderator')),
  -- AES-256-GCM with a key derived from MC_SECRET_KEY; never the plain secret
  totp_secret_enc   text,
  totp_enrolled_at  timestamptz,
  -- the highest TOTP time-step accepted so far: a code is good once
  totp_last_counter bigint,
  granted_by        uuid,
  granted_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
