-- Search as you type at ten thousand children and forty thousand donors
-- (issue 14). The lists filter on the folded search column in the list's
-- order; with the column in the index, a row that does not match is passed
-- over without reading the table, and only the matches are read whole.
CREATE INDEX children_list ON children (case_number, search) WHERE deleted_at IS NULL;
DROP INDEX donors_name;
CREATE INDEX donors_list ON donors (display_name COLLATE NOCASE, id, search) WHERE deleted_at IS NULL;
