-- Version 5: the hub checks what it stores, so that one office (or anyone
-- with its login) cannot break it for all.
--
-- A document file must hash to its key: bytes stored under another file's
-- SHA-256 would keep the real file out of the hub for good. Any such row
-- already here goes (the office that holds the real file sends it again).
DELETE FROM files WHERE encode(sha256(content), 'hex') <> sha256;
ALTER TABLE files DROP CONSTRAINT IF EXISTS files_content_is_its_hash;
ALTER TABLE files ADD CONSTRAINT files_content_is_its_hash CHECK (encode(sha256(content), 'hex') = sha256);

-- The foundation's settings and letter templates are the head office's:
-- another office reads them and never writes them. A row's columns are a
-- JSON object.
CREATE OR REPLACE FUNCTION hub_writes(r rows) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
    SELECT coalesce(hub_sees(r), false)
        AND jsonb_typeof(r.vals) = 'object'
        AND (r.tbl NOT IN ('settings', 'letter_templates') OR o.head)
    FROM offices o WHERE o.role = session_user
$$;

DROP POLICY IF EXISTS office_inserts ON rows;
DROP POLICY IF EXISTS office_updates ON rows;
CREATE POLICY office_inserts ON rows FOR INSERT WITH CHECK (written_by = session_user AND coalesce(hub_writes(rows), false));
CREATE POLICY office_updates ON rows FOR UPDATE USING (coalesce(hub_sees(rows), false))
    WITH CHECK (written_by = session_user AND coalesce(hub_writes(rows), false));
