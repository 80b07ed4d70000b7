-- Accounts: everyone who signs in. better-auth reads and writes these through Drizzle
-- (users, sessions, user_identities = its account table, verifications).
CREATE TABLE users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text NOT NULL UNIQUE,
  name               text NOT NULL DEFAULT '',
  email_verified     boolean NOT NULL DEFAULT false,
  first_name         text,
  last_name          text,
  picture_url        text,
  auth_provider      text CHECK (auth_provider IN ('password', 'google', 'both')),
  email_verified_at  timestamptz,
  last_login_at      timestamptz,
  last_ip            inet,
  last_user_agent    text,
  mfa_enabled        boolean NOT NULL DEFAULT false,
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
  stripe_customer_id text,
  marketing_opt_in   boolean NOT NULL DEFAULT false,
  onboarded_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_users_last_login ON users (last_login_at DESC NULLS LAST);
CREATE INDEX idx_users_created ON users (created_at DESC);

CREATE TABLE sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token        text NOT NULL UNIQUE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at   timestamptz NOT NULL,
  ip           inet,
  user_agent   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- when this session last passed the staff TOTP step-up
  step_up_at   timestamptz
);
CREATE INDEX idx_sessions_user_seen ON sessions (user_id, last_seen_at DESC);

CREATE TABLE user_identities (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id                  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider                 text NOT NULL,
  provider_user_id         text NOT NULL,
  email                    text,
  password                 text,
  access_token             text,
  refresh_token            text,
  id_token                 text,
  access_token_expires_at  timestamptz,
  refresh_token_expires_at timestamptz,
  scope                    text,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_user_id)
);
CREATE INDEX idx_user_identities_user ON user_identities (user_id);

CREATE TABLE verifications (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identifier text NOT NULL,
  value      text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_verifications_identifier ON verifications (identifier);
