package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchAtASmallSize runs every work of make bench once on a foundation
// of 100 children, in this process: the benchmark cannot rot, and each
// work still does what a person would (a failing command fails the test).
func TestBenchAtASmallSize(t *testing.T) {
	if testing.Short() {
		t.Skip("the small bench takes a few seconds")
	}
	t.Setenv("LANGUAGE", "en")
	var out bytes.Buffer
	c := config{children: 100, donations: 2000, runs: 1, letters: 20, letters2: 5, statementRows: 500,
		cache: t.TempDir(), inProcess: true, out: &out}
	if err := run(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	table := out.String()
	for _, w := range works(c) {
		line := ""
		for _, l := range strings.Split(table, "\n") {
			if strings.HasPrefix(l, "| "+w.row(result{}, result{}, "").work+" |") {
				line = l
			}
		}
		if line == "" || strings.Contains(line, "| 0.0 ms") {
			t.Errorf("%s: %q in\n%s", w.name, line, table)
		}
	}
}
