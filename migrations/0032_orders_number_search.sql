-- The Orders panel's search by the start of an order number (`number LIKE 'DM0001%'`): the unique
-- index follows the database collation, which LIKE cannot use; this one can.
CREATE INDEX idx_orders_number_pattern ON orders (number text_pattern_ops);
