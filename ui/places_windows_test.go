package ui

import (
	"testing"

	"golang.org/x/sys/windows"
)

// This runs on Windows (and in make windows-check, under Wine): the chooser
// starts in the Documents folder Windows names, wherever it was moved.
func TestWindowsDocumentsFolderIsTheKnownFolder(t *testing.T) {
	want, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !isDir(want) {
		t.Skipf("no Documents folder here (%s)", want)
	}
	if got := startFolder(); got != want {
		t.Fatalf("the chooser starts in %q, not in Documents (%q)", got, want)
	}
	found := false
	for _, p := range places() {
		found = found || p.path == want
	}
	if !found {
		t.Fatalf("the side bar lacks Documents: %v", places())
	}
}
