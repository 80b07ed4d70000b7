-- The chain is sealed after commit, not under the commit's lock (docs/decisions/005). Writers insert
-- events unchained, in parallel, with no lock; one sealer at a time (advisory lock 7243001) gives
-- committed rows their chain `position`, `prev_hash` and `hash`. Readers that promise an order (the
-- stream, timelines, the Audit tab, audit:verify) read sealed rows by position.
ALTER TABLE events ADD COLUMN position bigint;
ALTER TABLE events ALTER COLUMN hash DROP NOT NULL;

-- Rows chained before this migration were chained in id order: their position is their id.
ALTER TABLE events DISABLE TRIGGER events_no_change;
UPDATE events SET position = id;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change;

-- Partial indexes: an unsealed row is in none of the sealed ones, so a writer touches only the heap,
-- the primary key and the small queue index; the sealer's update adds the rest.
CREATE UNIQUE INDEX idx_events_position ON events (position) WHERE position IS NOT NULL;
CREATE INDEX idx_events_unsealed ON events (id) WHERE position IS NULL;
DROP INDEX idx_events_type;
DROP INDEX idx_events_actor;
DROP INDEX idx_events_subject;
CREATE INDEX idx_events_type ON events (type, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_actor ON events (actor_id, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_subject ON events (subject_type, subject_id, position DESC) WHERE position IS NOT NULL;

-- Writers: id, time, nothing else. No lock and no NOTIFY (a NOTIFY takes a global lock through the
-- commit's flush, which is the serialization this removes); the sealer announces what it sealed.
CREATE OR REPLACE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.id := nextval('events_id_seq');
  NEW.ts := clock_timestamp();
  NEW.position := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END
$$;

-- Still append-only, with one exception: sealing, which sets the chain columns of an unsealed row
-- once and leaves its content as it was.
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.position IS NULL AND NEW.position IS NOT NULL AND NEW.hash IS NOT NULL
     AND (NEW.id, NEW.ts, NEW.actor_id, NEW.actor_email, NEW.actor_role, NEW.type, NEW.subject_type,
          NEW.subject_id, NEW.payload, NEW.request_id, NEW.ip)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.ts, OLD.actor_id, OLD.actor_email, OLD.actor_role, OLD.type, OLD.subject_type,
          OLD.subject_id, OLD.payload, OLD.request_id, OLD.ip) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events is append-only: % refused (write a *.corrected event instead)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- The app role may not UPDATE events; it seals through this function, run as the table's owner.
-- The hashes are computed by the sealer (platform/audit/sealer.ts) and checked by audit:verify.
CREATE FUNCTION events_apply_seal(ids bigint[], positions bigint[], prev_hashes text[], hashes text[])
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  sealed integer;
BEGIN
  PERFORM pg_advisory_xact_lock(7243001);
  UPDATE events e SET position = v.position, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, positions, prev_hashes, hashes) AS v(id, position, prev_hash, hash)
   WHERE e.id = v.id AND e.position IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> coalesce(array_length(ids, 1), 0) THEN
    RAISE EXCEPTION 'seal refused: % of % rows were not unsealed', coalesce(array_length(ids, 1), 0) - sealed,
      coalesce(array_length(ids, 1), 0);
  END IF;
  IF sealed > 0 THEN
    PERFORM pg_notify('mc_events', positions[array_length(positions, 1)]::text);
  END IF;
  RETURN sealed;
END
$$;

-- The outbox (0007) existed to keep round trips out of the chain lock; appends no longer take it.
DROP TRIGGER event_outbox_flush ON event_outbox;
DROP FUNCTION event_outbox_flush();
DROP TABLE event_outbox;
