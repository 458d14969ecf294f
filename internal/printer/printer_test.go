//go:build !windows

package printer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePrinter writes a printing command that behaves as script says.
func fakePrinter(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "lp")
	os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755)
	return p
}

func TestPrintSendsTheFileAndTellsWhyNot(t *testing.T) {
	defer func(c string) { Command = c }(Command)
	log := filepath.Join(t.TempDir(), "printed")
	Command = fakePrinter(t, `echo "$2" > `+log+`; echo "request id is Office-1 (1 file(s))"`)
	if err := Print(t.Context(), "/tmp/отчёт 2026.pdf"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != "/tmp/отчёт 2026.pdf" {
		t.Fatalf("printed %q", b)
	}
	Command = fakePrinter(t, `echo "lp: Error - No default destination." >&2; exit 1`)
	if err := Print(t.Context(), "/tmp/r.pdf"); !errors.Is(err, ErrNoPrinter) {
		t.Fatalf("no default printer: %v", err)
	}
	Command = filepath.Join(t.TempDir(), "no-such-lp")
	if err := Print(t.Context(), "/tmp/r.pdf"); !errors.Is(err, ErrNoPrinter) {
		t.Fatalf("no printing system: %v", err)
	}
	Command = fakePrinter(t, `echo "lp: paper jam in tray 2" >&2; exit 1`)
	var pe *Error
	if err := Print(t.Context(), "/tmp/r.pdf"); !errors.As(err, &pe) || !strings.Contains(pe.Said, "paper jam") {
		t.Fatalf("a refusal: %v", err)
	}
}
