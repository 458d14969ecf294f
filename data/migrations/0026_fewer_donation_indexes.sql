-- Every donation written is written into each index of the table too, and
-- a statement's import writes a great many: at 200 000 rows each index cost
-- about 0.45 s of the import. Two answered no question (the queries' plans
-- are in data/plans_test.go):
-- donations_date (by day alone): since donations_same_day (0004) every
-- question of a period asks for live donations, and that index holds them
-- in the order of the day;
-- donations_no_donor: the count of gifts without a donor is read from
-- donations_donor, where they come first.
-- It makes nothing, so a database of this schema whose header was lowered
-- by one cannot be told from one of 0025: run again, it does nothing.
DROP INDEX IF EXISTS donations_date;
DROP INDEX IF EXISTS donations_no_donor;
