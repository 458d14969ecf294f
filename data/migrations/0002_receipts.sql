-- Receipts carry sequential numbers that are never reused.
ALTER TABLE letters ADD COLUMN receipt_no INTEGER;
CREATE UNIQUE INDEX letters_receipt_no ON letters (receipt_no) WHERE receipt_no IS NOT NULL;
CREATE TABLE receipt_counter (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_number INTEGER NOT NULL
);
CREATE INDEX letter_donations_donation ON letter_donations (donation_id);
