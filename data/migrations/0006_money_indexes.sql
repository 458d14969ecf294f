-- The funding picture sums each child's money in SQL (issue 14). With the
-- currency, the amount and whether the row is in the Trash in the per-child
-- indexes, the sums are read from the indexes alone, not by looking up
-- every donation, allocation and payment in its table. The indexes stay in
-- the order of the day, as the child's money screen lists them.
DROP INDEX donations_child;
CREATE INDEX donations_child ON donations (child_id, received_on, currency, amount_minor, deleted_at);
DROP INDEX allocations_child;
CREATE INDEX allocations_child ON allocations (child_id, on_date, currency, amount_minor, deleted_at);
DROP INDEX payments_child;
CREATE INDEX payments_child ON payments (child_id, paid_on, currency, amount_minor, deleted_at);
