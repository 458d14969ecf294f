-- Version 4: an office sees the rows of no region (of no case) whose
-- newest change is its own. A
-- regional office records gifts from donors the hub has not seen yet, and
-- gifts to the general fund (no case, so no region): before, the donor's
-- row was refused because no gift of it was visible yet, and a gift to the
-- general fund was refused outright (every sync failed for good). A donor
-- also follows a gift the office itself wrote.
CREATE OR REPLACE FUNCTION hub_sees(r rows) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
    SELECT o.head
        OR (r.region IS NOT NULL AND r.region = ANY (o.regions))
        OR (r.region IS NULL AND r.tbl IN ('settings', 'letter_templates', 'exchange_rates'))
        OR (r.region IS NULL AND r.office = o.code)
        OR (r.tbl = 'donors' AND EXISTS (
                SELECT 1 FROM rows d WHERE d.tbl = 'donations' AND d.vals->>'donor_id' = r.row_key
                AND (d.region = ANY (o.regions) OR d.office = o.code)))
    FROM offices o WHERE o.role = session_user
$$;
