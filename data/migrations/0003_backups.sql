-- Backups: which were made, for the "last good backup" in Settings and for
-- backing up on close only after changes. database_id tells the backups of
-- this database from others kept in the same folder.
CREATE TABLE backup_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    folder      TEXT NOT NULL,
    name        TEXT NOT NULL,
    change_mark INTEGER NOT NULL,
    documents   INTEGER NOT NULL,
    problems    INTEGER NOT NULL DEFAULT 0,
    encrypted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX backup_log_at ON backup_log (at);
INSERT INTO settings (key, value, updated_at)
    VALUES ('database_id', lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(key) DO NOTHING;
