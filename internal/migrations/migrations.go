// Package migrations reads a schema's numbered migration files: 0001_x.sql
// is version 1, and the numbers run 1, 2, 3… without a gap. The store
// (SQLite) and the hub (PostgreSQL) each embed their own folder of them.
package migrations

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered file.
type Migration struct {
	Version int
	Name    string // the file's name, for messages
	SQL     string
}

// MustLoad reads the .sql files of dir in fsys, in order; a file without a
// number, or a gap in the numbers, is a mistake in the build and panics.
func MustLoad(fsys fs.FS, dir string) []Migration {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic(err)
	}
	var out []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("migration without a number: " + dir + "/" + e.Name())
		}
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, Migration{n, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			panic(fmt.Sprintf("migration %s/%s: expected number %d", dir, m.Name, i+1))
		}
	}
	return out
}

// MustCount is how many migrations MustLoad would read, without reading
// them: the newest version. A file without a number panics, as in MustLoad;
// a gap in the numbers is found by MustLoad (and its tests).
func MustCount(fsys fs.FS, dir string) int {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		if _, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0]); err != nil {
			panic("migration without a number: " + dir + "/" + e.Name())
		}
		n++
	}
	return n
}
