-- A seal round in one statement (issue 12 item 1). The sealer used to take the head and the unsealed
-- rows in separate round trips, hash them in Node and send the hashes back: five round trips and a
-- second commit for every mutation, which left one writer at a third of its old rate. Here the
-- database does the round itself: under the chain lock, the committed rows without a position,
-- oldest id first, each hashed as sha256(prev_hash || canonical text) exactly as audit:verify
-- recomputes it in Node (verify.ts keeps its own copy of the canonical expression and does not
-- trust this function).
--
-- `wait => false` is for a writer's own transaction, just before its COMMIT (platform/mutation.ts):
-- when nobody holds the chain lock it seals everything visible to it, its own rows included, so an
-- uncontended writer needs no second commit; when the lock is busy it returns -1 at once and the
-- writer leaves its rows to the sealer after its commit. A failure there returns -2 and never undoes
-- the writer's change. Positions still follow the order in which rows became visible to a lock
-- holder, so readers that page by position never skip a row.
CREATE FUNCTION events_seal(max_rows integer, wait boolean DEFAULT true) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head bigint;
  previous text;
  pending record;
  ids bigint[] := '{}';
  tss timestamptz[] := '{}';
  positions bigint[] := '{}';
  prev_hashes text[] := '{}';
  hashes text[] := '{}';
  n integer := 0;
  sealed integer;
  lo timestamptz;
  hi timestamptz;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(7243001);
  ELSIF NOT pg_try_advisory_xact_lock(7243001) THEN
    RETURN -1;
  END IF;
  -- The head, as events_sealed_head() answers it, spelled out: PL/pgSQL keeps this plan, while a
  -- call of that SQL function is planned again on every round, across every month partition.
  SELECT e.position, e.hash INTO head, previous FROM events e
   WHERE e.position IS NOT NULL ORDER BY e.position DESC LIMIT 1;
  IF head IS NULL THEN
    SELECT a.last_position, a.last_hash INTO head, previous FROM events_archives a
     ORDER BY a.last_position DESC LIMIT 1;
  END IF;
  head := coalesce(head, 0);
  FOR pending IN
    SELECT e.id, e.ts, jsonb_build_array(
             e.id, to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
             e.actor_id, e.actor_email, e.actor_role, e.type, e.subject_type, e.subject_id,
             e.payload, e.request_id, host(e.ip)
           )::text AS canonical
      FROM events e WHERE e.position IS NULL ORDER BY e.id LIMIT max_rows
  LOOP
    n := n + 1;
    ids[n] := pending.id;
    tss[n] := pending.ts;
    positions[n] := head + n;
    prev_hashes[n] := previous;
    previous := encode(sha256(convert_to(coalesce(previous, '') || pending.canonical, 'UTF8')), 'hex');
    hashes[n] := previous;
  END LOOP;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  SELECT min(t), max(t) INTO lo, hi FROM unnest(tss) t;
  UPDATE events e SET position = v.position, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, tss, positions, prev_hashes, hashes) AS v(id, ts, position, prev_hash, hash)
   WHERE e.id = v.id AND e.ts = v.ts AND e.ts >= lo AND e.ts <= hi AND e.position IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'seal refused: % of % rows were not unsealed', n - sealed, n;
  END IF;
  PERFORM pg_notify('mc_events', (head + n)::text);
  RETURN n;
END
$$;

-- The writer's variant: never raises, so a seal that fails cannot undo the change it rides with.
CREATE FUNCTION events_try_seal(max_rows integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN events_seal(max_rows, false);
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'events_try_seal: %', SQLERRM;
  RETURN -2;
END
$$;
