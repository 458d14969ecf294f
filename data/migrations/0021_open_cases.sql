-- Today, the funding of the cases raising money and the checklist of the
-- cases past Documents each ask "which live cases are in these statuses?"
-- as a subquery: this index answers it alone, without reading each case's
-- row (the children table is larger than a connection's page cache).
CREATE INDEX children_live_status ON children (status, id, deleted_at, created_at);
