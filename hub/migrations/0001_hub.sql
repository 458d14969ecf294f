-- The head-office hub (issue 17), version 1: a plain PostgreSQL database
-- holding every office's rows as they travel (the change model of
-- data/exchange), who may read and write which (row-level security), and
-- the document files. See docs/hub.md.

CREATE TABLE hub_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- The offices of the foundation; each logs in as its own role.
CREATE TABLE offices (
    code         text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{2,6}$'),
    name         text NOT NULL DEFAULT '',
    regions      text[] NOT NULL DEFAULT '{}',
    head         boolean NOT NULL DEFAULT false,
    role         name UNIQUE,
    acked        jsonb NOT NULL DEFAULT '{}',  -- what the office has told the hub it holds
    pulled       bigint NOT NULL DEFAULT 0,    -- the last change (seq) it has taken
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_sync_at timestamptz
);

-- What the hub holds of each office's changes (JSON office -> newest
-- version); every sync locks this row first, so syncs take turns.
CREATE TABLE hub_knowledge (
    id    integer PRIMARY KEY CHECK (id = 1),
    known jsonb NOT NULL DEFAULT '{}'
);
INSERT INTO hub_knowledge (id) VALUES (1);

CREATE SEQUENCE change_seq;

-- Every travelling row of every office, as data/exchange carries it: the
-- columns as JSON, the version of each changed field, the office and
-- version of its newest change. region is the region of the case the row
-- belongs to (NULL: foundation-wide), for the policies below.
CREATE TABLE rows (
    tbl        text NOT NULL,
    row_key    text NOT NULL,
    office     text NOT NULL,
    version    text NOT NULL,
    vals       jsonb NOT NULL,
    fields     jsonb NOT NULL DEFAULT '{}',
    region     text,
    child_id   text,
    seq        bigint NOT NULL DEFAULT nextval('change_seq'),
    written_by name NOT NULL DEFAULT current_user,
    PRIMARY KEY (tbl, row_key)
);
CREATE INDEX rows_seq ON rows (seq);
CREATE INDEX rows_region ON rows (region);
CREATE INDEX rows_donor ON rows ((vals->>'donor_id')) WHERE tbl = 'donations';

-- Document files by their SHA-256.
CREATE TABLE files (
    sha256  text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size    bigint NOT NULL,
    content bytea NOT NULL
);

-- The office of the role connected now.
CREATE FUNCTION hub_office() RETURNS offices
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$ SELECT * FROM offices WHERE role = session_user $$;

-- Whether the office connected now may see a row.
CREATE FUNCTION hub_sees(r rows) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
    SELECT o.head
        OR (r.region IS NOT NULL AND r.region = ANY (o.regions))
        OR (r.region IS NULL AND r.tbl IN ('settings', 'letter_templates', 'exchange_rates'))
        OR (r.tbl = 'donors' AND EXISTS (
                SELECT 1 FROM rows d WHERE d.tbl = 'donations' AND d.vals->>'donor_id' = r.row_key
                AND d.region = ANY (o.regions)))
    FROM offices o WHERE o.role = session_user
$$;

ALTER TABLE rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_reads ON rows FOR SELECT USING (coalesce(hub_sees(rows), false));
CREATE POLICY office_inserts ON rows FOR INSERT WITH CHECK (written_by = session_user AND coalesce(hub_sees(rows), false));
CREATE POLICY office_updates ON rows FOR UPDATE USING (coalesce(hub_sees(rows), false))
    WITH CHECK (written_by = session_user AND coalesce(hub_sees(rows), false));

ALTER TABLE offices ENABLE ROW LEVEL SECURITY;
CREATE POLICY offices_read ON offices FOR SELECT USING (true);
CREATE POLICY offices_own ON offices FOR UPDATE USING (role = session_user) WITH CHECK (role = session_user);

ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY files_read ON files FOR SELECT USING (
    coalesce((SELECT head FROM hub_office()), false) OR EXISTS (
        SELECT 1 FROM rows d WHERE d.tbl = 'documents' AND d.vals->>'sha256' = files.sha256));
CREATE POLICY files_write ON files FOR INSERT WITH CHECK ((SELECT code FROM hub_office()) IS NOT NULL);

-- The role every office role is a member of.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carebook_office') THEN
        CREATE ROLE carebook_office NOLOGIN;
    END IF;
END $$;
GRANT SELECT, INSERT, UPDATE ON rows TO carebook_office;
GRANT SELECT, UPDATE (acked, pulled, last_sync_at) ON offices TO carebook_office;
GRANT SELECT, INSERT ON files TO carebook_office;
GRANT USAGE ON SEQUENCE change_seq TO carebook_office;
GRANT SELECT ON hub_meta TO carebook_office;
GRANT SELECT, UPDATE ON hub_knowledge TO carebook_office;
