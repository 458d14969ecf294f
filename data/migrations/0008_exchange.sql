-- Offices and exchange (issue 15), second step: what a bundle needs to
-- merge two offices' work field by field.
--
-- field_versions: the version of the last change of each field of a row that
-- has been changed since it was created (a field not listed still has the
-- value it was created with, the same in every office that has the row).
-- The update triggers of migration 0007 now also write them, and stand
-- aside while a bundle is applied (foundation.applying), which writes the
-- sender's versions itself.
CREATE TABLE field_versions (
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,
    field   TEXT NOT NULL,
    version TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key, field)
) WITHOUT ROWID;

ALTER TABLE foundation ADD COLUMN applying INTEGER NOT NULL DEFAULT 0;
-- the newest version of each office whose changes this database holds
-- (JSON object office -> version), its own included
ALTER TABLE foundation ADD COLUMN known TEXT NOT NULL DEFAULT '{}';
-- this office's keys: an age X25519 identity to open bundles sent to it and
-- an ed25519 key (base64) to sign the bundles it sends
ALTER TABLE foundation ADD COLUMN secret_key TEXT NOT NULL DEFAULT '';
ALTER TABLE foundation ADD COLUMN signing_key TEXT NOT NULL DEFAULT '';

-- what each other office has told this one it holds, and the bundles
-- written to it and read from it
ALTER TABLE offices ADD COLUMN verify_key TEXT NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN acked TEXT NOT NULL DEFAULT '{}';
ALTER TABLE offices ADD COLUMN sent_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offices ADD COLUMN received_seq INTEGER NOT NULL DEFAULT 0;

-- the cases and donors that have gone to an office: a case that moves into
-- its regions (or a donor who gives to one of its cases) goes whole with
-- the next bundle, however old its rows
CREATE TABLE office_sent (
    office  TEXT NOT NULL,
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,
    PRIMARY KEY (office, tbl, row_key)
) WITHOUT ROWID;

-- The review queue: the same field changed differently in two offices
-- (kind 'field'), or a row deleted in one and changed in the other (kind
-- 'deleted', the row kept). Its id comes from what conflicted, so two
-- offices that find the same conflict hold one row; it travels like the
-- rows it is about.
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    kind        TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    child_id    TEXT,
    value_a     TEXT,
    office_a    TEXT NOT NULL DEFAULT '',
    version_a   TEXT NOT NULL DEFAULT '',
    value_b     TEXT,
    office_b    TEXT NOT NULL DEFAULT '',
    version_b   TEXT NOT NULL DEFAULT '',
    resolved_at TEXT,
    resolution  TEXT,
    office      TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conflicts_open ON conflicts (created_at) WHERE resolved_at IS NULL AND deleted_at IS NULL;

-- Receipt numbers count per office: a regional office's receipts read
-- SHY-000012, and never collide with the head office's.
ALTER TABLE letters ADD COLUMN receipt_office TEXT NOT NULL DEFAULT '';
UPDATE letters SET receipt_office = 'HQ' WHERE receipt_no IS NOT NULL;
DROP INDEX letters_receipt_no;
CREATE UNIQUE INDEX letters_receipt_no ON letters (receipt_office, receipt_no) WHERE receipt_no IS NOT NULL;

DROP TRIGGER IF EXISTS settings_stamp_update;
CREATE TRIGGER settings_stamp_update AFTER UPDATE ON settings WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE settings SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'settings' AND row_key = NEW.key AND field = 'value' AND NEW.value IS NOT OLD.value;
    INSERT INTO field_versions SELECT 'settings', NEW.key, 'value', (SELECT clock FROM foundation) WHERE NEW.value IS NOT OLD.value;
END;

DROP TRIGGER IF EXISTS children_stamp_update;
CREATE TRIGGER children_stamp_update AFTER UPDATE ON children WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE children SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'case_number' AND NEW.case_number IS NOT OLD.case_number;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'case_number', (SELECT clock FROM foundation) WHERE NEW.case_number IS NOT OLD.case_number;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'first_name' AND NEW.first_name IS NOT OLD.first_name;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'first_name', (SELECT clock FROM foundation) WHERE NEW.first_name IS NOT OLD.first_name;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'last_name' AND NEW.last_name IS NOT OLD.last_name;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'last_name', (SELECT clock FROM foundation) WHERE NEW.last_name IS NOT OLD.last_name;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'middle_name' AND NEW.middle_name IS NOT OLD.middle_name;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'middle_name', (SELECT clock FROM foundation) WHERE NEW.middle_name IS NOT OLD.middle_name;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'latin_name' AND NEW.latin_name IS NOT OLD.latin_name;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'latin_name', (SELECT clock FROM foundation) WHERE NEW.latin_name IS NOT OLD.latin_name;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'birth_date' AND NEW.birth_date IS NOT OLD.birth_date;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'birth_date', (SELECT clock FROM foundation) WHERE NEW.birth_date IS NOT OLD.birth_date;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'sex' AND NEW.sex IS NOT OLD.sex;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'sex', (SELECT clock FROM foundation) WHERE NEW.sex IS NOT OLD.sex;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'region' AND NEW.region IS NOT OLD.region;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'region', (SELECT clock FROM foundation) WHERE NEW.region IS NOT OLD.region;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'settlement' AND NEW.settlement IS NOT OLD.settlement;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'settlement', (SELECT clock FROM foundation) WHERE NEW.settlement IS NOT OLD.settlement;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'address' AND NEW.address IS NOT OLD.address;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'address', (SELECT clock FROM foundation) WHERE NEW.address IS NOT OLD.address;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'diagnosis' AND NEW.diagnosis IS NOT OLD.diagnosis;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'diagnosis', (SELECT clock FROM foundation) WHERE NEW.diagnosis IS NOT OLD.diagnosis;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'icd10' AND NEW.icd10 IS NOT OLD.icd10;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'icd10', (SELECT clock FROM foundation) WHERE NEW.icd10 IS NOT OLD.icd10;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'program' AND NEW.program IS NOT OLD.program;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'program', (SELECT clock FROM foundation) WHERE NEW.program IS NOT OLD.program;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'urgency' AND NEW.urgency IS NOT OLD.urgency;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'urgency', (SELECT clock FROM foundation) WHERE NEW.urgency IS NOT OLD.urgency;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'volunteer' AND NEW.volunteer IS NOT OLD.volunteer;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'volunteer', (SELECT clock FROM foundation) WHERE NEW.volunteer IS NOT OLD.volunteer;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'story' AND NEW.story IS NOT OLD.story;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'story', (SELECT clock FROM foundation) WHERE NEW.story IS NOT OLD.story;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'photo_id' AND NEW.photo_id IS NOT OLD.photo_id;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'photo_id', (SELECT clock FROM foundation) WHERE NEW.photo_id IS NOT OLD.photo_id;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'status' AND NEW.status IS NOT OLD.status;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'status', (SELECT clock FROM foundation) WHERE NEW.status IS NOT OLD.status;
    DELETE FROM field_versions WHERE tbl = 'children' AND row_key = NEW.id AND field = 'outcome' AND NEW.outcome IS NOT OLD.outcome;
    INSERT INTO field_versions SELECT 'children', NEW.id, 'outcome', (SELECT clock FROM foundation) WHERE NEW.outcome IS NOT OLD.outcome;
END;

DROP TRIGGER IF EXISTS guardians_stamp_update;
CREATE TRIGGER guardians_stamp_update AFTER UPDATE ON guardians WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE guardians SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'full_name' AND NEW.full_name IS NOT OLD.full_name;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'full_name', (SELECT clock FROM foundation) WHERE NEW.full_name IS NOT OLD.full_name;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'relation' AND NEW.relation IS NOT OLD.relation;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'relation', (SELECT clock FROM foundation) WHERE NEW.relation IS NOT OLD.relation;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'phones' AND NEW.phones IS NOT OLD.phones;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'phones', (SELECT clock FROM foundation) WHERE NEW.phones IS NOT OLD.phones;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'email' AND NEW.email IS NOT OLD.email;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'email', (SELECT clock FROM foundation) WHERE NEW.email IS NOT OLD.email;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'address' AND NEW.address IS NOT OLD.address;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'address', (SELECT clock FROM foundation) WHERE NEW.address IS NOT OLD.address;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'language' AND NEW.language IS NOT OLD.language;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'language', (SELECT clock FROM foundation) WHERE NEW.language IS NOT OLD.language;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'id_document' AND NEW.id_document IS NOT OLD.id_document;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'id_document', (SELECT clock FROM foundation) WHERE NEW.id_document IS NOT OLD.id_document;
    DELETE FROM field_versions WHERE tbl = 'guardians' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'guardians', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
END;

DROP TRIGGER IF EXISTS documents_stamp_update;
CREATE TRIGGER documents_stamp_update AFTER UPDATE ON documents WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'title' AND NEW.title IS NOT OLD.title;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'title', (SELECT clock FROM foundation) WHERE NEW.title IS NOT OLD.title;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'issued_on' AND NEW.issued_on IS NOT OLD.issued_on;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'issued_on', (SELECT clock FROM foundation) WHERE NEW.issued_on IS NOT OLD.issued_on;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'issuer' AND NEW.issuer IS NOT OLD.issuer;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'issuer', (SELECT clock FROM foundation) WHERE NEW.issuer IS NOT OLD.issuer;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'file_name' AND NEW.file_name IS NOT OLD.file_name;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'file_name', (SELECT clock FROM foundation) WHERE NEW.file_name IS NOT OLD.file_name;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'media_type' AND NEW.media_type IS NOT OLD.media_type;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'media_type', (SELECT clock FROM foundation) WHERE NEW.media_type IS NOT OLD.media_type;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'size' AND NEW.size IS NOT OLD.size;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'size', (SELECT clock FROM foundation) WHERE NEW.size IS NOT OLD.size;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'sha256' AND NEW.sha256 IS NOT OLD.sha256;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'sha256', (SELECT clock FROM foundation) WHERE NEW.sha256 IS NOT OLD.sha256;
    DELETE FROM field_versions WHERE tbl = 'documents' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'documents', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
END;

DROP TRIGGER IF EXISTS consents_stamp_update;
CREATE TRIGGER consents_stamp_update AFTER UPDATE ON consents WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE consents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'guardian_id' AND NEW.guardian_id IS NOT OLD.guardian_id;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'guardian_id', (SELECT clock FROM foundation) WHERE NEW.guardian_id IS NOT OLD.guardian_id;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'granted_on' AND NEW.granted_on IS NOT OLD.granted_on;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'granted_on', (SELECT clock FROM foundation) WHERE NEW.granted_on IS NOT OLD.granted_on;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'expires_on' AND NEW.expires_on IS NOT OLD.expires_on;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'expires_on', (SELECT clock FROM foundation) WHERE NEW.expires_on IS NOT OLD.expires_on;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'withdrawn_on' AND NEW.withdrawn_on IS NOT OLD.withdrawn_on;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'withdrawn_on', (SELECT clock FROM foundation) WHERE NEW.withdrawn_on IS NOT OLD.withdrawn_on;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'document_id' AND NEW.document_id IS NOT OLD.document_id;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'document_id', (SELECT clock FROM foundation) WHERE NEW.document_id IS NOT OLD.document_id;
    DELETE FROM field_versions WHERE tbl = 'consents' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'consents', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
END;

DROP TRIGGER IF EXISTS journey_events_stamp_update;
CREATE TRIGGER journey_events_stamp_update AFTER UPDATE ON journey_events WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE journey_events SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'on_date' AND NEW.on_date IS NOT OLD.on_date;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'on_date', (SELECT clock FROM foundation) WHERE NEW.on_date IS NOT OLD.on_date;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'title' AND NEW.title IS NOT OLD.title;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'title', (SELECT clock FROM foundation) WHERE NEW.title IS NOT OLD.title;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'description' AND NEW.description IS NOT OLD.description;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'description', (SELECT clock FROM foundation) WHERE NEW.description IS NOT OLD.description;
    DELETE FROM field_versions WHERE tbl = 'journey_events' AND row_key = NEW.id AND field = 'place' AND NEW.place IS NOT OLD.place;
    INSERT INTO field_versions SELECT 'journey_events', NEW.id, 'place', (SELECT clock FROM foundation) WHERE NEW.place IS NOT OLD.place;
END;

DROP TRIGGER IF EXISTS journey_event_documents_stamp_update;
CREATE TRIGGER journey_event_documents_stamp_update AFTER UPDATE ON journey_event_documents WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE journey_event_documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE event_id = NEW.event_id AND document_id = NEW.document_id;
END;

DROP TRIGGER IF EXISTS estimates_stamp_update;
CREATE TRIGGER estimates_stamp_update AFTER UPDATE ON estimates WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE estimates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'provider' AND NEW.provider IS NOT OLD.provider;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'provider', (SELECT clock FROM foundation) WHERE NEW.provider IS NOT OLD.provider;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'title' AND NEW.title IS NOT OLD.title;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'title', (SELECT clock FROM foundation) WHERE NEW.title IS NOT OLD.title;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'currency' AND NEW.currency IS NOT OLD.currency;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'currency', (SELECT clock FROM foundation) WHERE NEW.currency IS NOT OLD.currency;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'issued_on' AND NEW.issued_on IS NOT OLD.issued_on;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'issued_on', (SELECT clock FROM foundation) WHERE NEW.issued_on IS NOT OLD.issued_on;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'valid_until' AND NEW.valid_until IS NOT OLD.valid_until;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'valid_until', (SELECT clock FROM foundation) WHERE NEW.valid_until IS NOT OLD.valid_until;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'status' AND NEW.status IS NOT OLD.status;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'status', (SELECT clock FROM foundation) WHERE NEW.status IS NOT OLD.status;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'supersedes_id' AND NEW.supersedes_id IS NOT OLD.supersedes_id;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'supersedes_id', (SELECT clock FROM foundation) WHERE NEW.supersedes_id IS NOT OLD.supersedes_id;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'rate' AND NEW.rate IS NOT OLD.rate;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'rate', (SELECT clock FROM foundation) WHERE NEW.rate IS NOT OLD.rate;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'covered_minor' AND NEW.covered_minor IS NOT OLD.covered_minor;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'covered_minor', (SELECT clock FROM foundation) WHERE NEW.covered_minor IS NOT OLD.covered_minor;
    DELETE FROM field_versions WHERE tbl = 'estimates' AND row_key = NEW.id AND field = 'notes' AND NEW.notes IS NOT OLD.notes;
    INSERT INTO field_versions SELECT 'estimates', NEW.id, 'notes', (SELECT clock FROM foundation) WHERE NEW.notes IS NOT OLD.notes;
END;

DROP TRIGGER IF EXISTS line_items_stamp_update;
CREATE TRIGGER line_items_stamp_update AFTER UPDATE ON line_items WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE line_items SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'estimate_id' AND NEW.estimate_id IS NOT OLD.estimate_id;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'estimate_id', (SELECT clock FROM foundation) WHERE NEW.estimate_id IS NOT OLD.estimate_id;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'position' AND NEW.position IS NOT OLD.position;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'position', (SELECT clock FROM foundation) WHERE NEW.position IS NOT OLD.position;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'description' AND NEW.description IS NOT OLD.description;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'description', (SELECT clock FROM foundation) WHERE NEW.description IS NOT OLD.description;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'quantity_milli' AND NEW.quantity_milli IS NOT OLD.quantity_milli;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'quantity_milli', (SELECT clock FROM foundation) WHERE NEW.quantity_milli IS NOT OLD.quantity_milli;
    DELETE FROM field_versions WHERE tbl = 'line_items' AND row_key = NEW.id AND field = 'unit_price_minor' AND NEW.unit_price_minor IS NOT OLD.unit_price_minor;
    INSERT INTO field_versions SELECT 'line_items', NEW.id, 'unit_price_minor', (SELECT clock FROM foundation) WHERE NEW.unit_price_minor IS NOT OLD.unit_price_minor;
END;

DROP TRIGGER IF EXISTS payments_stamp_update;
CREATE TRIGGER payments_stamp_update AFTER UPDATE ON payments WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE payments SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'payee' AND NEW.payee IS NOT OLD.payee;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'payee', (SELECT clock FROM foundation) WHERE NEW.payee IS NOT OLD.payee;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'paid_on' AND NEW.paid_on IS NOT OLD.paid_on;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'paid_on', (SELECT clock FROM foundation) WHERE NEW.paid_on IS NOT OLD.paid_on;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'amount_minor' AND NEW.amount_minor IS NOT OLD.amount_minor;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'amount_minor', (SELECT clock FROM foundation) WHERE NEW.amount_minor IS NOT OLD.amount_minor;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'currency' AND NEW.currency IS NOT OLD.currency;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'currency', (SELECT clock FROM foundation) WHERE NEW.currency IS NOT OLD.currency;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'estimate_id' AND NEW.estimate_id IS NOT OLD.estimate_id;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'estimate_id', (SELECT clock FROM foundation) WHERE NEW.estimate_id IS NOT OLD.estimate_id;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'reference' AND NEW.reference IS NOT OLD.reference;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'reference', (SELECT clock FROM foundation) WHERE NEW.reference IS NOT OLD.reference;
    DELETE FROM field_versions WHERE tbl = 'payments' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'payments', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
END;

DROP TRIGGER IF EXISTS exchange_rates_stamp_update;
CREATE TRIGGER exchange_rates_stamp_update AFTER UPDATE ON exchange_rates WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE exchange_rates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'exchange_rates' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'exchange_rates', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'exchange_rates' AND row_key = NEW.id AND field = 'on_date' AND NEW.on_date IS NOT OLD.on_date;
    INSERT INTO field_versions SELECT 'exchange_rates', NEW.id, 'on_date', (SELECT clock FROM foundation) WHERE NEW.on_date IS NOT OLD.on_date;
    DELETE FROM field_versions WHERE tbl = 'exchange_rates' AND row_key = NEW.id AND field = 'currency' AND NEW.currency IS NOT OLD.currency;
    INSERT INTO field_versions SELECT 'exchange_rates', NEW.id, 'currency', (SELECT clock FROM foundation) WHERE NEW.currency IS NOT OLD.currency;
    DELETE FROM field_versions WHERE tbl = 'exchange_rates' AND row_key = NEW.id AND field = 'rate' AND NEW.rate IS NOT OLD.rate;
    INSERT INTO field_versions SELECT 'exchange_rates', NEW.id, 'rate', (SELECT clock FROM foundation) WHERE NEW.rate IS NOT OLD.rate;
    DELETE FROM field_versions WHERE tbl = 'exchange_rates' AND row_key = NEW.id AND field = 'source' AND NEW.source IS NOT OLD.source;
    INSERT INTO field_versions SELECT 'exchange_rates', NEW.id, 'source', (SELECT clock FROM foundation) WHERE NEW.source IS NOT OLD.source;
END;

DROP TRIGGER IF EXISTS donors_stamp_update;
CREATE TRIGGER donors_stamp_update AFTER UPDATE ON donors WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE donors SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'display_name' AND NEW.display_name IS NOT OLD.display_name;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'display_name', (SELECT clock FROM foundation) WHERE NEW.display_name IS NOT OLD.display_name;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'email' AND NEW.email IS NOT OLD.email;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'email', (SELECT clock FROM foundation) WHERE NEW.email IS NOT OLD.email;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'phone' AND NEW.phone IS NOT OLD.phone;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'phone', (SELECT clock FROM foundation) WHERE NEW.phone IS NOT OLD.phone;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'address' AND NEW.address IS NOT OLD.address;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'address', (SELECT clock FROM foundation) WHERE NEW.address IS NOT OLD.address;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'language' AND NEW.language IS NOT OLD.language;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'language', (SELECT clock FROM foundation) WHERE NEW.language IS NOT OLD.language;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'anonymous' AND NEW.anonymous IS NOT OLD.anonymous;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'anonymous', (SELECT clock FROM foundation) WHERE NEW.anonymous IS NOT OLD.anonymous;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'notes' AND NEW.notes IS NOT OLD.notes;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'notes', (SELECT clock FROM foundation) WHERE NEW.notes IS NOT OLD.notes;
    DELETE FROM field_versions WHERE tbl = 'donors' AND row_key = NEW.id AND field = 'tax_id' AND NEW.tax_id IS NOT OLD.tax_id;
    INSERT INTO field_versions SELECT 'donors', NEW.id, 'tax_id', (SELECT clock FROM foundation) WHERE NEW.tax_id IS NOT OLD.tax_id;
END;

DROP TRIGGER IF EXISTS letter_templates_stamp_update;
CREATE TRIGGER letter_templates_stamp_update AFTER UPDATE ON letter_templates WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE letter_templates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'letter_templates' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'letter_templates', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'letter_templates' AND row_key = NEW.id AND field = 'name' AND NEW.name IS NOT OLD.name;
    INSERT INTO field_versions SELECT 'letter_templates', NEW.id, 'name', (SELECT clock FROM foundation) WHERE NEW.name IS NOT OLD.name;
    DELETE FROM field_versions WHERE tbl = 'letter_templates' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'letter_templates', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'letter_templates' AND row_key = NEW.id AND field = 'language' AND NEW.language IS NOT OLD.language;
    INSERT INTO field_versions SELECT 'letter_templates', NEW.id, 'language', (SELECT clock FROM foundation) WHERE NEW.language IS NOT OLD.language;
    DELETE FROM field_versions WHERE tbl = 'letter_templates' AND row_key = NEW.id AND field = 'body' AND NEW.body IS NOT OLD.body;
    INSERT INTO field_versions SELECT 'letter_templates', NEW.id, 'body', (SELECT clock FROM foundation) WHERE NEW.body IS NOT OLD.body;
END;

DROP TRIGGER IF EXISTS letters_stamp_update;
CREATE TRIGGER letters_stamp_update AFTER UPDATE ON letters WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE letters SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'donor_id' AND NEW.donor_id IS NOT OLD.donor_id;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'donor_id', (SELECT clock FROM foundation) WHERE NEW.donor_id IS NOT OLD.donor_id;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'template_id' AND NEW.template_id IS NOT OLD.template_id;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'template_id', (SELECT clock FROM foundation) WHERE NEW.template_id IS NOT OLD.template_id;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'language' AND NEW.language IS NOT OLD.language;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'language', (SELECT clock FROM foundation) WHERE NEW.language IS NOT OLD.language;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'created_on' AND NEW.created_on IS NOT OLD.created_on;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'created_on', (SELECT clock FROM foundation) WHERE NEW.created_on IS NOT OLD.created_on;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'document_id' AND NEW.document_id IS NOT OLD.document_id;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'document_id', (SELECT clock FROM foundation) WHERE NEW.document_id IS NOT OLD.document_id;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'status' AND NEW.status IS NOT OLD.status;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'status', (SELECT clock FROM foundation) WHERE NEW.status IS NOT OLD.status;
    DELETE FROM field_versions WHERE tbl = 'letters' AND row_key = NEW.id AND field = 'receipt_no' AND NEW.receipt_no IS NOT OLD.receipt_no;
    INSERT INTO field_versions SELECT 'letters', NEW.id, 'receipt_no', (SELECT clock FROM foundation) WHERE NEW.receipt_no IS NOT OLD.receipt_no;
END;

DROP TRIGGER IF EXISTS donations_stamp_update;
CREATE TRIGGER donations_stamp_update AFTER UPDATE ON donations WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'donor_id' AND NEW.donor_id IS NOT OLD.donor_id;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'donor_id', (SELECT clock FROM foundation) WHERE NEW.donor_id IS NOT OLD.donor_id;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'received_on' AND NEW.received_on IS NOT OLD.received_on;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'received_on', (SELECT clock FROM foundation) WHERE NEW.received_on IS NOT OLD.received_on;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'amount_minor' AND NEW.amount_minor IS NOT OLD.amount_minor;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'amount_minor', (SELECT clock FROM foundation) WHERE NEW.amount_minor IS NOT OLD.amount_minor;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'currency' AND NEW.currency IS NOT OLD.currency;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'currency', (SELECT clock FROM foundation) WHERE NEW.currency IS NOT OLD.currency;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'method' AND NEW.method IS NOT OLD.method;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'method', (SELECT clock FROM foundation) WHERE NEW.method IS NOT OLD.method;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'campaign' AND NEW.campaign IS NOT OLD.campaign;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'campaign', (SELECT clock FROM foundation) WHERE NEW.campaign IS NOT OLD.campaign;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'bank_reference' AND NEW.bank_reference IS NOT OLD.bank_reference;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'bank_reference', (SELECT clock FROM foundation) WHERE NEW.bank_reference IS NOT OLD.bank_reference;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'thanked_at' AND NEW.thanked_at IS NOT OLD.thanked_at;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'thanked_at', (SELECT clock FROM foundation) WHERE NEW.thanked_at IS NOT OLD.thanked_at;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'letter_id' AND NEW.letter_id IS NOT OLD.letter_id;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'letter_id', (SELECT clock FROM foundation) WHERE NEW.letter_id IS NOT OLD.letter_id;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'payer' AND NEW.payer IS NOT OLD.payer;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'payer', (SELECT clock FROM foundation) WHERE NEW.payer IS NOT OLD.payer;
    DELETE FROM field_versions WHERE tbl = 'donations' AND row_key = NEW.id AND field = 'purpose' AND NEW.purpose IS NOT OLD.purpose;
    INSERT INTO field_versions SELECT 'donations', NEW.id, 'purpose', (SELECT clock FROM foundation) WHERE NEW.purpose IS NOT OLD.purpose;
END;

DROP TRIGGER IF EXISTS letter_donations_stamp_update;
CREATE TRIGGER letter_donations_stamp_update AFTER UPDATE ON letter_donations WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE letter_donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE letter_id = NEW.letter_id AND donation_id = NEW.donation_id;
END;

DROP TRIGGER IF EXISTS allocations_stamp_update;
CREATE TRIGGER allocations_stamp_update AFTER UPDATE ON allocations WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE allocations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'on_date' AND NEW.on_date IS NOT OLD.on_date;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'on_date', (SELECT clock FROM foundation) WHERE NEW.on_date IS NOT OLD.on_date;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'amount_minor' AND NEW.amount_minor IS NOT OLD.amount_minor;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'amount_minor', (SELECT clock FROM foundation) WHERE NEW.amount_minor IS NOT OLD.amount_minor;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'currency' AND NEW.currency IS NOT OLD.currency;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'currency', (SELECT clock FROM foundation) WHERE NEW.currency IS NOT OLD.currency;
    DELETE FROM field_versions WHERE tbl = 'allocations' AND row_key = NEW.id AND field = 'note' AND NEW.note IS NOT OLD.note;
    INSERT INTO field_versions SELECT 'allocations', NEW.id, 'note', (SELECT clock FROM foundation) WHERE NEW.note IS NOT OLD.note;
END;

DROP TRIGGER IF EXISTS status_changes_stamp_update;
CREATE TRIGGER status_changes_stamp_update AFTER UPDATE ON status_changes WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE status_changes SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'from_status' AND NEW.from_status IS NOT OLD.from_status;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'from_status', (SELECT clock FROM foundation) WHERE NEW.from_status IS NOT OLD.from_status;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'to_status' AND NEW.to_status IS NOT OLD.to_status;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'to_status', (SELECT clock FROM foundation) WHERE NEW.to_status IS NOT OLD.to_status;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'outcome' AND NEW.outcome IS NOT OLD.outcome;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'outcome', (SELECT clock FROM foundation) WHERE NEW.outcome IS NOT OLD.outcome;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'at' AND NEW.at IS NOT OLD.at;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'at', (SELECT clock FROM foundation) WHERE NEW.at IS NOT OLD.at;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'changed_by' AND NEW.changed_by IS NOT OLD.changed_by;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'changed_by', (SELECT clock FROM foundation) WHERE NEW.changed_by IS NOT OLD.changed_by;
    DELETE FROM field_versions WHERE tbl = 'status_changes' AND row_key = NEW.id AND field = 'reason' AND NEW.reason IS NOT OLD.reason;
    INSERT INTO field_versions SELECT 'status_changes', NEW.id, 'reason', (SELECT clock FROM foundation) WHERE NEW.reason IS NOT OLD.reason;
END;

DROP TRIGGER IF EXISTS conflicts_stamp_update;
CREATE TRIGGER conflicts_stamp_insert AFTER INSERT ON conflicts WHEN NEW.version = '' BEGIN
    UPDATE conflicts SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER conflicts_stamp_update AFTER UPDATE ON conflicts WHEN NEW.version = OLD.version AND (SELECT applying FROM foundation) = 0 BEGIN
    UPDATE conflicts SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'deleted_at' AND NEW.deleted_at IS NOT OLD.deleted_at;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'deleted_at', (SELECT clock FROM foundation) WHERE NEW.deleted_at IS NOT OLD.deleted_at;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'kind' AND NEW.kind IS NOT OLD.kind;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'kind', (SELECT clock FROM foundation) WHERE NEW.kind IS NOT OLD.kind;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'tbl' AND NEW.tbl IS NOT OLD.tbl;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'tbl', (SELECT clock FROM foundation) WHERE NEW.tbl IS NOT OLD.tbl;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'row_key' AND NEW.row_key IS NOT OLD.row_key;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'row_key', (SELECT clock FROM foundation) WHERE NEW.row_key IS NOT OLD.row_key;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'field' AND NEW.field IS NOT OLD.field;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'field', (SELECT clock FROM foundation) WHERE NEW.field IS NOT OLD.field;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'child_id' AND NEW.child_id IS NOT OLD.child_id;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'child_id', (SELECT clock FROM foundation) WHERE NEW.child_id IS NOT OLD.child_id;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'value_a' AND NEW.value_a IS NOT OLD.value_a;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'value_a', (SELECT clock FROM foundation) WHERE NEW.value_a IS NOT OLD.value_a;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'office_a' AND NEW.office_a IS NOT OLD.office_a;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'office_a', (SELECT clock FROM foundation) WHERE NEW.office_a IS NOT OLD.office_a;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'version_a' AND NEW.version_a IS NOT OLD.version_a;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'version_a', (SELECT clock FROM foundation) WHERE NEW.version_a IS NOT OLD.version_a;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'value_b' AND NEW.value_b IS NOT OLD.value_b;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'value_b', (SELECT clock FROM foundation) WHERE NEW.value_b IS NOT OLD.value_b;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'office_b' AND NEW.office_b IS NOT OLD.office_b;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'office_b', (SELECT clock FROM foundation) WHERE NEW.office_b IS NOT OLD.office_b;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'version_b' AND NEW.version_b IS NOT OLD.version_b;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'version_b', (SELECT clock FROM foundation) WHERE NEW.version_b IS NOT OLD.version_b;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'resolved_at' AND NEW.resolved_at IS NOT OLD.resolved_at;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'resolved_at', (SELECT clock FROM foundation) WHERE NEW.resolved_at IS NOT OLD.resolved_at;
    DELETE FROM field_versions WHERE tbl = 'conflicts' AND row_key = NEW.id AND field = 'resolution' AND NEW.resolution IS NOT OLD.resolution;
    INSERT INTO field_versions SELECT 'conflicts', NEW.id, 'resolution', (SELECT clock FROM foundation) WHERE NEW.resolution IS NOT OLD.resolution;
END;
