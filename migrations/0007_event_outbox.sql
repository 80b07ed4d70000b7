-- Appends take the chain lock at COMMIT, not at INSERT: an event is written to the transaction's
-- outbox, and a deferred constraint trigger moves it into `events` (where events_chain assigns id and
-- hash under the lock) while the transaction commits. No client round trip happens inside the lock.
-- UNLOGGED: an outbox row never outlives its transaction (the event itself is in `events`, logged).
CREATE UNLOGGED TABLE event_outbox (
  outbox_id    bigserial PRIMARY KEY,
  actor_id     uuid,
  actor_email  text,
  actor_role   text,
  type         text NOT NULL,
  subject_type text,
  subject_id   text,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id   text,
  ip           inet
);

CREATE FUNCTION event_outbox_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_outbox WHERE outbox_id = NEW.outbox_id;
  INSERT INTO events (actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip)
  VALUES (NEW.actor_id, NEW.actor_email, NEW.actor_role, NEW.type, NEW.subject_type, NEW.subject_id, NEW.payload,
          NEW.request_id, NEW.ip);
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER event_outbox_flush AFTER INSERT ON event_outbox
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION event_outbox_flush();
ALTER TABLE event_outbox ENABLE ALWAYS TRIGGER event_outbox_flush;

-- Every index on events is maintained inside the chain lock. Time filters read newest-first by id
-- (ts follows id), so this one only cost appends.
DROP INDEX idx_events_ts;

-- One trigger call per append instead of two: the chain trigger also announces the row (NOTIFY is
-- delivered at commit either way, and not at all if the transaction rolls back).
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();
CREATE OR REPLACE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
  PERFORM pg_notify('mc_events', NEW.id::text);
  RETURN NEW;
END
$$;
