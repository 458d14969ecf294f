-- Version 3: documents erased from an office's Trash are erased from the
-- hub too. The erasure arrives as a row of table 'purges' (the document's
-- id and case, and doc_version: the version of the document's last change
-- as the erasing office had it); after taking an office's rows, the sync
-- calls hub_purge for each erasure and document it sent: the document's
-- row, its links to journey events and, once no document uses it, its file
-- leave the hub — unless the hub holds a later change of the document
-- (restored or changed since in another office: the later change wins),
-- and only a document the office may see. It returns 1 when it erased the
-- document.
CREATE FUNCTION hub_purge(doc text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
DECLARE
    d rows;
    erased_at text;
BEGIN
    SELECT vals->>'doc_version' INTO erased_at FROM rows WHERE tbl = 'purges' AND row_key = doc AND vals->>'tbl' = 'documents';
    SELECT * INTO d FROM rows WHERE tbl = 'documents' AND row_key = doc FOR UPDATE;
    IF NOT FOUND OR erased_at IS NULL OR d.version > erased_at OR NOT coalesce(hub_sees(d), false) THEN
        RETURN 0;
    END IF;
    DELETE FROM rows WHERE tbl = 'documents' AND row_key = doc;
    DELETE FROM rows WHERE tbl = 'journey_event_documents' AND vals->>'document_id' = doc;
    DELETE FROM files f WHERE f.sha256 = d.vals->>'sha256'
        AND NOT EXISTS (SELECT 1 FROM rows r WHERE r.tbl = 'documents' AND r.vals->>'sha256' = f.sha256);
    RETURN 1;
END
$$;
REVOKE ALL ON FUNCTION hub_purge(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_purge(text) TO carebook_office;
