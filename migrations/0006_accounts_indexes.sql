-- The Users search matches a substring of the email OR the first OR the last name. With only the
-- email indexed, the OR cannot use any index and every search scans the table; with all three the
-- planner ORs three bitmap index scans.
CREATE INDEX idx_users_first_name_trgm ON users USING gin (first_name gin_trgm_ops);
CREATE INDEX idx_users_last_name_trgm ON users USING gin (last_name gin_trgm_ops);
