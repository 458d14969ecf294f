// Package testdb holds what tests of several packages need to look inside a
// Carebook database file.
package testdb

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// Dump is every row of every table of the database at path, in a stable
// order, except the tables named in skip: two databases with the same dump
// hold the same data.
func Dump(t testing.TB, path string, skip ...string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		if !slices.Contains(skip, n) {
			names = append(names, n)
		}
	}
	rows.Close()
	var b strings.Builder
	for _, n := range names {
		r, err := db.Query("SELECT * FROM " + n + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			fmt.Fprintf(&b, "%s %v\n", n, vals)
		}
		r.Close()
	}
	return b.String()
}
