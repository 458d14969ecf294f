package shell

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// These run on Windows (and in make windows-check, under Wine).

// A kind of file no program handles, in a folder with Cyrillic letters and
// spaces: the shell says so, for opening and for printing. A file that is
// not there is named as such.
func TestWindowsShellSaysWhatWentWrong(t *testing.T) {
	dir, err := os.MkdirTemp("", "Әсел құжаттары ")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir) // not t.TempDir: Wine cannot remove the way its cleanup does
	p := filepath.Join(dir, "анықтама.carebook-test")
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"open", "print"} {
		if err := Execute(verb, p); !errors.Is(err, ErrNoProgram) {
			t.Errorf("%s a file no program handles: %v", verb, err)
		}
	}
	var se *Error
	if err := Execute("open", filepath.Join(dir, "жоқ.pdf")); !errors.As(err, &se) || se.Code != 2 {
		t.Errorf("opening a file that is not there: %v", err)
	}
}
