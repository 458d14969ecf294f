-- A document unlinked from a journey event stays as a tombstone, like every
-- other row that travels between offices: the unlink reaches the other
-- offices with the next bundle or sync (a deleted row would just be missing
-- here and still linked there), and linking it again brings the row back.
ALTER TABLE journey_event_documents ADD COLUMN deleted_at TEXT;

DROP TRIGGER IF EXISTS journey_event_documents_stamp_update;
CREATE TRIGGER journey_event_documents_stamp_update AFTER UPDATE ON journey_event_documents WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE journey_event_documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE event_id = NEW.event_id AND document_id = NEW.document_id;
    DELETE FROM field_versions WHERE tbl = 'journey_event_documents' AND row_key = NEW.event_id || '|' || NEW.document_id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'journey_event_documents', NEW.event_id || '|' || NEW.document_id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
END;
