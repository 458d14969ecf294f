-- Case numbers sort by year, then number, then office (issue 28): 2026-182
-- before 2026-1819, SHY-2026-005 between 2026-004 and 2026-006. The list's
-- index follows that order (the same expressions as the store's ORDER BY),
-- so search as you type still reads it in the list's order. It has a name
-- of its own, so that a database can tell it has had this migration.
DROP INDEX children_list;
CREATE INDEX children_in_order ON children (
    (CASE WHEN substr(case_number, 1, 4) GLOB '[0-9][0-9][0-9][0-9]' THEN substr(case_number, 1, 4)
	ELSE substr(case_number, instr(case_number, '-') + 1, 4) END),
    (CAST(replace(case_number, rtrim(case_number, '0123456789'), '') AS INTEGER)),
    case_number, search) WHERE deleted_at IS NULL;
