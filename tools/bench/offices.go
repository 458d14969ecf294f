package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"carebook/data"
	"carebook/hub"
	"carebook/internal/pgtest"
)

// The offices' works (issue 29): an office joining from an invitation of
// the whole foundation, a bundle with nothing new, a bundle of the whole
// foundation, and the hub — a first sync into an empty hub against a plain
// COPY of the same rows, and a sync with nothing new.

const benchPassphrase = "bench passphrase for every region"

// officeFiles are the offices made once, into the cache, for those works.
type officeFiles struct {
	dir        string
	invitation string // the head office's invitation of office ALL (every region)
	passFile   string
	hqInvited  string // the head office after inviting ALL (its bundle to ALL: the whole foundation)
	all        string // ALL, joined, after sending its bundle back
	nothing    string // the head office's next bundle to ALL: nothing new
}

func officesIn(c config) officeFiles {
	dir := filepath.Join(c.cache, fmt.Sprintf("offices-%d-%d-v1", c.children, c.donations))
	return officeFiles{dir: dir, invitation: filepath.Join(dir, "all.cbx"), passFile: filepath.Join(dir, "passphrase.txt"),
		hqInvited: filepath.Join(dir, "hq", "hq.db"), all: filepath.Join(dir, "all", "all.db"), nothing: filepath.Join(dir, "nothing.cbx")}
}

// prepareOffices makes the offices once (minutes at full size; not timed).
func prepareOffices(ctx context.Context, c config, db string) error {
	o := officesIn(c)
	ready := filepath.Join(o.dir, "ready")
	if _, err := os.Stat(ready); err == nil {
		return nil
	}
	fmt.Fprintf(c.out, "Making the offices for the exchange works into %s…\n", o.dir)
	os.RemoveAll(o.dir)
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(o.passFile, []byte(benchPassphrase+"\n"), 0o600); err != nil {
		return err
	}
	hqDB, err := copyFoundation(db, filepath.Join(o.dir, "hq"))
	if err != nil {
		return err
	}
	if err := os.Rename(hqDB, o.hqInvited); err != nil {
		return err
	}
	hq, err := data.Open(o.hqInvited)
	if err != nil {
		return err
	}
	counts, err := hq.RegionCounts(ctx)
	if err != nil {
		hq.Close()
		return err
	}
	var regions []string
	for _, r := range counts {
		regions = append(regions, r.Region)
	}
	if _, err := hq.InviteOffice(ctx, data.NewOffice{Code: "ALL", Name: "Every region", Regions: regions}, benchPassphrase, o.invitation, nil); err != nil {
		hq.Close()
		return err
	}
	if err := hq.Close(); err != nil {
		return err
	}
	// The head office as it is now sends ALL the whole foundation; a copy
	// goes on to take ALL's bundle back.
	later, err := copyFoundation(o.hqInvited, filepath.Join(o.dir, "hq-later"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(o.all), 0o700); err != nil {
		return err
	}
	all, _, err := data.JoinOffice(ctx, o.invitation, o.all, benchPassphrase)
	if err != nil {
		return err
	}
	back := filepath.Join(o.dir, "back.cbx")
	if _, err := all.ExportBundle(ctx, "HQ", back, nil); err != nil {
		all.Close()
		return err
	}
	if err := all.Close(); err != nil {
		return err
	}
	hq, err = data.Open(later)
	if err != nil {
		return err
	}
	defer hq.Close()
	b, err := hq.ReadBundle(ctx, back)
	if err != nil {
		return err
	}
	_, err = b.Apply(ctx, nil)
	b.Close()
	if err != nil {
		return err
	}
	if _, err := hq.ExportBundle(ctx, "ALL", o.nothing, nil); err != nil {
		return err
	}
	return os.WriteFile(ready, nil, 0o600)
}

// runOfficeSide does the offices' and the hub's sides of a work.
func runOfficeSide(ctx context.Context, side, db string, c config, timed func(func() error) error) (bool, error) {
	o := officesIn(c)
	switch side {
	case "join":
		dir := filepath.Join(c.work, "joined")
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return true, err
		}
		return true, timed(func() error {
			return run1(ctx, "office", "join", "--bundle", o.invitation, "--db", filepath.Join(dir, "all.db"), "--passphrase-file", o.passFile)
		})
	case "join-floor":
		return true, joinFloor(ctx, c, o.hqInvited, timed)
	case "exchange-nothing":
		copied, err := copyFoundation(o.all, filepath.Join(c.work, "all"))
		if err != nil {
			return true, err
		}
		return true, timed(func() error { return run1(ctx, "exchange", "import", "--db", copied, "--bundle", o.nothing) })
	case "exchange-whole":
		copied, err := copyFoundation(o.hqInvited, filepath.Join(c.work, "hq"))
		if err != nil {
			return true, err
		}
		return true, timed(func() error {
			return run1(ctx, "exchange", "export", "--db", copied, "--to", "ALL", "--out", filepath.Join(c.work, "whole.cbx"))
		})
	case "hub-first", "hub-nothing":
		url, stop, err := emptyHub(ctx, db)
		if err != nil {
			return true, err
		}
		defer stop()
		if side == "hub-nothing" {
			if err := run1(ctx, "sync", "--db", db, "--postgres", url); err != nil {
				return true, err
			}
		}
		return true, timed(func() error { return run1(ctx, "sync", "--db", db, "--postgres", url) })
	case "hub-copy":
		return true, copyFloor(ctx, db, timed)
	}
	return false, nil
}

// emptyHub starts a PostgreSQL server with an empty hub for the foundation
// at db, and gives the head office's address of it.
func emptyHub(ctx context.Context, db string) (url string, stop func(), err error) {
	admin, stop, err := pgtest.Server()
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	s, err := data.Open(db)
	if err != nil {
		return "", nil, err
	}
	self, err := s.Office(ctx)
	s.Close()
	if err != nil {
		return "", nil, err
	}
	if _, err := hub.Init(ctx, admin, self.FoundationID); err != nil {
		return "", nil, err
	}
	url, err = hub.AddOffice(ctx, admin, hub.Office{Code: self.Code, Head: true})
	return url, stop, err
}

// copyFloor copies the rows a first sync sends into a table like the hub's
// own (its indexes included) with a plain COPY, in the same PostgreSQL.
func copyFloor(ctx context.Context, db string, timed func(func() error) error) error {
	admin, stop, err := pgtest.Server()
	if err != nil {
		return err
	}
	defer stop()
	s, err := data.Open(db)
	if err != nil {
		return err
	}
	self, _ := s.Office(ctx)
	p, err := s.HubPush(ctx)
	s.Close()
	if err != nil {
		return err
	}
	if _, err := hub.Init(ctx, admin, self.FoundationID); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE copied_rows (LIKE rows INCLUDING ALL)"); err != nil {
		return err
	}
	rows := make([][]any, len(p.Changes))
	for i, ch := range p.Changes {
		r := ch.Row
		fields := r.Fields
		if fields == nil {
			fields = map[string]string{}
		}
		rows[i] = []any{r.Table, r.Key, r.Office, r.Version, r.Values, fields, nullable(ch.Region), nullable(ch.ChildID)}
	}
	return timed(func() error {
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"copied_rows"},
			[]string{"tbl", "row_key", "office", "version", "vals", "fields", "region", "child_id"}, pgx.CopyFromRows(rows))
		return err
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// joinFloor loads the rows an office joining from an invitation of the
// whole foundation takes — every travelling table, with the versions of
// their fields — into a new Carebook database, with the sqlite3 shell in
// one transaction (INSERT … SELECT from the head office's database).
func joinFloor(ctx context.Context, c config, hq string, timed func(func() error) error) error {
	dir := filepath.Join(c.work, "join-floor")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	empty := filepath.Join(dir, "empty.db")
	s, err := data.Open(empty)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	src, err := openDB(hq)
	if err != nil {
		return err
	}
	tables, err := travellingTables(ctx, src)
	src.Close()
	if err != nil {
		return err
	}
	var script strings.Builder
	fmt.Fprintf(&script, "ATTACH '%s' AS hq;\nBEGIN;\n", hq)
	for _, t := range tables {
		fmt.Fprintf(&script, "DELETE FROM main.%s;\nINSERT INTO main.%s (%s) SELECT %s FROM hq.%s;\n", t.name, t.name, t.cols, t.cols, t.name)
	}
	script.WriteString("COMMIT;\n")
	return timed(func() error {
		cmd := exec.CommandContext(ctx, "sqlite3", empty)
		cmd.Stdin = strings.NewReader(script.String())
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("sqlite3: %v: %s", err, out)
		}
		return nil
	})
}

type tableColumns struct{ name, cols string }

// travellingTables are the tables whose rows carry an office and a version,
// and the versions of the fields.
func travellingTables(ctx context.Context, d *sql.DB) ([]tableColumns, error) {
	rows, err := d.QueryContext(ctx, `SELECT m.name, group_concat(c.name, ', ') FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND (m.name = 'field_versions' OR m.name IN (SELECT m2.name FROM sqlite_master m2 JOIN pragma_table_info(m2.name) v
			WHERE m2.type = 'table' AND v.name = 'version')) AND m.name NOT IN ('foundation', 'offices')
		GROUP BY m.name ORDER BY m.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tableColumns
	for rows.Next() {
		var t tableColumns
		if err := rows.Scan(&t.name, &t.cols); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
