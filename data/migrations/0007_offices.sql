-- Offices and exchange (issue 15), first step: who this database is, and
-- a version on every row that travels between offices.
--
-- A database is one office of one foundation. The first database is the
-- head office (HQ); a regional office's database is made from the head
-- office's invitation and takes its foundation id and office code.
CREATE TABLE foundation (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    foundation_id TEXT NOT NULL,
    office_code   TEXT NOT NULL,
    office_name   TEXT NOT NULL DEFAULT '',
    head          INTEGER NOT NULL DEFAULT 1,
    -- the version of the newest change made here (see data/hlc); every
    -- write transaction moves it on before it writes
    clock         TEXT NOT NULL
);
INSERT INTO foundation (id, foundation_id, office_code, clock)
VALUES (1, lower(hex(randomblob(16))), 'HQ',
        printf('%016d-0000-HQ', CAST(unixepoch('subsec') * 1000 AS INTEGER)));

-- The offices of the foundation this database knows of (itself included).
CREATE TABLE offices (
    code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 6 AND code NOT GLOB '*[^A-Z0-9]*'),
    name        TEXT NOT NULL DEFAULT '',
    regions     TEXT NOT NULL DEFAULT '[]', -- JSON list; the head office serves all
    head        INTEGER NOT NULL DEFAULT 0,
    public_key  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    last_exchange_at TEXT
);
INSERT INTO offices (code, head, created_at) VALUES ('HQ', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Every row that travels carries the office that last changed it and the
-- version of that change. Carebook's own writes get them from the
-- triggers below (the version the transaction took from the clock); a row
-- applied from another office's bundle is written with its own version,
-- which the triggers leave as it is.

ALTER TABLE settings ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE settings ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE settings SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER settings_stamp_insert AFTER INSERT ON settings WHEN NEW.version = '' BEGIN
    UPDATE settings SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER settings_stamp_update AFTER UPDATE ON settings WHEN NEW.version = OLD.version BEGIN
    UPDATE settings SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE children ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE children ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE children SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER children_stamp_insert AFTER INSERT ON children WHEN NEW.version = '' BEGIN
    UPDATE children SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER children_stamp_update AFTER UPDATE ON children WHEN NEW.version = OLD.version BEGIN
    UPDATE children SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE guardians ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE guardians ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE guardians SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER guardians_stamp_insert AFTER INSERT ON guardians WHEN NEW.version = '' BEGIN
    UPDATE guardians SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER guardians_stamp_update AFTER UPDATE ON guardians WHEN NEW.version = OLD.version BEGIN
    UPDATE guardians SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE documents ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE documents SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER documents_stamp_insert AFTER INSERT ON documents WHEN NEW.version = '' BEGIN
    UPDATE documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER documents_stamp_update AFTER UPDATE ON documents WHEN NEW.version = OLD.version BEGIN
    UPDATE documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE consents ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE consents SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER consents_stamp_insert AFTER INSERT ON consents WHEN NEW.version = '' BEGIN
    UPDATE consents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER consents_stamp_update AFTER UPDATE ON consents WHEN NEW.version = OLD.version BEGIN
    UPDATE consents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE journey_events ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE journey_events ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE journey_events SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER journey_events_stamp_insert AFTER INSERT ON journey_events WHEN NEW.version = '' BEGIN
    UPDATE journey_events SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER journey_events_stamp_update AFTER UPDATE ON journey_events WHEN NEW.version = OLD.version BEGIN
    UPDATE journey_events SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE journey_event_documents ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE journey_event_documents ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE journey_event_documents SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER journey_event_documents_stamp_insert AFTER INSERT ON journey_event_documents WHEN NEW.version = '' BEGIN
    UPDATE journey_event_documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE event_id = NEW.event_id AND document_id = NEW.document_id;
END;
CREATE TRIGGER journey_event_documents_stamp_update AFTER UPDATE ON journey_event_documents WHEN NEW.version = OLD.version BEGIN
    UPDATE journey_event_documents SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE event_id = NEW.event_id AND document_id = NEW.document_id;
END;

ALTER TABLE estimates ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE estimates ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE estimates SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER estimates_stamp_insert AFTER INSERT ON estimates WHEN NEW.version = '' BEGIN
    UPDATE estimates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER estimates_stamp_update AFTER UPDATE ON estimates WHEN NEW.version = OLD.version BEGIN
    UPDATE estimates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE line_items ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE line_items ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE line_items SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER line_items_stamp_insert AFTER INSERT ON line_items WHEN NEW.version = '' BEGIN
    UPDATE line_items SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER line_items_stamp_update AFTER UPDATE ON line_items WHEN NEW.version = OLD.version BEGIN
    UPDATE line_items SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE payments ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE payments SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER payments_stamp_insert AFTER INSERT ON payments WHEN NEW.version = '' BEGIN
    UPDATE payments SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER payments_stamp_update AFTER UPDATE ON payments WHEN NEW.version = OLD.version BEGIN
    UPDATE payments SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE exchange_rates ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE exchange_rates ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE exchange_rates SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER exchange_rates_stamp_insert AFTER INSERT ON exchange_rates WHEN NEW.version = '' BEGIN
    UPDATE exchange_rates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER exchange_rates_stamp_update AFTER UPDATE ON exchange_rates WHEN NEW.version = OLD.version BEGIN
    UPDATE exchange_rates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE donors ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE donors ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE donors SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER donors_stamp_insert AFTER INSERT ON donors WHEN NEW.version = '' BEGIN
    UPDATE donors SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER donors_stamp_update AFTER UPDATE ON donors WHEN NEW.version = OLD.version BEGIN
    UPDATE donors SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE letter_templates ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE letter_templates ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE letter_templates SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER letter_templates_stamp_insert AFTER INSERT ON letter_templates WHEN NEW.version = '' BEGIN
    UPDATE letter_templates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER letter_templates_stamp_update AFTER UPDATE ON letter_templates WHEN NEW.version = OLD.version BEGIN
    UPDATE letter_templates SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE letters ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE letters SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER letters_stamp_insert AFTER INSERT ON letters WHEN NEW.version = '' BEGIN
    UPDATE letters SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER letters_stamp_update AFTER UPDATE ON letters WHEN NEW.version = OLD.version BEGIN
    UPDATE letters SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE donations ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE donations ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE donations SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER donations_stamp_insert AFTER INSERT ON donations WHEN NEW.version = '' BEGIN
    UPDATE donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER donations_stamp_update AFTER UPDATE ON donations WHEN NEW.version = OLD.version BEGIN
    UPDATE donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE letter_donations ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE letter_donations ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE letter_donations SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER letter_donations_stamp_insert AFTER INSERT ON letter_donations WHEN NEW.version = '' BEGIN
    UPDATE letter_donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE letter_id = NEW.letter_id AND donation_id = NEW.donation_id;
END;
CREATE TRIGGER letter_donations_stamp_update AFTER UPDATE ON letter_donations WHEN NEW.version = OLD.version BEGIN
    UPDATE letter_donations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE letter_id = NEW.letter_id AND donation_id = NEW.donation_id;
END;

ALTER TABLE allocations ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE allocations ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE allocations SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER allocations_stamp_insert AFTER INSERT ON allocations WHEN NEW.version = '' BEGIN
    UPDATE allocations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER allocations_stamp_update AFTER UPDATE ON allocations WHEN NEW.version = OLD.version BEGIN
    UPDATE allocations SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;

ALTER TABLE status_changes ADD COLUMN office TEXT NOT NULL DEFAULT '';
ALTER TABLE status_changes ADD COLUMN version TEXT NOT NULL DEFAULT '';
UPDATE status_changes SET office = 'HQ', version = (SELECT clock FROM foundation);
CREATE TRIGGER status_changes_stamp_insert AFTER INSERT ON status_changes WHEN NEW.version = '' BEGIN
    UPDATE status_changes SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER status_changes_stamp_update AFTER UPDATE ON status_changes WHEN NEW.version = OLD.version BEGIN
    UPDATE status_changes SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE rowid = NEW.rowid;
END;
