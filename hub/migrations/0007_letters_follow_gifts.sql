-- Version 7: a thank-you letter's links are what thanks its gifts (the
-- offices' migration 0025; before, each gift's own row said so). A link
-- goes where its gift goes: to the office of the gift's case, or, for a
-- gift to the general fund, to the office that wrote the gift last. Its
-- letter goes with it, wherever the letter's own case is, or when it has
-- none (a letter that thanks a donor for gifts to several cases).
CREATE INDEX IF NOT EXISTS rows_letter_links ON rows ((vals->>'letter_id')) WHERE tbl = 'letter_donations';

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
        OR (r.tbl = 'letter_donations' AND EXISTS (
                SELECT 1 FROM rows d WHERE d.tbl = 'donations' AND d.row_key = r.vals->>'donation_id'
                AND (d.region = ANY (o.regions) OR d.office = o.code)))
        OR (r.tbl = 'letters' AND EXISTS (
                SELECT 1 FROM rows ld JOIN rows d ON d.tbl = 'donations' AND d.row_key = ld.vals->>'donation_id'
                WHERE ld.tbl = 'letter_donations' AND ld.vals->>'letter_id' = r.row_key
                AND (d.region = ANY (o.regions) OR d.office = o.code)))
    FROM offices o WHERE o.role = session_user
$$;
