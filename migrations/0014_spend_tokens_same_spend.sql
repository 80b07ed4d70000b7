-- spend_tokens() checked that a repeated source id belongs to the same member and amount only when
-- the earlier spend was already committed at its start. When two calls with one source id overlap,
-- the second waits on the unique index, does nothing, and must still refuse a different spend
-- instead of answering with the other member's row.
CREATE OR REPLACE FUNCTION spend_tokens(p_user uuid, p_amount int, p_reason text, p_source_id text)
RETURNS token_ledger LANGUAGE plpgsql AS $$
DECLARE
  row token_ledger;
BEGIN
  IF p_amount <= 0 THEN RAISE EXCEPTION 'spend_tokens: amount must be positive'; END IF;
  SELECT * INTO row FROM token_ledger WHERE source = 'spend' AND source_id = p_source_id;
  IF row.id IS NULL THEN
    -- Serialize spends of one member so two at once cannot both pass the balance check.
    PERFORM pg_advisory_xact_lock(hashtextextended('tokens:' || p_user::text, 0));
    IF token_balance(p_user) < p_amount THEN
      RAISE EXCEPTION 'spend_tokens: balance too low' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO token_ledger (user_id, amount, reason, source, source_id)
    VALUES (p_user, -p_amount, p_reason, 'spend', p_source_id)
    ON CONFLICT (source, source_id) DO NOTHING
    RETURNING * INTO row;
    IF row.id IS NOT NULL THEN RETURN row; END IF;
    SELECT * INTO row FROM token_ledger WHERE source = 'spend' AND source_id = p_source_id;
  END IF;
  IF row.user_id <> p_user OR row.amount <> -p_amount THEN
    RAISE EXCEPTION 'spend_tokens: source id % was used for another spend', p_source_id;
  END IF;
  RETURN row;
END
$$;
