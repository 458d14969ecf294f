package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
)

// demoDB builds the demo foundation in a new folder and returns its path.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "F.db")
	if code, _, errOut := run(t, "demo", "--db", db); code != ExitOK {
		t.Fatalf("demo: %s", errOut)
	}
	return db
}

// snapshot is the bytes of every file in dir, by relative path.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

func sameFiles(a, b map[string][]byte) string {
	for k, v := range a {
		if w, ok := b[k]; !ok {
			return k + " vanished"
		} else if !bytes.Equal(v, w) {
			return k + " changed"
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return k + " appeared"
		}
	}
	return ""
}

// Item 1: a report written over the database, its files or another output
// of the same command is refused, and nothing is changed.
func TestOutputsNeverOverwriteWhatCarebookKeeps(t *testing.T) {
	db := demoDB(t)
	dir := filepath.Dir(db)
	backups := filepath.Join(t.TempDir(), "backups")
	if code, _, errOut := run(t, "backup", "--db", db, "--to", backups); code != ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	var someFile string
	filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && someFile == "" {
			someFile = p
		}
		return nil
	})
	var backupFile string
	filepath.WalkDir(backups, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && backupFile == "" {
			backupFile = p
		}
		return nil
	})
	before, beforeBackups := snapshot(t, dir), snapshot(t, backups)
	journey := func(out string) []string {
		return []string{"report", "journey", "--db", db, "--child", "2026-001", "--out", out}
	}
	grant := func(out, csv string) []string {
		return []string{"report", "grant", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", out, "--csv", csv}
	}
	for _, c := range []struct {
		args []string
		says string
	}{
		{journey(db), "database"},
		{journey(filepath.Join(dir, ".", "F.db")), "database"},
		{journey(db + "-wal"), "database"},
		{journey(db + "-shm"), "database"},
		{journey(someFile), "documents"},
		{journey(filepath.Join(dir, "files", "new.pdf")), "documents"},
		{journey(backupFile), "backup"},
		{journey(filepath.Join(backups, "report.pdf")), "backup"},
		{grant(filepath.Join(t.TempDir(), "g.pdf"), db), "database"},
		{grant(filepath.Join(dir, "g.pdf"), filepath.Join(dir, "g.pdf")), "also"},
		{[]string{"letters", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", db}, "database"},
		{[]string{"letters", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", filepath.Join(dir, "l.pdf"),
			"--per-donor", filepath.Join(dir, "files")}, "documents"},
	} {
		code, out, errOut := run(t, c.args...)
		if code != ExitFailure || out != "" || !strings.Contains(errOut, c.says) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args[len(c.args)-1], code, out, errOut)
		}
	}
	if d := sameFiles(before, snapshot(t, dir)); d != "" {
		t.Fatalf("the database folder changed: %s", d)
	}
	if d := sameFiles(beforeBackups, snapshot(t, backups)); d != "" {
		t.Fatalf("the backup folder changed: %s", d)
	}
	if code, _, errOut := run(t, "check", "--db", db); code != ExitOK {
		t.Fatalf("check after the refusals: %s", errOut)
	}
}

// Item 3: letters stopped right after the commit that marks the donations
// thanked have already written the batch and the per-donor files.
func TestLettersStoppedAfterTheCommitLeaveTheirFiles(t *testing.T) {
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "batch.pdf")
	per := filepath.Join(t.TempDir(), "e-mail")
	data.CrashPoint = func(where string) {
		if where == "letters-committed" {
			panic("the laptop's battery ran out")
		}
	}
	defer func() { data.CrashPoint = nil }()
	code, _, _ := run(t, "letters", "--db", db, "--from", "2020-01-01", "--to", "2030-12-31", "--out", out, "--per-donor", per)
	if code != ExitFailure {
		t.Fatalf("exit %d", code)
	}
	data.CrashPoint = nil
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	letters, _ := s.Letters.All(t.Context())
	if len(letters) == 0 {
		t.Fatal("the stop came before the commit")
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("donations are marked thanked but the batch is missing: %v", err)
	}
	if files, _ := os.ReadDir(per); len(files) != len(letters) {
		t.Fatalf("%d letters recorded, %d per-donor files", len(letters), len(files))
	}
}

// Item 2: --force rebuilds a demo database, never a real one.
func TestDemoForceNeverReplacesARealDatabase(t *testing.T) {
	real := filepath.Join(t.TempDir(), "carebook.db")
	s, err := data.Open(real)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Children.Create(t.Context(), &data.Child{FirstName: "Әлия", LastName: "Серікова", BirthDate: data.MustDate("2019-04-01")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := snapshot(t, filepath.Dir(real))
	code, out, errOut := run(t, "demo", "--db", real, "--force")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "not a demo database") {
		t.Fatalf("exit %d, %q %q", code, out, errOut)
	}
	if d := sameFiles(before, snapshot(t, filepath.Dir(real))); d != "" {
		t.Fatalf("the real database was touched: %s", d)
	}
	// A demo database is rebuilt.
	db := demoDB(t)
	if code, out, errOut := run(t, "demo", "--db", db, "--force"); code != ExitOK || !strings.Contains(out, "7 children") {
		t.Fatalf("rebuilding the demo: %d %q %q", code, out, errOut)
	}
}
