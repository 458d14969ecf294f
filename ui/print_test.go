//go:build !windows

package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/internal/printer"
)

// fakePrinter makes the printing command a script that behaves as told.
func fakePrinter(t *testing.T, script string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "lp")
	os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755)
	old := printer.Command
	printer.Command = p
	t.Cleanup(func() { printer.Command = old })
}

// Item 17: Print sends the report to the printer — a director need not
// save it first — and says plainly when there is no printer, offering
// Save as….
func TestPrintSendsTheReportToThePrinter(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	cp := openChildNamed(t, u, "Мұратбекова")
	log := filepath.Join(t.TempDir(), "printed")
	fakePrinter(t, `cp "$2" `+log)
	r := reportRequest{kind: reportJourney, childID: cp.id, caseNumber: "2026-001", lang: "ru", edition: "internal"}
	u.makeReport(r)
	if defaultButton(t, u).Text != "Печать" {
		t.Fatal("Print is not the ready dialog's default")
	}
	tapButton(t, u, "Печать")
	if b, err := os.ReadFile(log); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("the printer got %d bytes: %v", len(b), err)
	}
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "Отправлено на принтер") {
		t.Fatalf("after printing: %q", text)
	}
	u.win.Canvas().Overlays().Top().Hide()

	fakePrinter(t, `echo "lp: Error - No default destination." >&2; exit 1`)
	u.makeReport(r)
	tapButton(t, u, "Печать")
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "не настроен принтер") {
		t.Fatalf("without a printer: %q", text)
	}
	tapButton(t, u, "Сохранить как…")
	if _, ok := u.win.Canvas().Overlays().Top().(interface{ Hide() }); !ok {
		t.Fatal("Save as… did not open the chooser")
	}
}
