-- The Stones tab's counts per kind × status, kept by statement-level triggers instead of a
-- GROUP BY over every stone on each page (a million stones made that the slowest part of the list).
-- One row per (kind, status); a batch of 1,000 new stones is one upsert.
CREATE TABLE stone_counts (
  kind   text NOT NULL,
  status text NOT NULL,
  n      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, status)
);

INSERT INTO stone_counts (kind, status, n) SELECT kind, status, count(*) FROM stones GROUP BY kind, status;

-- Adds `delta` stones of each (kind, status) in p_rows ([{kind, status, n}]).
CREATE FUNCTION stone_counts_bump(p_rows jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stone_counts AS c (kind, status, n)
  SELECT r->>'kind', r->>'status', sum((r->>'n')::bigint) FROM jsonb_array_elements(p_rows) r GROUP BY 1, 2
  ON CONFLICT (kind, status) DO UPDATE SET n = c.n + EXCLUDED.n;
$$;

CREATE FUNCTION stone_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stone_counts_bump(coalesce(jsonb_agg(jsonb_build_object('kind', g.kind, 'status', g.status, 'n', g.n)), '[]'))
     FROM (SELECT kind, status, count(*) AS n FROM new_rows GROUP BY 1, 2) g;
  RETURN NULL;
END $$;
CREATE TRIGGER stone_counts_insert AFTER INSERT ON stones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stone_counts_on_insert();

CREATE FUNCTION stone_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stone_counts_bump(coalesce(jsonb_agg(jsonb_build_object('kind', g.kind, 'status', g.status, 'n', g.n)), '[]'))
     FROM (SELECT kind, status, sum(n) AS n FROM (
             SELECT kind, status, 1 AS n FROM new_rows
             UNION ALL SELECT kind, status, -1 FROM old_rows) d
           GROUP BY 1, 2 HAVING sum(n) <> 0) g;
  RETURN NULL;
END $$;
CREATE TRIGGER stone_counts_update AFTER UPDATE ON stones
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stone_counts_on_update();

CREATE FUNCTION stone_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stone_counts_bump(coalesce(jsonb_agg(jsonb_build_object('kind', g.kind, 'status', g.status, 'n', -g.n)), '[]'))
     FROM (SELECT kind, status, count(*) AS n FROM old_rows GROUP BY 1, 2) g;
  RETURN NULL;
END $$;
CREATE TRIGGER stone_counts_delete AFTER DELETE ON stones
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stone_counts_on_delete();
