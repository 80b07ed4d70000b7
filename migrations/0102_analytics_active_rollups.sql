-- Active members without rescanning who was active in every hour (issue 11: the Analytics page at
-- 1,000,000 members in ≤ 150 ms). A distinct count is not additive, so three structures keep it,
-- each exact, each kept current by a trigger on analytics_active_hours (one row per member and hour
-- with a successful sign-in, migration 0070):
--
-- 1. Each member's latest active hour, and per hour how many members have it as their latest: the
--    members active from any moment until now are the sum over the hours from that moment on.
-- 2. Per hour, how many members were active in it (hourly buckets).
-- 3. Distinct members per past span (a local day in some time zone, a previous period), computed
--    once from the hours and kept: a past hour gets no new rows, so the figure cannot change.
--    Rows inserted for past hours (a demo seed, a back-fill) delete the spans that cover them.

CREATE TABLE analytics_last_active (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  bucket  timestamptz NOT NULL
);

CREATE TABLE analytics_last_active_hours (
  bucket timestamptz PRIMARY KEY,
  users  bigint NOT NULL
);

CREATE TABLE analytics_active_spans (
  span_from   timestamptz NOT NULL,
  span_to     timestamptz NOT NULL,
  users       bigint NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (span_from, span_to)
);
CREATE INDEX idx_analytics_active_spans_to ON analytics_active_spans (span_to);

CREATE FUNCTION analytics_on_active_hours() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- (2) members per hour.
  INSERT INTO analytics_hourly AS h (bucket, metric, count, amount_cents)
  SELECT bucket, 'active_users', count(*), 0 FROM new_rows GROUP BY bucket
  ON CONFLICT (metric, bucket) DO UPDATE SET count = h.count + EXCLUDED.count;

  -- (1) A member seen for the first time gets a placeholder row first, so that two transactions
  -- seeing the same new member take turns on that row instead of both counting them as new.
  INSERT INTO analytics_last_active (user_id, bucket)
  SELECT DISTINCT user_id, '-infinity'::timestamptz FROM new_rows
  ON CONFLICT (user_id) DO NOTHING;
  WITH latest AS (
         SELECT user_id, max(bucket) AS bucket FROM new_rows GROUP BY user_id
       ), kept AS (
         SELECT l.user_id, l.bucket FROM analytics_last_active l JOIN latest n USING (user_id)
            FOR UPDATE OF l
       ), moves AS (
         SELECT n.user_id, k.bucket AS old_bucket, n.bucket AS new_bucket
           FROM latest n JOIN kept k USING (user_id) WHERE k.bucket < n.bucket
       ), moved AS (
         UPDATE analytics_last_active l SET bucket = m.new_bucket FROM moves m WHERE l.user_id = m.user_id
         RETURNING 1
       )
  INSERT INTO analytics_last_active_hours AS h (bucket, users)
  SELECT bucket, sum(delta) FROM (
           SELECT new_bucket AS bucket, 1 AS delta FROM moves
           UNION ALL
           SELECT old_bucket, -1 FROM moves WHERE old_bucket > '-infinity'::timestamptz
         ) d
   GROUP BY bucket
  ON CONFLICT (bucket) DO UPDATE SET users = h.users + EXCLUDED.users;

  -- (3) Spans that cover a new row are no longer true. Live sign-ins land in the current hour,
  -- after every kept span, so this finds nothing for them.
  DELETE FROM analytics_active_spans s
   USING (SELECT min(bucket) AS lo, max(bucket) AS hi FROM new_rows) n
   WHERE s.span_to > n.lo AND s.span_from <= n.hi;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_active_hours_rollups AFTER INSERT ON analytics_active_hours
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_active_hours();

-- A member deleted (cascade) leaves the count of their latest hour.
CREATE FUNCTION analytics_on_last_active_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE analytics_last_active_hours h SET users = h.users - d.n
    FROM (SELECT bucket, count(*) AS n FROM old_rows WHERE bucket > '-infinity'::timestamptz GROUP BY bucket) d
   WHERE h.bucket = d.bucket;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_last_active_deleted AFTER DELETE ON analytics_last_active
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_last_active_deleted();

-- The rows already there.
INSERT INTO analytics_hourly AS h (bucket, metric, count, amount_cents)
SELECT bucket, 'active_users', count(*), 0 FROM analytics_active_hours GROUP BY bucket
ON CONFLICT (metric, bucket) DO UPDATE SET count = EXCLUDED.count;
INSERT INTO analytics_last_active (user_id, bucket)
SELECT user_id, max(bucket) FROM analytics_active_hours GROUP BY user_id;
INSERT INTO analytics_last_active_hours (bucket, users)
SELECT bucket, count(*) FROM analytics_last_active GROUP BY bucket;
