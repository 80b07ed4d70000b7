-- The audit spine: append-only, hash-chained, announced on insert.
CREATE SEQUENCE events_id_seq;

CREATE TABLE events (
  -- assigned by events_chain() under a lock, so ids commit in order and the chain follows them
  id           bigint PRIMARY KEY,
  ts           timestamptz NOT NULL,
  actor_id     uuid,
  actor_email  text,
  actor_role   text,
  type         text NOT NULL CHECK (type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
  subject_type text,
  subject_id   text,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
  request_id   text,
  ip           inet,
  prev_hash    text,
  hash         text NOT NULL
);
CREATE INDEX idx_events_type ON events (type, id DESC);
CREATE INDEX idx_events_actor ON events (actor_id, id DESC);
CREATE INDEX idx_events_subject ON events (subject_type, subject_id, id DESC);
CREATE INDEX idx_events_ts ON events (ts);

-- The row's content in one canonical text. audit:verify recomputes the same expression.
CREATE FUNCTION events_canonical(e events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.id, to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id, e.actor_email, e.actor_role, e.type, e.subject_type, e.subject_id,
    e.payload, e.request_id, host(e.ip)
  )::text
$$;

CREATE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_hash text;
BEGIN
  -- Under a stale snapshot the chain would fork; only READ COMMITTED sees the true head.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'events may only be appended under READ COMMITTED';
  END IF;
  PERFORM pg_advisory_xact_lock(7243001);
  SELECT e.hash INTO last_hash FROM events e ORDER BY e.id DESC LIMIT 1;
  NEW.id := nextval('events_id_seq');
  NEW.ts := clock_timestamp();
  NEW.prev_hash := last_hash;
  NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') || events_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only: % refused (write a *.corrected event instead)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mc_events', NEW.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_chain();
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_notify();
-- ALWAYS: the triggers fire even under session_replication_role = replica.
ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_notify;
