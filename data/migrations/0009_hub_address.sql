-- The hub (issue 17): this office's address of the head office's hub,
-- with its password. It belongs to this database alone and never travels.
ALTER TABLE foundation ADD COLUMN hub_url TEXT NOT NULL DEFAULT '';
