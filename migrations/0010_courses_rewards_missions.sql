-- Course & rewards (seed 000) and the Ops mission board.
CREATE TABLE courses (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug       text NOT NULL UNIQUE,
  title      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lessons (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  position          int NOT NULL,
  title             text NOT NULL,
  estimated_minutes int NOT NULL DEFAULT 10,
  UNIQUE (course_id, position)
);

CREATE TABLE enrollments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  course_id        uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  enrolled_at      timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz,
  completed_at     timestamptz,
  UNIQUE (user_id, course_id)
);
CREATE INDEX idx_enrollments_activity ON enrollments (course_id, last_activity_at);

CREATE TABLE lesson_progress (
  id           bigserial PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_id    uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  completed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, lesson_id)
);
CREATE INDEX idx_lesson_progress_time ON lesson_progress (completed_at);

CREATE TABLE quizzes (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lesson_id uuid NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  title     text NOT NULL
);

CREATE TABLE quiz_questions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  quiz_id          uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('true_false', 'multiple_choice')),
  prompt           text NOT NULL,
  options          jsonb NOT NULL CHECK (jsonb_typeof(options) = 'array'),
  -- 0-based position of the correct option (Drift Scan looks for skew in it)
  correct_position int NOT NULL CHECK (correct_position >= 0)
);
CREATE INDEX idx_quiz_questions_quiz ON quiz_questions (quiz_id);

CREATE TABLE quiz_attempts (
  id         bigserial PRIMARY KEY,
  quiz_id    uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  score      numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_quiz_attempts_quiz ON quiz_attempts (quiz_id, created_at);

-- Rewards: a ledger, never updated. (source, source_id) makes every award and spend idempotent.
CREATE TABLE token_ledger (
  id         bigserial PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  amount     int NOT NULL CHECK (amount <> 0),
  reason     text NOT NULL,
  source     text NOT NULL CHECK (source IN ('award', 'spend')),
  source_id  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id)
);
CREATE INDEX idx_token_ledger_user ON token_ledger (user_id, created_at DESC);

CREATE FUNCTION token_balance(p_user uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(amount), 0)::bigint FROM token_ledger WHERE user_id = p_user
$$;

-- Awards tokens once per p_source_id: a retry returns the row the first call wrote.
CREATE FUNCTION award_tokens(p_user uuid, p_amount int, p_reason text, p_source_id text)
RETURNS token_ledger LANGUAGE plpgsql AS $$
DECLARE
  row token_ledger;
BEGIN
  IF p_amount <= 0 THEN RAISE EXCEPTION 'award_tokens: amount must be positive'; END IF;
  INSERT INTO token_ledger (user_id, amount, reason, source, source_id)
  VALUES (p_user, p_amount, p_reason, 'award', p_source_id)
  ON CONFLICT (source, source_id) DO NOTHING
  RETURNING * INTO row;
  IF row.id IS NULL THEN
    SELECT * INTO row FROM token_ledger WHERE source = 'award' AND source_id = p_source_id;
    IF row.user_id <> p_user OR row.amount <> p_amount THEN
      RAISE EXCEPTION 'award_tokens: source id % was used for another award', p_source_id;
    END IF;
  END IF;
  RETURN row;
END
$$;

-- Spends (deducts) tokens once per p_source_id; refuses to take a balance below zero.
CREATE FUNCTION spend_tokens(p_user uuid, p_amount int, p_reason text, p_source_id text)
RETURNS token_ledger LANGUAGE plpgsql AS $$
DECLARE
  row token_ledger;
BEGIN
  IF p_amount <= 0 THEN RAISE EXCEPTION 'spend_tokens: amount must be positive'; END IF;
  SELECT * INTO row FROM token_ledger WHERE source = 'spend' AND source_id = p_source_id;
  IF row.id IS NOT NULL THEN
    IF row.user_id <> p_user OR row.amount <> -p_amount THEN
      RAISE EXCEPTION 'spend_tokens: source id % was used for another spend', p_source_id;
    END IF;
    RETURN row;
  END IF;
  -- Serialize spends of one member so two at once cannot both pass the balance check.
  PERFORM pg_advisory_xact_lock(hashtextextended('tokens:' || p_user::text, 0));
  IF token_balance(p_user) < p_amount THEN
    RAISE EXCEPTION 'spend_tokens: balance too low' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO token_ledger (user_id, amount, reason, source, source_id)
  VALUES (p_user, -p_amount, p_reason, 'spend', p_source_id)
  ON CONFLICT (source, source_id) DO NOTHING
  RETURNING * INTO row;
  IF row.id IS NULL THEN
    SELECT * INTO row FROM token_ledger WHERE source = 'spend' AND source_id = p_source_id;
  END IF;
  RETURN row;
END
$$;

CREATE TABLE missions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status           text NOT NULL DEFAULT 'DETECTED' CHECK (status IN ('DETECTED', 'INVESTIGATING', 'FIXING', 'SHIPPED')),
  priority         text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  owner_id         uuid NULL REFERENCES users (id) ON DELETE SET NULL,
  -- set for cards a signal opened; at most one open card per signal
  signal_key       text NULL,
  severity         text NULL,
  evidence         jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- when the signal stopped firing while the card was still open
  signal_cleared_at timestamptz NULL,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  shipped_at       timestamptz NULL
);
CREATE UNIQUE INDEX idx_missions_open_signal ON missions (signal_key) WHERE status <> 'SHIPPED' AND signal_key IS NOT NULL;
CREATE INDEX idx_missions_status ON missions (status, updated_at DESC);
