-- People: who may sign in to this database, with what roles. A database
-- without people is one nobody has set up yet: nothing is hidden. People
-- are this database's own (a regional office has its own volunteers): the
-- table never travels.
CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,              -- the name folded, for sign-in and uniqueness
    roles        TEXT NOT NULL,              -- space-separated: volunteer fundraiser director administrator
    lang         TEXT NOT NULL DEFAULT '',   -- the interface language; '' follows the computer
    password     TEXT NOT NULL,              -- argon2id$v=19$m=…,t=…,p=…$salt$hash (base64)
    active       INTEGER NOT NULL DEFAULT 1,
    failures     INTEGER NOT NULL DEFAULT 0, -- wrong passwords in a row
    failed_at    TEXT,                       -- the last wrong one
    demo         INTEGER NOT NULL DEFAULT 0, -- the demo database's demo director
    wrapped_key  TEXT NOT NULL DEFAULT ''    -- the documents' key, sealed by this person's password
);
CREATE UNIQUE INDEX people_name ON people (name_key) WHERE deleted_at IS NULL;

-- The recovery key's hash: the last administrator's way back in, shown once
-- when the first person was added.
CREATE TABLE recovery (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    key_hash    TEXT NOT NULL,
    wrapped_key TEXT NOT NULL DEFAULT ''  -- the documents' key, sealed by the recovery key
);

-- The documents' key: document files are encrypted (age) to its public
-- half, kept here; its secret half is kept only sealed, for each person and
-- for the recovery key. open_identity holds it unsealed for the demo
-- database alone, whose documents are made up.
CREATE TABLE file_key (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    recipient     TEXT NOT NULL,
    open_identity TEXT NOT NULL DEFAULT ''
);

-- The audit log says who did it (person_id, with the name in who), on
-- which computer, and about which child; views, prints and exports are
-- recorded as well as changes. Nobody edits or deletes an entry.
ALTER TABLE audit_log ADD COLUMN person_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN computer TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN child_id TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_child ON audit_log (child_id, at) WHERE child_id <> '';
CREATE INDEX audit_log_person ON audit_log (person_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE TRIGGER audit_log_kept_on_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never changed');
END;
CREATE TRIGGER audit_log_kept_on_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never deleted');
END;
