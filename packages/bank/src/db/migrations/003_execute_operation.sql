-- The money write path as one server-side function: one round trip per operation instead of five
-- (BEGIN, key lookup, lock, write, COMMIT). Called as a single autocommit statement, so it runs in
-- its own transaction and holds the row locks until it returns. operations.ts validates the input
-- shape first and maps the result; README.md describes the rules.
CREATE FUNCTION bank_execute_operation(
  p_kind text,
  p_customer_id bigint,
  p_idempotency_key text,
  p_request_hash bytea,
  p_description text,
  -- The customer's own account: debited by transfers and withdrawals, credited by deposits.
  p_account_id bigint,
  -- Transfers only: the destination. NULL for cash operations, which use the branch cash desk.
  p_target_account_id bigint,
  p_amount numeric,
  OUT o_operation_id bigint,
  OUT o_status text,
  OUT o_failure_code text,
  OUT o_created_at timestamptz,
  OUT o_replayed boolean,
  -- Set when the request is refused without recording anything (404, 400, 409 in the API).
  OUT o_error_code text,
  OUT o_error_detail jsonb,
  OUT o_postings jsonb
)
LANGUAGE plpgsql AS $$
DECLARE
  v_existing operations%ROWTYPE;
  v_own accounts%ROWTYPE;
  v_other accounts%ROWTYPE;
  v_other_id bigint;
  v_minor_units smallint;
  v_debit bigint;
  v_credit bigint;
  v_reject text;
  v_floor numeric;
BEGIN
  o_replayed := false;
  IF p_kind NOT IN ('transfer', 'deposit', 'withdrawal') THEN
    RAISE EXCEPTION 'unknown operation kind %', p_kind;
  END IF;

  -- 1. Idempotency: a known key replays (same request) or conflicts (another request). Two
  -- concurrent requests with a new key both pass; the unique index makes the second insert below
  -- wait for the first and fail with 23505, and the caller's retry replays.
  IF p_idempotency_key IS NOT NULL THEN
    SELECT * INTO v_existing FROM operations o
    WHERE o.customer_id = p_customer_id AND o.idempotency_key = p_idempotency_key;
    IF FOUND THEN
      IF v_existing.request_hash IS DISTINCT FROM p_request_hash THEN
        o_error_code := 'BANK_IDEMPOTENCY_CONFLICT';
        o_error_detail := jsonb_build_object('operationId', v_existing.id);
        RETURN;
      END IF;
      o_operation_id := v_existing.id;
      o_status := v_existing.status;
      o_failure_code := v_existing.failure_code;
      o_created_at := v_existing.created_at;
      o_replayed := true;
      SELECT coalesce(jsonb_agg(jsonb_build_object('accountId', p.account_id, 'currency', p.currency_code,
                                                   'amount', p.amount::text) ORDER BY p.id), '[]'::jsonb)
      INTO o_postings FROM postings p WHERE p.operation_id = v_existing.id;
      RETURN;
    END IF;
  END IF;

  -- 2. Lock every account the operation touches in one global order (by id): no deadlocks between
  -- opposite transfers, no lost updates. Cash operations lock the account's branch cash desk.
  IF p_kind = 'transfer' THEN
    v_other_id := p_target_account_id;
  ELSE
    SELECT desk.id INTO v_other_id FROM accounts x
    JOIN accounts desk ON desk.branch_id = x.branch_id AND desk.currency_code = x.currency_code
     AND desk.type_code = 'cash'
    WHERE x.id = p_account_id;
  END IF;
  PERFORM 1 FROM accounts a WHERE a.id IN (p_account_id, v_other_id) ORDER BY a.id FOR UPDATE;
  -- Read after locking: these are the latest committed balances.
  SELECT * INTO v_own FROM accounts WHERE id = p_account_id;
  SELECT * INTO v_other FROM accounts WHERE id = v_other_id;

  -- 3. Rules. Someone else's account is reported exactly like a missing one.
  IF v_own.id IS NULL OR v_own.customer_id IS DISTINCT FROM p_customer_id THEN
    o_error_code := 'BANK_ACCOUNT_NOT_FOUND';
    o_error_detail := jsonb_build_object('accountId', p_account_id);
    RETURN;
  END IF;
  IF p_kind = 'transfer' AND (v_other.id IS NULL OR v_other.type_code = 'cash') THEN
    o_error_code := 'BANK_ACCOUNT_NOT_FOUND';
    o_error_detail := jsonb_build_object('accountId', p_target_account_id);
    RETURN;
  END IF;
  IF v_other.id IS NULL THEN
    RAISE EXCEPTION 'no cash desk for the branch and currency of account %', p_account_id;
  END IF;
  SELECT minor_units INTO v_minor_units FROM currencies WHERE code = v_own.currency_code;
  IF p_amount <> round(p_amount, v_minor_units) THEN
    o_error_code := 'BANK_INVALID_AMOUNT';
    o_error_detail := jsonb_build_object('currency', v_own.currency_code, 'minorUnits', v_minor_units);
    RETURN;
  END IF;

  IF p_kind = 'deposit' THEN
    v_debit := v_other.id;
    v_credit := v_own.id;
  ELSE
    v_debit := v_own.id;
    v_credit := v_other.id;
  END IF;
  -- Customer accounts only (cash desks are never v_own): credit accounts may use their line.
  v_floor := CASE WHEN v_own.is_credit THEN -v_own.credit_limit ELSE 0 END;
  IF v_own.currency_code <> v_other.currency_code THEN
    v_reject := 'BANK_CURRENCY_MISMATCH';
  ELSIF v_own.status <> 'open' OR (p_kind = 'transfer' AND v_other.status <> 'open') THEN
    v_reject := 'BANK_ACCOUNT_NOT_OPEN';
  ELSIF p_kind <> 'deposit' AND v_own.balance - p_amount < v_floor THEN
    v_reject := 'BANK_INSUFFICIENT_FUNDS';
  END IF;

  -- 4. Header, postings (summing to zero) and balances. Refusals are recorded without postings.
  INSERT INTO operations (kind, status, customer_id, idempotency_key, request_hash, description, failure_code)
  VALUES (p_kind, CASE WHEN v_reject IS NULL THEN 'completed' ELSE 'rejected' END, p_customer_id,
          p_idempotency_key, CASE WHEN p_idempotency_key IS NULL THEN NULL ELSE p_request_hash END,
          p_description, v_reject)
  RETURNING id, created_at INTO o_operation_id, o_created_at;
  o_status := CASE WHEN v_reject IS NULL THEN 'completed' ELSE 'rejected' END;
  o_failure_code := v_reject;
  IF v_reject IS NOT NULL THEN
    o_postings := '[]'::jsonb;
    RETURN;
  END IF;
  INSERT INTO postings (operation_id, account_id, currency_code, amount, created_at) VALUES
    (o_operation_id, v_debit, v_own.currency_code, -p_amount, o_created_at),
    (o_operation_id, v_credit, v_own.currency_code, p_amount, o_created_at);
  UPDATE accounts SET balance = balance + CASE WHEN id = v_debit THEN -p_amount ELSE p_amount END,
                      updated_at = now()
  WHERE id IN (v_debit, v_credit);
  o_postings := jsonb_build_array(
    jsonb_build_object('accountId', v_debit, 'currency', v_own.currency_code,
                       'amount', (-p_amount)::numeric(20, 2)::text),
    jsonb_build_object('accountId', v_credit, 'currency', v_own.currency_code,
                       'amount', p_amount::numeric(20, 2)::text));
END
$$;
