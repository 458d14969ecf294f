package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pdfInfo is what pdfinfo reads from a PDF's document information.
func pdfInfo(t *testing.T, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", "-isodates", p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	return string(out)
}

// Every PDF says its language, title, author (the foundation), subject and
// when it was made, with the time zone.
func TestPDFMetadata(t *testing.T) {
	s := demoStore(t)
	almaty := time.FixedZone("Almaty", 5*3600)
	var b bytes.Buffer
	if err := Journey(ctx, s, childID(t, s, "2026-004"), JourneyOptions{Lang: "ru", Now: time.Date(2026, 11, 23, 14, 30, 0, 0, almaty)}, &b); err != nil {
		t.Fatal(err)
	}
	pdf := b.Bytes()
	info := pdfInfo(t, pdf)
	for _, want := range []string{"Title:", "Путь лечения", "Author:", "Мейірім", "Subject:", "2026-004", "CreationDate:", "ModDate:"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if strings.Count(info, "2026-11-23T14:30:00+05") != 2 {
		t.Errorf("the dates lack their time zone:\n%s", info)
	}
	if !strings.Contains(string(pdf), "/Lang (ru)") {
		t.Error("no /Lang")
	}
	if strings.Contains(info, "Syntax") || strings.Contains(info, "rror") {
		t.Errorf("the file does not read cleanly:\n%s", info)
	}
}

// A report with documents appended (through pdfcpu) keeps its metadata.
func TestPDFMetadataWithAttachments(t *testing.T) {
	s := demoStore(t)
	almaty := time.FixedZone("Almaty", 5*3600)
	var b bytes.Buffer
	if err := Journey(ctx, s, childID(t, s, "2026-003"), JourneyOptions{Lang: "kk", Attachments: true, Now: time.Date(2026, 11, 23, 14, 30, 0, 0, almaty)}, &b); err != nil {
		t.Fatal(err)
	}
	info := pdfInfo(t, b.Bytes())
	for _, want := range []string{"Title:", "Емделу жолы", "Author:", "«Мейірім» қайырымдылық қоры", "Subject:"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	// pdfcpu writes the moment it wrote the file, with its time zone.
	if !regexp.MustCompile(`CreationDate:\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d)`).MatchString(info) {
		t.Errorf("the creation date lacks its time zone:\n%s", info)
	}
	if !strings.Contains(b.String(), "/Lang") {
		t.Error("no /Lang")
	}
}
