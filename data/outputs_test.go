package data

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The same file reached another way is still the same file: through "..",
// a link to it or to its folder, a hard link, or (where the system ignores
// case) other letter case.
func TestOutputsSeeThroughOtherNamesForTheSameFile(t *testing.T) {
	s := newStore(t)
	dir := filepath.Dir(s.Path())
	other := t.TempDir()
	os.MkdirAll(s.FilesDir(), 0o700)
	refused := []string{
		s.Path(),
		filepath.Join(dir, "sub", "..", filepath.Base(s.Path())),
		s.Path() + "-journal",
		s.Path() + ".lock",
	}
	// Links, where the system lets this user make them (Windows asks for
	// developer mode or administrator rights for symbolic links).
	links := os.Symlink(s.Path(), filepath.Join(other, "link.db")) == nil &&
		os.Symlink(dir, filepath.Join(other, "linkdir")) == nil
	if links {
		refused = append(refused, filepath.Join(other, "link.db"),
			filepath.Join(other, "linkdir", filepath.Base(s.Path())),
			filepath.Join(other, "linkdir", "files", "x.pdf"))
	} else {
		t.Log("no symbolic links here: not tried")
	}
	if os.Link(s.Path(), filepath.Join(other, "hard.db")) == nil {
		refused = append(refused, filepath.Join(other, "hard.db"))
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		refused = append(refused, filepath.Join(dir, "FILES", "a.pdf"))
	}
	for _, p := range refused {
		var oe *OutputError
		if err := s.CheckOutputs(ctx, Output{Path: p}); !errors.As(err, &oe) {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{filepath.Join(dir, "report.pdf"), filepath.Join(other, "files", "x.pdf"), s.Path() + ".pdf"} {
		if err := s.CheckOutputs(ctx, Output{Path: p}); err != nil {
			t.Errorf("%s refused: %v", p, err)
		}
	}
	// Two outputs under one name, one of them through a link.
	os.WriteFile(filepath.Join(other, "r.pdf"), []byte("x"), 0o600)
	if err := os.Link(filepath.Join(other, "r.pdf"), filepath.Join(other, "r-link.pdf")); err != nil {
		t.Fatal(err)
	}
	var oe *OutputError
	err := s.CheckOutputs(ctx, Output{Path: filepath.Join(other, "r.pdf")}, Output{Path: filepath.Join(other, "r-link.pdf")})
	if !errors.As(err, &oe) || oe.Clash != ClashOtherOutput {
		t.Fatalf("two names for one output: %v", err)
	}
}
