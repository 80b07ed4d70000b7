-- Events partitioned by month of `ts` (issue 12 item 2): at tens of millions of rows the Audit tab's
-- filters and timelines read a few months' indexes, verify reads one partition at a time, and old
-- months leave by `npm run audit:archive` (detach + drop, after the archive file is proven), not by
-- DELETE. Same SQL on PGlite and Postgres.
--
-- Converted in place, in this migration's one transaction: the old table is renamed, its rows are
-- copied into the partitions before any trigger exists (so id, ts, position and hashes stay as they
-- were), the counts are compared, and the old table is dropped. Nothing is visible half done.

ALTER TABLE events RENAME TO events_unpartitioned;
ALTER INDEX events_pkey RENAME TO events_unpartitioned_pkey;
DROP INDEX idx_events_position;
DROP INDEX idx_events_unsealed;
DROP INDEX idx_events_type;
DROP INDEX idx_events_actor;
DROP INDEX idx_events_subject;
-- Took the old row type as its argument; verify.ts and the sealer spell the expression out anyway.
DROP FUNCTION events_canonical(events_unpartitioned);

CREATE TABLE events (
  -- From events_id_seq in the insert trigger: unique by construction, though a partitioned table's
  -- unique key must hold the partition key (hence the primary key (id, ts)).
  id           bigint NOT NULL,
  -- The partition key. Tuple routing happens before BEFORE ROW triggers run, so the time comes from
  -- this default and the trigger only checks it (a row may not move partitions inside its trigger).
  ts           timestamptz NOT NULL DEFAULT clock_timestamp(),
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
  hash         text,
  -- Chain position, given by the sealer. Unique without an index saying so: events_apply_seal only
  -- accepts the positions right after the sealed head, under the chain lock.
  position     bigint,
  PRIMARY KEY (id, ts)
) PARTITION BY RANGE (ts);

-- Months are UTC months; a partition is named events_yYYYYmMM.
CREATE FUNCTION events_partition_name(month date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'events_y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM')
$$;

-- Creates the missing month partitions from `first` (a month) through `ahead` months after the
-- current one. SECURITY DEFINER: the app role's job calls it and may not create tables itself; it
-- can only add empty future months, never touch a month's rows. Each partition gets the TRUNCATE
-- guard (statement triggers are not cloned from the parent as row triggers are).
CREATE FUNCTION events_ensure_partitions(first date, ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  month date := date_trunc('month', first)::date;
  last date := (date_trunc('month', clock_timestamp() AT TIME ZONE 'UTC') + make_interval(months => ahead))::date;
  name text;
  created integer := 0;
BEGIN
  WHILE month <= last LOOP
    name := events_partition_name(month);
    IF to_regclass(name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name,
        month::text || ' 00:00:00+00', (month + interval '1 month')::date::text || ' 00:00:00+00');
      EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON %I '
        'FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()', name);
      EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER events_no_truncate', name);
      created := created + 1;
    END IF;
    month := (month + interval '1 month')::date;
  END LOOP;
  RETURN created;
END
$$;

-- The months the old rows need, and three ahead (the partitions job keeps three ahead from now on).
SELECT events_ensure_partitions(
  coalesce((SELECT min(ts) AT TIME ZONE 'UTC' FROM events_unpartitioned), clock_timestamp() AT TIME ZONE 'UTC')::date,
  3);

INSERT INTO events (id, ts, actor_id, actor_email, actor_role, type, subject_type, subject_id, payload,
                    request_id, ip, prev_hash, hash, position)
SELECT id, ts, actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, ip,
       prev_hash, hash, position
  FROM events_unpartitioned;

DO $$
BEGIN
  IF (SELECT count(*) FROM events) <> (SELECT count(*) FROM events_unpartitioned) THEN
    RAISE EXCEPTION 'events conversion lost rows';
  END IF;
END
$$;
DROP TABLE events_unpartitioned;

-- Indexes after the copy (one sort each instead of row by row). All but two are partial on sealed
-- rows: writers touch the heap, the primary key and the small unsealed queue; the sealer adds the rest.
CREATE INDEX idx_events_position ON events (position) WHERE position IS NOT NULL;
CREATE INDEX idx_events_unsealed ON events (id) WHERE position IS NULL;
-- The Audit tab's filters, each read newest first by position: exact type, a type prefix of one
-- segment (`user.`, `staff.`: longer prefixes filter within it), actor by id or email (case-
-- insensitive, as the filter compares), subject id (timelines, and subject type + id), subject
-- type alone, and time.
CREATE INDEX idx_events_type ON events (type, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_type_head ON events (split_part(type, '.', 1), position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_actor ON events (actor_id, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_actor_email ON events (lower(actor_email), position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_subject ON events (subject_id, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_subject_type ON events (subject_type, position DESC) WHERE position IS NOT NULL;
CREATE INDEX idx_events_ts ON events (ts) WHERE position IS NOT NULL;

-- Writers: id from the sequence; the time is the column default, checked here. A writer may not
-- choose it: inside the month it was routed to, it becomes the clock; a value from another month is
-- accepted only as the default taken a moment before a month boundary.
CREATE OR REPLACE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
BEGIN
  IF date_trunc('month', NEW.ts AT TIME ZONE 'UTC') = date_trunc('month', now_ts AT TIME ZONE 'UTC') THEN
    NEW.ts := now_ts;
  ELSIF NEW.ts NOT BETWEEN now_ts - interval '5 seconds' AND now_ts THEN
    RAISE EXCEPTION 'events.ts is set by the database, not by the writer';
  END IF;
  NEW.id := nextval('events_id_seq');
  NEW.position := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_chain();
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
ALTER TABLE events ENABLE ALWAYS TRIGGER events_chain;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_change;
ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate;

-- Sealing now also takes each row's ts, so the update reads only the partitions those rows are in,
-- and refuses positions that do not continue the sealed head (the uniqueness the position index can
-- no longer promise on a partitioned table). The head may be in an archived month: see events_archives.
DROP FUNCTION events_apply_seal(bigint[], bigint[], text[], text[]);

-- What `audit:archive` removed: per archive, the chain head it ends at, signed with the server's
-- checkpoint key (so a row added here by hand does not verify), and the archive file's digest.
CREATE TABLE events_archives (
  id            bigserial PRIMARY KEY,
  before_month  date NOT NULL,
  months        text[] NOT NULL,
  last_id       text NOT NULL,
  last_position bigint NOT NULL,
  last_hash     text NOT NULL,
  count         bigint NOT NULL,
  file          text NOT NULL,
  file_sha256   text NOT NULL,
  at            text NOT NULL,
  signature     text NOT NULL
);

-- The sealed head: the highest sealed position, or the last archive's when every sealed row has left.
CREATE FUNCTION events_sealed_head(OUT head_position bigint, OUT head_hash text) LANGUAGE sql STABLE AS $$
  SELECT h.position, h.hash FROM (
    (SELECT e.position, e.hash FROM events e WHERE e.position IS NOT NULL ORDER BY e.position DESC LIMIT 1)
    UNION ALL
    (SELECT a.last_position, a.last_hash FROM events_archives a ORDER BY a.last_position DESC LIMIT 1)
  ) h ORDER BY h.position DESC LIMIT 1
$$;

CREATE FUNCTION events_apply_seal(ids bigint[], tss timestamptz[], positions bigint[], prev_hashes text[], hashes text[])
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n integer := coalesce(array_length(ids, 1), 0);
  sealed integer;
  head bigint;
  lo timestamptz;
  hi timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(7243001);
  IF n = 0 THEN
    RETURN 0;
  END IF;
  SELECT h.head_position INTO head FROM events_sealed_head() h;
  head := coalesce(head, 0);
  IF positions[1] IS DISTINCT FROM head + 1 OR positions[n] IS DISTINCT FROM head + n THEN
    RAISE EXCEPTION 'seal refused: positions % to % do not follow the sealed head %', positions[1], positions[n], head;
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(positions) WITH ORDINALITY p(position, i) WHERE p.position <> head + p.i) THEN
    RAISE EXCEPTION 'seal refused: positions are not consecutive';
  END IF;
  SELECT min(t), max(t) INTO lo, hi FROM unnest(tss) t;
  UPDATE events e SET position = v.position, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, tss, positions, prev_hashes, hashes) AS v(id, ts, position, prev_hash, hash)
   WHERE e.id = v.id AND e.ts = v.ts AND e.ts >= lo AND e.ts <= hi AND e.position IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'seal refused: % of % rows were not unsealed', n - sealed, n;
  END IF;
  PERFORM pg_notify('mc_events', positions[n]::text);
  RETURN sealed;
END
$$;
