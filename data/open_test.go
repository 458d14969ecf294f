package data

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files reads every file in dir.
func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			out[e.Name()] = b
		}
	}
	return out
}

func sameDir(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// crashCopy copies a database while db still has it open, with its -wal
// and -shm: the state a crash leaves behind.
func crashCopy(t *testing.T, from, to string) {
	t.Helper()
	for _, suf := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(from + suf)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(to+suf, b, 0o600)
	}
}

func refusedUntouched(t *testing.T, p, kind string) {
	t.Helper()
	dir := filepath.Dir(p)
	before := dirFiles(t, dir)
	_, err := Open(p)
	var oe *OpenError
	if !errors.As(err, &oe) || oe.Kind != kind {
		t.Fatalf("want %s, got %v", kind, err)
	}
	if kind != "empty" && !strings.Contains(err.Error(), "untouched") {
		t.Fatalf("message: %v", err)
	}
	if after := dirFiles(t, dir); !sameDir(before, after) {
		t.Fatalf("refusing %s changed the files: %d before, %d after", kind, len(before), len(after))
	}
}

// Item 5: a zero-byte file is not a new database.
func TestOpenRefusesAnEmptyFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "carebook.db")
	os.WriteFile(p, nil, 0o600)
	refusedUntouched(t, p, "empty")
}

// Item 5: another program's database whose tables are still in its -wal
// is refused, and its main file, -wal and -shm stay as they were.
func TestOpenRefusesAnotherProgramsDatabaseWithItsLog(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "songs.db")
	db, _ := sql.Open("sqlite", "file:"+src+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	db.SetMaxOpenConns(1)
	for _, q := range []string{"CREATE TABLE songs (title TEXT)", "INSERT INTO songs VALUES ('Қара жорға')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "songs.db")
	crashCopy(t, src, p)
	db.Close()
	if fi, _ := os.Stat(p + "-wal"); fi.Size() == 0 {
		t.Fatal("the test needs the tables in the log")
	}
	refusedUntouched(t, p, "not_carebook")
}

// Item 5: a -wal beside a Carebook database that is not its log (garbage,
// or cut short in its header) is refused, not silently deleted.
func TestOpenRefusesAForeignLogBesideADatabase(t *testing.T) {
	for name, wal := range map[string][]byte{
		"garbage":   []byte(strings.Repeat("this is not a write-ahead log ", 200)),
		"cut short": {0x37, 0x7f, 0x06, 0x82, 0, 0x2d},
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "carebook.db")
			s, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Дана", LastName: "Ахметова", BirthDate: MustDate("2015-05-05")}))
			s.Close()
			os.WriteFile(p+"-wal", wal, 0o600)
			refusedUntouched(t, p, "foreign_wal")
		})
	}
}

// Item 5: a newer Carebook's database whose new version is only in its log
// (it stopped before the checkpoint) is refused and left as it was.
func TestOpenRefusesANewerDatabaseWhoseVersionIsInTheLog(t *testing.T) {
	src := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA wal_autocheckpoint = 0")
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "carebook.db")
	crashCopy(t, src, p)
	s.Close()
	refusedUntouched(t, p, "too_new")
}

// Issue 23, item 5: a database whose user_version another tool lowered is
// judged by the schema it holds: refused, and not one byte written (no
// migration run again over tables that are already there).
func TestOpenRefusesADatabaseWhoseVersionWasLowered(t *testing.T) {
	// Below the newest migration that made a table, index, view or
	// trigger: a migration that only drops (0026) leaves no trace to tell.
	newest := 0
	for _, o := range schemaObjects() {
		newest = max(newest, o.since)
	}
	for _, lowered := range []int{1, 5, newest - 1} {
		p := filepath.Join(t.TempDir(), "carebook.db")
		s, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Ермек", LastName: "Сапаров", BirthDate: MustDate("2017-04-04")}))
		if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", lowered)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		refusedUntouched(t, p, "version_lowered")
	}
	if newest == SchemaVersion() {
		return
	}
	// Lowered past the migrations that only drop, it opens as it was: they
	// run again and find nothing to do.
	p := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Ермек", LastName: "Сапаров", BirthDate: MustDate("2017-04-04")}))
	s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", newest))
	s.Close()
	if s, err = Open(p); err != nil {
		t.Fatalf("lowered to %d, past migrations that only drop: %v", newest, err)
	}
	defer s.Close()
	if kids, err := s.Children.All(ctx); err != nil || len(kids) != 1 {
		t.Fatalf("reopened: %d children, %v", len(kids), err)
	}
}

// A Carebook database left by a crash, its last changes in the log, opens
// with those changes.
func TestADatabaseLeftByACrashOpensWithItsLog(t *testing.T) {
	src := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	s.db.SetMaxOpenConns(1)
	s.db.Exec("PRAGMA wal_autocheckpoint = 0")
	mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Айгерім", LastName: "Сейтқали", BirthDate: MustDate("2016-03-03")}))
	p := filepath.Join(t.TempDir(), "carebook.db")
	crashCopy(t, src, p)
	s.Close()
	s2, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.ReadOnly() != nil {
		t.Fatalf("read-only: %v", s2.ReadOnly())
	}
	if kids, _ := s2.ListChildren(ctx, ChildFilter{}); len(kids) != 1 {
		t.Fatalf("%d children after the crash", len(kids))
	}
}

// On a disk without room, the database opens for looking: every change is
// refused with the reason, and nothing is lost from what was there.
func TestAFullDiskOpensReadOnly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Нұрлан", LastName: "Әбілов", BirthDate: MustDate("2012-12-12")}))
	s.Close()
	defer func(v int64) { minFree = v }(minFree)
	minFree = 1 << 62
	s, err = Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ro *ReadOnlyError
	err = s.Children.Create(ctx, &Child{FirstName: "Ерлан", LastName: "Әбілов", BirthDate: MustDate("2013-01-01")})
	if !errors.As(err, &ro) || ro.Reason != ReadOnlyDiskFull || s.ReadOnly() == nil {
		t.Fatalf("a change on a full disk: %v", err)
	}
	if _, _, err := s.PutFile(strings.NewReader("скан"), 0, "скан.pdf"); !errors.As(err, &ro) {
		t.Fatalf("a document on a full disk: %v", err)
	}
	if kids, _ := s.ListChildren(ctx, ChildFilter{}); len(kids) != 1 {
		t.Fatalf("%d children to look at", len(kids))
	}
}
