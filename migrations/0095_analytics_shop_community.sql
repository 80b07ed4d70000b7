-- Analytics for the shop and the community (issue 11): searches, posts, conversation volume and
-- activation by sign-up cohort, kept in the rollups of 0070 by statement-level triggers, plus the
-- search terms per UTC day (top and zero-result queries) so the tab never scans search_queries.

-- Searches per day and normalised query: how many, and how many found nothing.
CREATE TABLE analytics_search_terms_daily (
  day      date NOT NULL,
  query    text NOT NULL,
  searches bigint NOT NULL DEFAULT 0,
  zero     bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query)
);

-- Who completed genesis (activated a first stone), once: the cohort metric counts each person once.
CREATE TABLE analytics_genesis (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  at      timestamptz NOT NULL
);

CREATE FUNCTION analytics_on_search_queries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('searches', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows GROUP BY 1) g;
  PERFORM analytics_bump('searches_zero', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows
            WHERE result_count = 0 GROUP BY 1) g;
  INSERT INTO analytics_search_terms_daily AS t (day, query, searches, zero)
  SELECT (created_at AT TIME ZONE 'UTC')::date, left(lower(btrim(query)), 200), count(*),
         count(*) FILTER (WHERE result_count = 0)
    FROM new_rows WHERE btrim(query) <> '' GROUP BY 1, 2
  ON CONFLICT (day, query) DO UPDATE
    SET searches = t.searches + EXCLUDED.searches, zero = t.zero + EXCLUDED.zero;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_search_queries AFTER INSERT ON search_queries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_search_queries();

-- Posts written (journal entries), whatever became of them.
CREATE FUNCTION analytics_on_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_bump('posts', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
     FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM new_rows GROUP BY 1) g;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_posts AFTER INSERT ON posts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_posts();

-- Conversation volume: messages on stones. The console keeps counts, not messages, so the growth of
-- a conversation's count is placed at its last message's time (a new conversation: all its messages).
CREATE FUNCTION analytics_on_stone_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_bump('messages', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
       FROM (SELECT date_trunc('hour', coalesce(last_message_at, first_message_at)) AS at, sum(messages) AS n
               FROM new_rows WHERE messages > 0 AND coalesce(last_message_at, first_message_at) IS NOT NULL
              GROUP BY 1) g;
  ELSE
    PERFORM analytics_bump('messages', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
       FROM (SELECT date_trunc('hour', n.last_message_at) AS at, sum(n.messages - o.messages) AS n
               FROM new_rows n JOIN old_rows o ON o.stone_id = n.stone_id
              WHERE n.messages > o.messages AND n.last_message_at IS NOT NULL GROUP BY 1) g;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_stone_conversations_insert AFTER INSERT ON stone_conversations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_stone_conversations();
CREATE TRIGGER analytics_stone_conversations_update AFTER UPDATE ON stone_conversations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_stone_conversations();

-- Activation by sign-up cohort: a person's first activated stone (README, "completed genesis") is
-- counted once, in the hour they signed up, so each cohort's activated ÷ sign-ups is its rate.
CREATE FUNCTION analytics_on_stones() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cohorts jsonb;
BEGIN
  WITH first AS (
    INSERT INTO analytics_genesis (user_id, at)
    SELECT activated_by, min(activated_at) FROM new_rows
     WHERE activated_by IS NOT NULL AND activated_at IS NOT NULL GROUP BY 1
    ON CONFLICT (user_id) DO NOTHING
    RETURNING user_id
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]') INTO cohorts
    FROM (SELECT date_trunc('hour', u.created_at) AS at, count(*) AS n
            FROM first JOIN users u ON u.id = first.user_id GROUP BY 1) g;
  PERFORM analytics_bump('activations', cohorts);
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_stones_insert AFTER INSERT ON stones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_stones();
CREATE TRIGGER analytics_stones_update AFTER UPDATE ON stones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_on_stones();

-- What already exists when this lands.
SELECT analytics_bump('searches', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM search_queries GROUP BY 1) g;
SELECT analytics_bump('searches_zero', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM search_queries
         WHERE result_count = 0 GROUP BY 1) g;
INSERT INTO analytics_search_terms_daily (day, query, searches, zero)
SELECT (created_at AT TIME ZONE 'UTC')::date, left(lower(btrim(query)), 200), count(*),
       count(*) FILTER (WHERE result_count = 0)
  FROM search_queries WHERE btrim(query) <> '' GROUP BY 1, 2;
SELECT analytics_bump('posts', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', created_at) AS at, count(*) AS n FROM posts GROUP BY 1) g;
SELECT analytics_bump('messages', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', coalesce(last_message_at, first_message_at)) AS at, sum(messages) AS n
          FROM stone_conversations WHERE messages > 0 AND coalesce(last_message_at, first_message_at) IS NOT NULL
         GROUP BY 1) g;
INSERT INTO analytics_genesis (user_id, at)
SELECT activated_by, min(activated_at) FROM stones
 WHERE activated_by IS NOT NULL AND activated_at IS NOT NULL GROUP BY 1;
SELECT analytics_bump('activations', coalesce(jsonb_agg(jsonb_build_object('at', g.at, 'n', g.n, 'cents', 0)), '[]'))
  FROM (SELECT date_trunc('hour', u.created_at) AS at, count(*) AS n
          FROM analytics_genesis a JOIN users u ON u.id = a.user_id GROUP BY 1) g;
