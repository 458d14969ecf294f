package hub

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"carebook/internal/pgtest"
)

var ctx = context.Background()

func exec(t *testing.T, url, sql string, args ...any) error {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

func count(t *testing.T, url, sql string) int {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInitMigratesAndRefusesOthers(t *testing.T) {
	url := pgtest.Start(t)
	if before, err := Init(ctx, url, "f1"); err != nil || before != 0 {
		t.Fatalf("init: %d %v", before, err)
	}
	if before, err := Init(ctx, url, "f1"); err != nil || before != SchemaVersion() {
		t.Fatalf("init again: %d %v", before, err)
	}
	// A hub of schema 1 is brought up to date.
	if err := exec(t, url, "DROP VIEW children, donors, donations, payments, conflicts; DROP FUNCTION hub_purge(text); UPDATE hub_meta SET value = '1' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	if before, err := Init(ctx, url, "f1"); err != nil || before != 1 || count(t, url, "SELECT count(*) FROM children") != 0 ||
		count(t, url, "SELECT count(*) FROM pg_proc WHERE proname = 'hub_purge'") != 1 {
		t.Fatalf("migrating from schema 1: %d %v", before, err)
	}
	if _, err := Init(ctx, url, "f2"); !errors.Is(err, ErrOtherFoundation) {
		t.Fatalf("another foundation: %v", err)
	}
	if err := exec(t, url, "UPDATE hub_meta SET value = '99' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(ctx, url, "f1"); !errors.Is(err, ErrNewer) {
		t.Fatalf("a newer hub: %v", err)
	}
	if err := Check(ctx, url); !errors.Is(err, ErrNewer) {
		t.Fatalf("a newer hub checked: %v", err)
	}
}

// An office's role reads only its regions' cases and the foundation-wide
// rows, and writes only as itself; the head office's role sees everything.
func TestRowLevelSecurity(t *testing.T) {
	admin := pgtest.Start(t)
	if _, err := Init(ctx, admin, "f1"); err != nil {
		t.Fatal(err)
	}
	shy, err := AddOffice(ctx, admin, Office{Code: "SHY", Name: "Шымкент", Regions: []string{"Түркістан облысы"}})
	if err != nil {
		t.Fatal(err)
	}
	hq, err := AddOffice(ctx, admin, Office{Code: "HQ", Head: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ tbl, key, region, vals string }{
		{"children", "c-turk", "Түркістан облысы", `{"id":"c-turk"}`},
		{"children", "c-alm", "Алматы облысы", `{"id":"c-alm"}`},
		{"donations", "d-alm", "Алматы облысы", `{"id":"d-alm","donor_id":"donor-alm"}`},
		{"donors", "donor-alm", "", `{"id":"donor-alm"}`},
		{"settings", "foundation_name", "", `{"key":"foundation_name"}`},
	} {
		var region any = r.region
		if r.region == "" {
			region = nil
		}
		if err := exec(t, admin, "INSERT INTO rows (tbl, row_key, office, version, vals, region) VALUES ($1, $2, 'HQ', 'v', $3, $4)",
			r.tbl, r.key, r.vals, region); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, shy, "SELECT count(*) FROM rows WHERE tbl = 'children'"); n != 1 {
		t.Errorf("SHY sees %d children, want only Turkestan's", n)
	}
	if n := count(t, shy, "SELECT count(*) FROM rows WHERE row_key IN ('c-alm', 'd-alm', 'donor-alm')"); n != 0 {
		t.Errorf("SHY sees %d rows of another region", n)
	}
	if n := count(t, shy, "SELECT count(*) FROM rows WHERE tbl = 'settings'"); n != 1 {
		t.Errorf("SHY does not see the foundation's settings")
	}
	// The views for the IT person's tools see through the same policies.
	if n := count(t, shy, "SELECT count(*) FROM children"); n != 1 {
		t.Errorf("SHY sees %d children through the view, want only Turkestan's", n)
	}
	if n := count(t, hq, "SELECT count(*) FROM children"); n != 2 {
		t.Errorf("HQ sees %d children through the view, want 2", n)
	}
	if n := count(t, hq, "SELECT count(*) FROM rows"); n != 5 {
		t.Errorf("HQ sees %d rows of 5", n)
	}
	// Writing another region's case, or as another role: refused.
	err = exec(t, shy, "INSERT INTO rows (tbl, row_key, office, version, vals, region) VALUES ('children', 'c2', 'SHY', 'v', '{}', 'Алматы облысы')")
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("SHY wrote another region's case: %v", err)
	}
	err = exec(t, shy, "INSERT INTO rows (tbl, row_key, office, version, vals, region, written_by) VALUES ('children', 'c3', 'SHY', 'v', '{}', 'Түркістан облысы', 'carebook_hq')")
	if err == nil {
		t.Error("SHY wrote as the head office")
	}
	if err := exec(t, shy, "INSERT INTO rows (tbl, row_key, office, version, vals, region) VALUES ('children', 'c4', 'SHY', 'v', '{}', 'Түркістан облысы')"); err != nil {
		t.Errorf("SHY cannot write its own region's case: %v", err)
	}
	if err := exec(t, shy, "UPDATE rows SET vals = '{}' WHERE row_key = 'c-alm'"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, admin, "SELECT count(*) FROM rows WHERE row_key = 'c-alm' AND vals = '{}'"); n != 0 {
		t.Error("SHY changed another region's case")
	}
}

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }

func countRows(t *testing.T, url string) int { return count(t, url, "SELECT count(*) FROM rows") }
