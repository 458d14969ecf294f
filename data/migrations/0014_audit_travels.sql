-- The audit log travels to the head office (issue 26): each entry carries
-- the office that wrote it and the version of that write, like every
-- travelling row. Entries written before this have none yet; the store
-- stamps them with a fresh version when it opens the database, so that they
-- go with the next bundle or sync however old they are. That stamping is
-- the one change an entry ever takes: the trigger below refuses any other.
ALTER TABLE audit_log ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN version TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_unstamped ON audit_log (id) WHERE version = '';
CREATE INDEX audit_log_office ON audit_log (office, action, at);
DROP TRIGGER audit_log_kept_on_update;
CREATE TRIGGER audit_log_kept_on_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.version = '' AND NEW.version <> '' AND OLD.office = ''
    AND NEW.id IS OLD.id AND NEW.created_at IS OLD.created_at AND NEW.updated_at IS OLD.updated_at
    AND NEW.deleted_at IS OLD.deleted_at AND NEW.at IS OLD.at AND NEW.who IS OLD.who
    AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
    AND NEW.summary IS OLD.summary AND NEW.person_id IS OLD.person_id
    AND NEW.computer IS OLD.computer AND NEW.child_id IS OLD.child_id)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never changed');
END;

-- A person may be given until a date (a visiting volunteer, a student on
-- placement): from the day after it they cannot sign in.
ALTER TABLE people ADD COLUMN expires_on TEXT NOT NULL DEFAULT '';
