-- Carebook schema, version 1.
-- Every entity row: UUIDv7 text id, created_at / updated_at / deleted_at as
-- RFC 3339 UTC text (deleted_at set = in the Trash). Calendar dates are
-- YYYY-MM-DD text. Money is an integer of minor units plus an ISO 4217 code.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Case numbers are handed out from here so that one is never given twice.
CREATE TABLE case_counters (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE children (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    case_number TEXT NOT NULL UNIQUE,
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    middle_name TEXT NOT NULL DEFAULT '',
    latin_name  TEXT NOT NULL DEFAULT '',
    birth_date  TEXT,
    sex         TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'f', 'm')),
    region      TEXT NOT NULL DEFAULT '',
    settlement  TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    diagnosis   TEXT NOT NULL DEFAULT '',
    icd10       TEXT NOT NULL DEFAULT '',
    program     TEXT NOT NULL DEFAULT '',
    urgency     TEXT NOT NULL DEFAULT 'normal',
    volunteer   TEXT NOT NULL DEFAULT '',
    story       TEXT NOT NULL DEFAULT '',
    photo_id    TEXT REFERENCES documents (id),
    status      TEXT NOT NULL DEFAULT 'intake',
    outcome     TEXT NOT NULL DEFAULT '',
    -- folded name, case number and diagnosis, filled by the store (no ICU here)
    search      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX children_status ON children (status, case_number) WHERE deleted_at IS NULL;
CREATE INDEX children_region ON children (region) WHERE deleted_at IS NULL;
CREATE INDEX children_program ON children (program) WHERE deleted_at IS NULL;
CREATE INDEX children_deleted ON children (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE guardians (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    child_id    TEXT NOT NULL REFERENCES children (id),
    full_name   TEXT NOT NULL,
    relation    TEXT NOT NULL,
    phones      TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    id_document TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guardians_child ON guardians (child_id);

CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    child_id   TEXT REFERENCES children (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    issued_on  TEXT,
    issuer     TEXT NOT NULL DEFAULT '',
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL DEFAULT '',
    size       INTEGER NOT NULL CHECK (size >= 0),
    sha256     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_child ON documents (child_id, kind);
CREATE INDEX documents_sha256 ON documents (sha256);

CREATE TABLE consents (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    child_id     TEXT NOT NULL REFERENCES children (id),
    guardian_id  TEXT REFERENCES guardians (id),
    kind         TEXT NOT NULL,
    granted_on   TEXT NOT NULL,
    expires_on   TEXT,
    withdrawn_on TEXT,
    document_id  TEXT REFERENCES documents (id),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_child ON consents (child_id, kind);

CREATE TABLE journey_events (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    child_id    TEXT NOT NULL REFERENCES children (id),
    on_date     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX journey_events_child ON journey_events (child_id, on_date);

CREATE TABLE journey_event_documents (
    event_id    TEXT NOT NULL REFERENCES journey_events (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    PRIMARY KEY (event_id, document_id)
) WITHOUT ROWID;
CREATE INDEX journey_event_documents_document ON journey_event_documents (document_id);

CREATE TABLE estimates (
    id            TEXT PRIMARY KEY,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    child_id      TEXT NOT NULL REFERENCES children (id),
    provider      TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    currency      TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    valid_until   TEXT,
    status        TEXT NOT NULL DEFAULT 'draft',
    supersedes_id TEXT REFERENCES estimates (id),
    rate          TEXT NOT NULL DEFAULT '',
    covered_minor INTEGER NOT NULL DEFAULT 0 CHECK (covered_minor >= 0),
    notes         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX estimates_child ON estimates (child_id, status);

CREATE TABLE line_items (
    id               TEXT PRIMARY KEY,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT,
    estimate_id      TEXT NOT NULL REFERENCES estimates (id),
    position         INTEGER NOT NULL DEFAULT 0,
    description      TEXT NOT NULL,
    quantity_milli   INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0)
);
CREATE INDEX line_items_estimate ON line_items (estimate_id, position);

CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    child_id     TEXT NOT NULL REFERENCES children (id),
    payee        TEXT NOT NULL,
    paid_on      TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    estimate_id  TEXT REFERENCES estimates (id),
    reference    TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_child ON payments (child_id, paid_on);
CREATE INDEX payments_date ON payments (paid_on);

CREATE TABLE exchange_rates (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    on_date    TEXT NOT NULL,
    currency   TEXT NOT NULL,
    rate       TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX exchange_rates_day ON exchange_rates (currency, on_date) WHERE deleted_at IS NULL;

CREATE TABLE donors (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    kind         TEXT NOT NULL DEFAULT 'person',
    display_name TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    anonymous    INTEGER NOT NULL DEFAULT 0,
    notes        TEXT NOT NULL DEFAULT '',
    search       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX donors_name ON donors (display_name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE letter_templates (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    language   TEXT NOT NULL,
    body       TEXT NOT NULL
);

CREATE TABLE letters (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    donor_id    TEXT NOT NULL REFERENCES donors (id),
    template_id TEXT REFERENCES letter_templates (id),
    child_id    TEXT REFERENCES children (id),
    kind        TEXT NOT NULL,
    language    TEXT NOT NULL,
    created_on  TEXT NOT NULL,
    document_id TEXT REFERENCES documents (id),
    status      TEXT NOT NULL DEFAULT 'draft'
);
CREATE INDEX letters_donor ON letters (donor_id, created_on);

CREATE TABLE donations (
    id             TEXT PRIMARY KEY,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    donor_id       TEXT REFERENCES donors (id),
    received_on    TEXT NOT NULL,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT NOT NULL,
    method         TEXT NOT NULL DEFAULT 'bank',
    child_id       TEXT REFERENCES children (id),
    campaign       TEXT NOT NULL DEFAULT '',
    bank_reference TEXT NOT NULL DEFAULT '',
    thanked_at     TEXT,
    letter_id      TEXT REFERENCES letters (id),
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX donations_donor ON donations (donor_id, received_on);
CREATE INDEX donations_child ON donations (child_id, received_on);
CREATE INDEX donations_date ON donations (received_on);
CREATE INDEX donations_unthanked ON donations (received_on) WHERE thanked_at IS NULL AND deleted_at IS NULL;

CREATE TABLE letter_donations (
    letter_id   TEXT NOT NULL REFERENCES letters (id),
    donation_id TEXT NOT NULL REFERENCES donations (id),
    PRIMARY KEY (letter_id, donation_id)
) WITHOUT ROWID;

CREATE TABLE allocations (
    id           TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    child_id     TEXT NOT NULL REFERENCES children (id),
    on_date      TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX allocations_child ON allocations (child_id, on_date);

CREATE TABLE status_changes (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    child_id    TEXT NOT NULL REFERENCES children (id),
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    changed_by  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX status_changes_child ON status_changes (child_id, at);

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    at         TEXT NOT NULL,
    who        TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity_id);
