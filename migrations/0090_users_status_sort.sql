-- The Users list sorts by status (keyset on (status, id)). Orders and lifetime value sort on
-- user_aggregate's own indexes (idx_user_aggregate_orders, idx_user_aggregate_ltv, 0005).
CREATE INDEX idx_users_status_id ON users (status, id);
