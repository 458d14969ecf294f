-- A donation is thanked by the thank-you letter that names it
-- (letter_donations), or, if it was thanked before this migration, by phone
-- or in the demo, by its thanked_at. A batch of letters no longer writes
-- thanked_at and letter_id into each donation's row: that rewrote a row, its
-- version's index entry and two field versions for every donation thanked,
-- pages spread over the whole table, several times what the letters
-- themselves write.
--
-- What waits for thanks is still found through donations_waiting_thanks
-- (live, no thanked_at), less the donations in thanked_by_letter: those of
-- them with a donor that a live thank-you letter names. Recording a
-- donation costs nothing more than it did (a new donation has no links); a
-- letter's link adds a row here. The triggers below keep it, whichever way
-- a row comes (a form, an office's bundle, the hub), and it never travels:
-- every office derives its own from the rows that do. Links are written
-- after their letters (an office's bundle and the hub's rows are applied
-- table by table, letters first), but for a batch of letters, which writes
-- its links first and adds its donations here itself (RecordBatch).
CREATE TABLE thanked_by_letter (
    received_on TEXT NOT NULL,
    donation_id TEXT NOT NULL,
    PRIMARY KEY (received_on, donation_id)
) WITHOUT ROWID;

INSERT INTO thanked_by_letter (received_on, donation_id)
SELECT d.received_on, d.id FROM donations d
WHERE d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
              WHERE ld.donation_id = d.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL);

CREATE TRIGGER thanked_by_letter_link_insert AFTER INSERT ON letter_donations
WHEN EXISTS (SELECT 1 FROM letters WHERE id = NEW.letter_id AND kind = 'donation_thanks' AND deleted_at IS NULL) BEGIN
    INSERT OR IGNORE INTO thanked_by_letter (received_on, donation_id)
    SELECT d.received_on, d.id FROM donations d
    WHERE d.id = NEW.donation_id AND d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL;
END;

CREATE TRIGGER thanked_by_letter_link_delete AFTER DELETE ON letter_donations BEGIN
    DELETE FROM thanked_by_letter
    WHERE received_on = (SELECT received_on FROM donations WHERE id = OLD.donation_id) AND donation_id = OLD.donation_id
      AND NOT EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
                      WHERE ld.donation_id = OLD.donation_id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL);
END;

CREATE TRIGGER thanked_by_letter_donation_update AFTER UPDATE ON donations
WHEN NEW.received_on IS NOT OLD.received_on OR NEW.deleted_at IS NOT OLD.deleted_at
  OR NEW.thanked_at IS NOT OLD.thanked_at OR NEW.donor_id IS NOT OLD.donor_id OR NEW.id IS NOT OLD.id BEGIN
    DELETE FROM thanked_by_letter WHERE received_on = OLD.received_on AND donation_id = OLD.id;
    INSERT OR IGNORE INTO thanked_by_letter (received_on, donation_id)
    SELECT NEW.received_on, NEW.id
    WHERE NEW.deleted_at IS NULL AND NEW.thanked_at IS NULL AND NEW.donor_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
                  WHERE ld.donation_id = NEW.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL);
END;

CREATE TRIGGER thanked_by_letter_donation_delete AFTER DELETE ON donations BEGIN
    DELETE FROM thanked_by_letter WHERE received_on = OLD.received_on AND donation_id = OLD.id;
END;

-- A letter whose kind or Trash state changes: its donations are looked at
-- again.
CREATE TRIGGER thanked_by_letter_letter_update AFTER UPDATE ON letters
WHEN NEW.kind IS NOT OLD.kind OR NEW.deleted_at IS NOT OLD.deleted_at BEGIN
    DELETE FROM thanked_by_letter WHERE (received_on, donation_id) IN
        (SELECT d.received_on, d.id FROM letter_donations ln JOIN donations d ON d.id = ln.donation_id WHERE ln.letter_id = NEW.id);
    INSERT OR IGNORE INTO thanked_by_letter (received_on, donation_id)
    SELECT d.received_on, d.id FROM letter_donations ln JOIN donations d ON d.id = ln.donation_id
    WHERE ln.letter_id = NEW.id AND d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
                  WHERE ld.donation_id = d.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL);
END;

-- Offices learn of thanks from letters, so a letter must never arrive
-- without its donor. A case or a donor that goes whole to an office for the
-- first time is noted in office_sent. It was noted as the bundle was
-- written, so a bundle lost on the way left the office without it for good:
-- a later bundle carried only what the office had not acknowledged, and the
-- office had acknowledged those old rows' versions without ever holding
-- them. The clock of the bundle that first sent it is kept now: until the
-- office acknowledges that bundle's changes, it goes whole again. What was
-- noted before has no clock and counts as held, as it did.
ALTER TABLE office_sent ADD COLUMN clock TEXT NOT NULL DEFAULT '';
