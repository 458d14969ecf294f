-- Bank statements as banks export them (issue 13).
--
-- A donor's tax number (Kazakhstan's IIN/BIN, Russia's INN, Uzbekistan's
-- STIR/PINFL) matches a statement's payer before any name does.
ALTER TABLE donors ADD COLUMN tax_id TEXT NOT NULL DEFAULT '';
CREATE INDEX donors_tax_id ON donors (tax_id) WHERE tax_id <> '' AND deleted_at IS NULL;

-- The payer and the purpose as the bank wrote them: a statement row is a
-- repeat of a donation only when these agree too.
ALTER TABLE donations ADD COLUMN payer TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
CREATE INDEX donations_same_day ON donations (received_on, amount_minor, currency) WHERE deleted_at IS NULL;

-- Each statement imported, so that the same file again is recognised.
CREATE TABLE statement_imports (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    sha256      TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL DEFAULT '',
    rows_read   INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX statement_imports_sha ON statement_imports (sha256);

-- A table layout a volunteer mapped once (by its header), named, to be
-- recognised next time without asking.
CREATE TABLE bank_layouts (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    name        TEXT NOT NULL,
    signature   TEXT NOT NULL,
    mapping     TEXT NOT NULL
);
CREATE UNIQUE INDEX bank_layouts_signature ON bank_layouts (signature) WHERE deleted_at IS NULL;
