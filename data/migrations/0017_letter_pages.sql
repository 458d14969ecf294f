-- A batch of letters is stored once: each letter's copy among the child's
-- documents is a run of the batch's pages ("3-4"; empty: the whole file).
ALTER TABLE documents ADD COLUMN pages TEXT NOT NULL DEFAULT '';

-- A letter is found from its copy (erasing the copy clears the letter's
-- link to it, and the foreign key is checked) without reading every letter.
CREATE INDEX letters_document ON letters (document_id);
