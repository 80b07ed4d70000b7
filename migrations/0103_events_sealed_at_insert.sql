-- Cheaper seals (issue 12 item 1; decision 006, second amendment). Measured on 0101 (pg_stat_statements,
-- 8 writers in one process): a seal round took 1.8 ms for ~3 rows, 0.67 ms of it finding them — the
-- unsealed index is full of the dead versions every seal leaves behind until vacuum — and one writer
-- paid a separate call before COMMIT to seal its own row, every event written twice.
--
-- 1. A writer whose commit follows its events (platform/audit/append.ts sets `mc.seal_at_insert` for
--    its transaction in the insert statement itself) gets its row sealed by the insert trigger when
--    nobody holds the chain lock (pg_try_advisory_xact_lock: a writer never waits for it) and the row
--    is not late (see 3; the trigger leaves a late row to a round, which records it): the next
--    position on top of the sealed head, the head's hash and its own, as a seal round would give it.
--    The lock is then held until this transaction's commit is visible, so the next holder's head is
--    this row. Rows other writers left unsealed are not taken along: they get later positions from
--    their own round, which keeps the chain's only promise — positions are given at the head, in the
--    order lock holders commit, with no gap — and keeps a writer from sealing someone else's backlog.
--    Without the setting, or with the lock busy, the row is inserted unsealed as before, and so are the
--    transaction's later events (mc.seal_declined), so one round keeps them in order. A transaction
--    that appends events and then goes on working must not set it: it would hold the chain lock
--    through that work, and seal rounds would wait for it.
-- 2. A round may name its rows (`only_ids`, `only_tss`: what this process's writers committed
--    unsealed) and finds them by primary key instead of walking the unsealed index; the timer's round
--    still takes whatever is unsealed, oldest id first.
--
-- 3. Time filters get position bounds. The Audit tab reads newest first by position; a `to` filter
--    (ts < to) used to walk its month from the top past every later row — at two million events a
--    month, seconds. Positions follow times except for rows sealed after a row over a second newer
--    than them (a long transaction, a round after an outage): a round records those in events_late.
--    Then every other row with ts < to lies below the position of any row with ts >= to + 1 s, and
--    every other row with ts >= from lies above the position of any row with ts < from - 1 s that is
--    not late itself (events_position_before, events_position_after).
--
-- Any failure of the sealing part of the trigger is caught (a subtransaction) and leaves the row
-- unsealed: a bug or a broken head can delay a seal, never undo the change the event rides with.
CREATE OR REPLACE FUNCTION events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
  head bigint;
  previous text;
  newest timestamptz;
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
  -- Only a row whose time is this clock's reading (not the default kept across a month boundary), in
  -- a READ COMMITTED transaction (each statement here sees the rows committed before the lock), and
  -- only while none of the transaction's rows was left unsealed (mc.seal_declined): its later rows
  -- are then left too, so a round keeps them in their order.
  IF current_setting('mc.seal_at_insert', true) = 'on' AND NEW.ts = now_ts
     AND current_setting('transaction_isolation') = 'read committed'
     AND current_setting('mc.seal_declined', true) IS DISTINCT FROM 'on' THEN
    -- A separate IF: SQL does not promise the order in which AND evaluates, and the lock is kept.
    IF pg_try_advisory_xact_lock(7243001) THEN
      BEGIN
        SELECT h.head_position, h.head_hash, h.newest_ts INTO head, previous, newest FROM events_seal_head() h;
        -- A row over a second older than the newest sealed time (the clock stepped back) is late: left
        -- to a round, which records it in events_late.
        IF now_ts >= coalesce(newest - interval '1 second', now_ts) THEN
          NEW.position := head + 1;
          NEW.prev_hash := previous;
          NEW.hash := events_row_hash(previous, NEW.id, NEW.ts, NEW.actor_id, NEW.actor_email, NEW.actor_role,
                                      NEW.type, NEW.subject_type, NEW.subject_id, NEW.payload, NEW.request_id, NEW.ip);
          PERFORM pg_notify('mc_events', NEW.position::text);
          RETURN NEW;
        END IF;
      EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'events_chain: sealing at insert failed, left to the sealer: %', SQLERRM;
        NEW.position := NULL;
        NEW.prev_hash := NULL;
        NEW.hash := NULL;
      END;
    END IF;
  END IF;
  PERFORM set_config('mc.seal_declined', 'on', true);
  RETURN NEW;
END
$$;

-- The sealed head for a holder of the chain lock: the highest position, or the last archive's head
-- when every sealed row has left (position 0 and no hash on an empty chain); and the newest sealed
-- time, against which a row is late (NULL on an empty chain). PL/pgSQL keeps these plans, while
-- events_sealed_head() (SQL) is planned again on every call, across every month.
CREATE FUNCTION events_seal_head(OUT head_position bigint, OUT head_hash text, OUT newest_ts timestamptz)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.position, e.hash INTO head_position, head_hash FROM events e
   WHERE e.position IS NOT NULL ORDER BY e.position DESC LIMIT 1;
  IF head_position IS NULL THEN
    SELECT a.last_position, a.last_hash INTO head_position, head_hash FROM events_archives a
     ORDER BY a.last_position DESC LIMIT 1;
  END IF;
  head_position := coalesce(head_position, 0);
  SELECT e.ts INTO newest_ts FROM events e WHERE e.position IS NOT NULL ORDER BY e.ts DESC LIMIT 1;
END
$$;

-- sha256(prev_hash || canonical row), the canonical text as audit:verify recomputes it in Node
-- (platform/audit/verify.ts keeps its own copy of the expression and does not trust this one).
CREATE FUNCTION events_row_hash(previous text, id bigint, ts timestamptz, actor_id uuid, actor_email text,
  actor_role text, type text, subject_type text, subject_id text, payload jsonb, request_id text, ip inet)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(coalesce(previous, '') || jsonb_build_array(
           id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           actor_id, actor_email, actor_role, type, subject_type, subject_id, payload, request_id, host(ip)
         )::text, 'UTF8')), 'hex')
$$;

-- Sealed rows whose time is over a second older than that of a row sealed before them. The insert
-- trigger seals only rows that are not (its time is the clock's, checked against the newest sealed
-- time); a round checks each row against the newest time sealed so far. Rows sealed before this
-- migration are found the same way, in one pass (57 s for 50,000,000 events on the dev machine).
-- Rows of archived months may stay here: they bound nothing any more.
CREATE TABLE events_late (
  position bigint PRIMARY KEY,
  ts       timestamptz NOT NULL
);
-- No seal may run beside the pass (an instance of the previous release may still be sealing).
SELECT pg_advisory_xact_lock(7243001);
INSERT INTO events_late (position, ts)
SELECT s.position, s.ts FROM (
  SELECT e.position, e.ts, max(e.ts) OVER (ORDER BY e.position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS newest
    FROM events e WHERE e.position IS NOT NULL
) s WHERE s.ts < s.newest - interval '1 second';

-- The exclusive upper bound on the positions of rows with ts < `before`: the position of the earliest
-- row at least a second later, raised past any late row before `before`; NULL when there is no such
-- later row. PL/pgSQL, so its plans are kept: a SQL function is planned again, over every month, at
-- each call. Callers evaluate it once, as `(SELECT events_position_before(…))`.
CREATE FUNCTION events_position_before(before timestamptz) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
  bound bigint;
BEGIN
  SELECT e.position INTO bound FROM events e WHERE e.position IS NOT NULL AND e.ts >= before + interval '1 second'
   ORDER BY e.ts LIMIT 1;
  IF bound IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN greatest(bound, (SELECT l.position + 1 FROM events_late l WHERE l.ts < before ORDER BY l.position DESC LIMIT 1));
END
$$;

-- The exclusive lower bound on the positions of rows with ts >= `after`: the position of the latest row
-- over a second earlier that is not late itself; NULL when there is none.
CREATE FUNCTION events_position_after(after timestamptz) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT e.position FROM events e
           WHERE e.position IS NOT NULL AND e.ts < after - interval '1 second'
             AND NOT EXISTS (SELECT 1 FROM events_late l WHERE l.position = e.position)
           ORDER BY e.ts DESC LIMIT 1);
END
$$;

-- Instances of the previous release call this before their COMMIT during a rolling deploy: it now
-- declines (-1, "the lock is busy"), and they seal after their commit with events_seal(max).
CREATE OR REPLACE FUNCTION events_try_seal(max_rows integer) RETURNS integer LANGUAGE sql AS $$ SELECT -1 $$;
DROP FUNCTION events_seal(integer, boolean);
-- 0100's seal of hashes computed elsewhere: unused since 0101, and it would not record late rows.
DROP FUNCTION events_apply_seal(bigint[], timestamptz[], bigint[], text[], text[]);

-- A seal round in one statement (0101), now of the named rows when it is given them: under the chain
-- lock, the committed rows without a position — all of them, or those of `only_ids`/`only_tss` (id and
-- ts, the primary key) — oldest id first, each given the next position and hash; then one NOTIFY.
-- Named rows already sealed (by another round) or not visible are skipped. Returns how many it sealed.
CREATE FUNCTION events_seal(max_rows integer, only_ids bigint[] DEFAULT NULL, only_tss timestamptz[] DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  pending refcursor;
  row_ record;
  head bigint;
  previous text;
  ids bigint[] := '{}';
  tss timestamptz[] := '{}';
  positions bigint[] := '{}';
  prev_hashes text[] := '{}';
  hashes text[] := '{}';
  n integer := 0;
  sealed integer;
  lo timestamptz;
  hi timestamptz;
  newest timestamptz;
  late_positions bigint[] := '{}';
  late_tss timestamptz[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(7243001);
  SELECT h.head_position, h.head_hash, h.newest_ts INTO head, previous, newest FROM events_seal_head() h;
  IF only_ids IS NULL THEN
    OPEN pending FOR SELECT e.* FROM events e WHERE e.position IS NULL ORDER BY e.id LIMIT max_rows;
  ELSE
    -- Each named row by its primary key (OFFSET 0 keeps the lookup per row: joined plainly, the planner
    -- walks the unsealed index, which the dead versions of sealed rows can fill until vacuum).
    OPEN pending FOR SELECT e.* FROM (SELECT DISTINCT u.id, u.ts FROM unnest(only_ids, only_tss) AS u(id, ts)) r
      CROSS JOIN LATERAL (SELECT x.* FROM events x WHERE x.id = r.id AND x.ts = r.ts OFFSET 0) e
     WHERE e.position IS NULL ORDER BY e.id LIMIT max_rows;
  END IF;
  LOOP
    FETCH pending INTO row_;
    EXIT WHEN NOT FOUND;
    n := n + 1;
    ids[n] := row_.id;
    tss[n] := row_.ts;
    positions[n] := head + n;
    prev_hashes[n] := previous;
    previous := events_row_hash(previous, row_.id, row_.ts, row_.actor_id, row_.actor_email, row_.actor_role,
                                row_.type, row_.subject_type, row_.subject_id, row_.payload, row_.request_id, row_.ip);
    hashes[n] := previous;
    IF row_.ts < newest - interval '1 second' THEN
      late_positions := late_positions || (head + n);
      late_tss := late_tss || row_.ts;
    END IF;
    newest := greatest(newest, row_.ts);
  END LOOP;
  CLOSE pending;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  SELECT min(t), max(t) INTO lo, hi FROM unnest(tss) t;
  -- By primary key only: these rows were read unsealed under the lock, and events_refuse_change admits
  -- no update of a sealed row anyway (with `position IS NULL` here, the planner walks the unsealed index).
  UPDATE events e SET position = v.position, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, tss, positions, prev_hashes, hashes) AS v(id, ts, position, prev_hash, hash)
   WHERE e.id = v.id AND e.ts = v.ts AND e.ts >= lo AND e.ts <= hi;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'seal refused: % of % rows were not unsealed', n - sealed, n;
  END IF;
  INSERT INTO events_late (position, ts) SELECT * FROM unnest(late_positions, late_tss);
  PERFORM pg_notify('mc_events', (head + n)::text);
  RETURN n;
END
$$;
