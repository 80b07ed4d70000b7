-- Idempotency: the first answer to (actor, key) is kept and replayed for the same request.
CREATE TABLE idempotency_keys (
  actor_id     uuid NOT NULL,
  key          text NOT NULL,
  route        text NOT NULL,
  request_hash text NOT NULL,
  status_code  int NOT NULL,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);
CREATE INDEX idx_idempotency_created ON idempotency_keys (created_at);

-- Fixed-window counters shared by every instance (sign-in, step-up attempts, ...).
CREATE TABLE rate_limits (
  bucket       text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count        int NOT NULL
);

CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);

-- One row per scheduled job run; the advisory lock makes sure only one instance runs it.
CREATE TABLE job_runs (
  id          bigserial PRIMARY KEY,
  job         text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  ok          boolean,
  detail      jsonb
);
CREATE INDEX idx_job_runs_job ON job_runs (job, started_at DESC);
