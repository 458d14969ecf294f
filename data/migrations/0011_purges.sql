-- Emptying the Trash erases documents for good, and the erasure travels:
-- each erased document leaves a row here (its id, the case it was about
-- and the version of its last change as the erasing office had it), which
-- goes to the offices and the hub like any change. Each erases the document
-- too unless it holds a later change of it (restored or changed after that
-- version: the later change wins, as for a delete). No document content
-- stays here.
CREATE TABLE purges (
    id          TEXT PRIMARY KEY,  -- the erased row's id
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    tbl         TEXT NOT NULL,     -- what it was: 'documents'
    child_id    TEXT,              -- the case it was about (which offices hear of it)
    doc_version TEXT NOT NULL DEFAULT '',
    office      TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER purges_stamp_insert AFTER INSERT ON purges WHEN NEW.version = '' BEGIN
    UPDATE purges SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
