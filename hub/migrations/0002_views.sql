-- Views of the hub's rows as tables, for the foundation's IT person and
-- their usual tools (psql, a spreadsheet, a BI tool). security_invoker:
-- each reader sees through them only the rows the policies let it see.

CREATE VIEW children WITH (security_invoker = true) AS
SELECT row_key AS id, vals->>'case_number' AS case_number, vals->>'last_name' AS last_name,
       vals->>'first_name' AS first_name, vals->>'middle_name' AS middle_name,
       (vals->>'birth_date')::date AS birth_date, vals->>'region' AS region, vals->>'program' AS program,
       vals->>'diagnosis' AS diagnosis, vals->>'icd10' AS icd10, vals->>'status' AS status,
       vals->>'outcome' AS outcome, office AS changed_by_office, (vals->>'deleted_at') IS NOT NULL AS in_trash
FROM rows WHERE tbl = 'children';

CREATE VIEW donors WITH (security_invoker = true) AS
SELECT row_key AS id, vals->>'display_name' AS name, vals->>'kind' AS kind, vals->>'email' AS email,
       vals->>'phone' AS phone, vals->>'language' AS language, (vals->>'deleted_at') IS NOT NULL AS in_trash
FROM rows WHERE tbl = 'donors';

CREATE VIEW donations WITH (security_invoker = true) AS
SELECT row_key AS id, vals->>'donor_id' AS donor_id, vals->>'child_id' AS child_id,
       (vals->>'received_on')::date AS received_on,
       (vals->>'amount_minor')::bigint AS amount_minor, vals->>'currency' AS currency, vals->>'method' AS method,
       (vals->>'deleted_at') IS NOT NULL AS in_trash
FROM rows WHERE tbl = 'donations';

CREATE VIEW payments WITH (security_invoker = true) AS
SELECT row_key AS id, vals->>'child_id' AS child_id, vals->>'payee' AS payee, (vals->>'paid_on')::date AS paid_on,
       (vals->>'amount_minor')::bigint AS amount_minor, vals->>'currency' AS currency,
       (vals->>'deleted_at') IS NOT NULL AS in_trash
FROM rows WHERE tbl = 'payments';

CREATE VIEW conflicts WITH (security_invoker = true) AS
SELECT row_key AS id, vals->>'kind' AS kind, vals->>'tbl' AS about_table, vals->>'row_key' AS about_row,
       vals->>'field' AS field, vals->>'value_a' AS value_a, vals->>'office_a' AS office_a,
       vals->>'value_b' AS value_b, vals->>'office_b' AS office_b, (vals->>'resolved_at') IS NOT NULL AS resolved
FROM rows WHERE tbl = 'conflicts';

GRANT SELECT ON children, donors, donations, payments, conflicts TO carebook_office;
