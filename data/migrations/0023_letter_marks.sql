-- What points at a letter or a document, found from it. A batch of letters
-- marks its donations before it writes the letters and their copies (the
-- keys are checked at its commit: SQLite looks, for each letter and each
-- document written, for the rows that name it), and a letter or a document
-- leaving for good looks for them too. Without these, each was every
-- donation, child and consent read. Only rows that name one are in them: an
-- import's new donations cost them nothing.
CREATE INDEX donations_letter ON donations (letter_id) WHERE letter_id IS NOT NULL;
CREATE INDEX children_photo ON children (photo_id) WHERE photo_id IS NOT NULL;
CREATE INDEX consents_document ON consents (document_id) WHERE document_id IS NOT NULL;

-- donations_waiting_thanks (received_on, donor_id), over the same rows, does
-- all that donations_unthanked (received_on) did, and every donation
-- recorded wrote both.
DROP INDEX donations_unthanked;
