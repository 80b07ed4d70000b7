-- Community and items (seed 002): teams, campaigns, stones and their batches, posts and flags.
-- Posts are people's private journals: only moderation reads a body, and only of a flagged post.

CREATE TABLE locations (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  latitude   double precision,
  longitude  double precision,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A self-pair is a team of kind 'self_pair': one person paired with themself (README → Definitions).
CREATE TABLE teams (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('self_pair', 'group')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_teams_created ON teams (created_at DESC, id DESC);

CREATE TABLE team_members (
  team_id   uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role      text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX idx_team_members_user ON team_members (user_id);

-- Campaigns move staged → active → closed and never back (the trigger below refuses the rest).
CREATE TABLE campaigns (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id      uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  title        text NOT NULL,
  description  text NOT NULL DEFAULT '',
  status       text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'active', 'closed')),
  starts_at    timestamptz,
  ends_at      timestamptz,
  activated_at timestamptz,
  closed_at    timestamptz,
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'staged' OR activated_at IS NOT NULL),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX idx_campaigns_created ON campaigns (created_at DESC, id DESC);
CREATE INDEX idx_campaigns_team ON campaigns (team_id);

CREATE FUNCTION campaigns_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'staged' AND NEW.status = 'active') OR (OLD.status = 'active' AND NEW.status = 'closed')) THEN
    RAISE EXCEPTION 'campaign % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER campaigns_forward_only BEFORE UPDATE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION campaigns_forward_only();

CREATE TABLE stone_batches (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('stone', 'pebble')),
  count       int NOT NULL CHECK (count BETWEEN 1 AND 1000),
  location_id uuid REFERENCES locations (id),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_stone_batches_created ON stone_batches (created_at DESC, id DESC);

-- `code` is what the QR encodes: unguessable (80 random bits), unique.
CREATE TABLE stones (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code           text NOT NULL UNIQUE,
  kind           text NOT NULL CHECK (kind IN ('stone', 'pebble')),
  status         text NOT NULL DEFAULT 'unactivated' CHECK (status IN ('unactivated', 'activated')),
  location_id    uuid REFERENCES locations (id),
  batch_id       uuid REFERENCES stone_batches (id),
  team_id        uuid REFERENCES teams (id) ON DELETE SET NULL,
  activated_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  activated_at   timestamptz,
  genesis_traits jsonb NOT NULL DEFAULT '{}'::jsonb,
  stone_traits   jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'activated') = (activated_at IS NOT NULL))
);
CREATE INDEX idx_stones_list ON stones (created_at DESC, id DESC);
CREATE INDEX idx_stones_kind_status ON stones (kind, status, created_at DESC, id DESC);
CREATE INDEX idx_stones_batch ON stones (batch_id);
CREATE INDEX idx_stones_premapped ON stones (created_at DESC, id DESC) WHERE location_id IS NOT NULL;
CREATE INDEX idx_stones_activated_by ON stones (activated_by) WHERE activated_by IS NOT NULL;
CREATE INDEX idx_stones_code_prefix ON stones (code text_pattern_ops);

-- Conversation metadata per stone: counts and first/last times, never content.
CREATE TABLE stone_conversations (
  stone_id         uuid PRIMARY KEY REFERENCES stones (id) ON DELETE CASCADE,
  messages         int NOT NULL DEFAULT 0 CHECK (messages >= 0),
  participants     int NOT NULL DEFAULT 0 CHECK (participants >= 0),
  first_message_at timestamptz,
  last_message_at  timestamptz
);

CREATE TABLE posts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  author_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  team_id       uuid REFERENCES teams (id) ON DELETE SET NULL,
  campaign_id   uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  stone_id      uuid REFERENCES stones (id) ON DELETE SET NULL,
  body          text NOT NULL,
  status        text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden', 'removed')),
  status_reason text,
  version       int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_posts_author ON posts (author_id, created_at DESC);
CREATE INDEX idx_posts_campaign ON posts (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_posts_stone ON posts (stone_id, created_at) WHERE stone_id IS NOT NULL;

CREATE TABLE post_flags (
  id          bigserial PRIMARY KEY,
  post_id     uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  reporter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reason      text NOT NULL CHECK (reason IN ('spam', 'harassment', 'self_harm', 'explicit', 'other')),
  note        text,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  resolved_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (post_id, reporter_id),
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX idx_post_flags_open ON post_flags (post_id, created_at) WHERE status = 'open';
CREATE INDEX idx_post_flags_open_age ON post_flags (created_at) WHERE status = 'open';
