package data

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// damagePages overwrites the pages of the children table, as a failing disk
// would; with keepTime the file's modification time is put back.
func damagePages(t *testing.T, p string, pages []int64, keepTime bool) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := bytes.Repeat([]byte{0xA5}, 4096)
	for _, n := range pages {
		if _, err := f.WriteAt(junk, (n-1)*4096); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	if keepTime {
		os.Chtimes(p, fi.ModTime(), fi.ModTime())
	}
}

// closedStoreWithChildren makes a database with a few pages of children,
// closes it and returns its path and the children table's pages.
func closedStoreWithChildren(t *testing.T, dir string) (string, []int64) {
	t.Helper()
	p := filepath.Join(dir, "carebook.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, first := range []string{"Дана", "Әлихан", "Айгерим", "Нурсултан", "Madina", "Даниил"} {
		for _, last := range []string{"Сапарова", "Ким", "Құрманғалиев", "Yusupova", "Ахметов", "Иванова", "Tursunov"} {
			newChild(t, s, first, strings.Repeat(last, 3))
		}
	}
	var pages []int64
	rows, err := s.db.Query("SELECT pageno FROM dbstat WHERE name = 'children'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int64
		rows.Scan(&n)
		pages = append(pages, n)
	}
	rows.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p + checkedSuffix); err != nil {
		t.Fatalf("no check mark after a clean close: %v", err)
	}
	return p, pages
}

// A database Carebook closed cleanly opens without reading every page
// again; one changed by anything else since is checked whole and its damage
// found; and the whole check comes back at least once a day whatever the
// mark says.
func TestOpenChecksWholeUnlessClosedCleanlyAndUntouched(t *testing.T) {
	// Changed behind Carebook's back (the file's time moves): found at once.
	p, pages := closedStoreWithChildren(t, t.TempDir())
	damagePages(t, p, pages, false)
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if ro := s.ReadOnly(); ro == nil || ro.Reason != ReadOnlyDamaged {
		t.Fatalf("damage after the mark was not found: %+v", ro)
	}
	s.Close()

	// The same damage with the file's time put back: the mark is honoured,
	// so the pages are not read on this open...
	p, pages = closedStoreWithChildren(t, t.TempDir())
	damagePages(t, p, pages, true)
	s, err = Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if ro := s.ReadOnly(); ro != nil {
		t.Fatalf("the mark was not honoured: the whole file was checked (%+v)", ro)
	}
	s.db.Close()
	s.db = nil
	s.release()

	// ...but a mark older than a day is not.
	b, _ := os.ReadFile(p + checkedSuffix)
	lines := strings.SplitN(string(b), "\n", 2)
	old := strconv.FormatInt(time.Now().Add(-checkMarkTTL-time.Hour).Unix(), 10)
	os.WriteFile(p+checkedSuffix, []byte(old+"\n"+lines[1]), 0o600)
	s, err = Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ro := s.ReadOnly(); ro == nil || ro.Reason != ReadOnlyDamaged {
		t.Fatalf("a day-old mark kept the whole check away: %+v", ro)
	}
}

// A restored database is checked whole when next opened.
func TestForgetCheck(t *testing.T) {
	p, _ := closedStoreWithChildren(t, t.TempDir())
	ForgetCheck(p)
	if _, err := os.Stat(p + checkedSuffix); !os.IsNotExist(err) {
		t.Fatal("the mark is still there")
	}
}

// An open that trusts the mark does not look at the schema either: a
// trigger another tool dropped, with the file's time put back, must still
// be found, because dropping it rewrote the file's header.
func TestASchemaChangedBehindTheMarkIsFound(t *testing.T) {
	p, _ := closedStoreWithChildren(t, t.TempDir())
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("DROP TRIGGER children_stamp_update"); err != nil {
		t.Fatal(err)
	}
	other.Close()
	os.Chtimes(p, fi.ModTime(), fi.ModTime())
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ro := s.ReadOnly(); ro == nil || ro.Reason != ReadOnlyDamaged || !slices.Contains(ro.Problems, "trigger children_stamp_update is missing") {
		t.Fatalf("a dropped trigger was not found on open: %+v", ro)
	}
}
