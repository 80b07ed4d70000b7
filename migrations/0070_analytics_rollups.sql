-- Analytics rollups: what the Analytics tab, the Overview sparklines and the Morning Brief read,
-- instead of scanning raw rows on every view. Kept current incrementally by statement-level
-- triggers (one grouped upsert per statement, so a bulk load costs one upsert per hour touched).
--
-- A module adds a metric by adding a trigger that calls analytics_bump() with its metric name (one
-- migration of its own) and a line in src/contracts/analytics.ts (see the module's README section).

-- Per hour (UTC hour start) and metric: how many, and the money involved in cents.
CREATE TABLE analytics_hourly (
  bucket       timestamptz NOT NULL,
  metric       text NOT NULL,
  count        bigint NOT NULL DEFAULT 0,
  amount_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (metric, bucket)
);

-- Per UTC day and metric: kept forever; the hourly rows are pruned past analytics.retention_days.
CREATE TABLE analytics_daily (
  day          date NOT NULL,
  metric       text NOT NULL,
  count        bigint NOT NULL DEFAULT 0,
  amount_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (metric, day)
);

-- Who was active (a successful sign-in) in which hour: distinct counts over any window and time zone.
CREATE TABLE analytics_active_hours (
  bucket  timestamptz NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (bucket, user_id)
);
CREATE INDEX idx_analytics_active_hours_user ON analytics_active_hours (user_id);

-- When the retention job prunes active hours, it first writes the distinct members of each UTC day
-- into analytics_daily as metric 'active_users' (a count: who it was is no longer kept).

-- Adds rows of (at, count, amount) to both rollups of `metric`, grouped by hour and by day.
CREATE FUNCTION analytics_bump(p_metric text, p_rows jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_hourly AS h (bucket, metric, count, amount_cents)
  SELECT date_trunc('hour', (r->>'at')::timestamptz), p_metric, sum((r->>'n')::bigint), sum((r->>'cents')::bigint)
    FROM jsonb_array_elements(p_rows) r GROUP BY 1
  ON CONFLICT (metric, bucket) DO UPDATE
    SET count = h.count + EXCLUDED.count, amount_cents = h.amount_cents + EXCLUDED.amount_cents;
  INSERT INTO analytics_daily AS d (day, metric, count, amount_cents)
  SELECT ((r->>'at')::timestamptz AT TIME ZONE 'UTC')::date, p_metric, sum((r->>'n')::bigint), sum((r->>'cents')::bigint)
    FROM jsonb_array_elements(p_rows) r GROUP BY 1
  ON CONFLICT (metric, day) DO UPDATE
    SET count = d.count + EXCLUDED.count, amount_cents = d.amount_cents + EXCLUDED.amount_cents;
$$;

-- Sign-ups: every new users row.
CREATE FUNCTION analytics_on_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('signups', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows GROUP BY 1) g;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_users AFTER INSERT ON users
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_users();

-- Sign-ins (method 'signin') by outcome, and who was active (any successful sign-in).
CREATE FUNCTION analytics_on_login_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('signins_ok', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows
            WHERE method = 'signin' AND success GROUP BY 1) g;
  PERFORM analytics_bump('signins_failed', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows
            WHERE method = 'signin' AND NOT success GROUP BY 1) g;
  INSERT INTO analytics_active_hours (bucket, user_id)
  SELECT DISTINCT date_trunc('hour', created_at), user_id FROM new_rows
   WHERE success AND user_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_login_events AFTER INSERT ON login_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_login_events();

-- Orders placed (any status) and their value.
CREATE FUNCTION analytics_on_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('orders', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n, round(sum(total) * 100)::bigint AS cents
             FROM new_rows GROUP BY 1) g;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_orders AFTER INSERT ON orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_orders();

-- Revenue: money taken (payments), at the time of the charge.
CREATE FUNCTION analytics_on_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('revenue', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n, sum(amount_cents)::bigint AS cents
             FROM new_rows GROUP BY 1) g;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_payments AFTER INSERT ON payments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_payments();

-- Refunds: counted when they succeed, at completed_at (a refund row is written pending first).
CREATE FUNCTION analytics_on_refunds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_bump('refunds', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
       FROM (SELECT date_trunc('hour', coalesce(completed_at, created_at)) AS at, count(*) AS n,
                    sum(amount_cents)::bigint AS cents
               FROM new_rows WHERE status = 'succeeded' GROUP BY 1) g;
  ELSE
    PERFORM analytics_bump('refunds', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
       FROM (SELECT date_trunc('hour', coalesce(n.completed_at, n.updated_at)) AS at, count(*) AS n,
                    sum(n.amount_cents)::bigint AS cents
               FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE n.status = 'succeeded' AND o.status <> 'succeeded' GROUP BY 1) g;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_refunds_insert AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_refunds();
CREATE TRIGGER analytics_refunds_update AFTER UPDATE ON refunds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_refunds();

-- What already exists when this lands.
SELECT analytics_bump('signups', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM users GROUP BY 1) g;
SELECT analytics_bump('signins_ok', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM login_events
         WHERE method = 'signin' AND success GROUP BY 1) g;
SELECT analytics_bump('signins_failed', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM login_events
         WHERE method = 'signin' AND NOT success GROUP BY 1) g;
INSERT INTO analytics_active_hours (bucket, user_id)
SELECT DISTINCT date_trunc('hour', created_at), user_id FROM login_events WHERE success AND user_id IS NOT NULL;
SELECT analytics_bump('orders', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n, round(sum(total) * 100)::bigint AS cents
          FROM orders GROUP BY 1) g;
SELECT analytics_bump('revenue', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n, sum(amount_cents)::bigint AS cents
          FROM payments GROUP BY 1) g;
SELECT analytics_bump('refunds', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', g.cents)), '[]'))
  FROM (SELECT date_trunc('hour', coalesce(completed_at, created_at)) AS at, count(*) AS n,
               sum(amount_cents)::bigint AS cents
          FROM refunds WHERE status = 'succeeded' GROUP BY 1) g;
