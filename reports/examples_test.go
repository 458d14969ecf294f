package reports

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"carebook/data"
)

var updateExamples = flag.Bool("update-examples", false, "write docs/reports from the demo data")

// TestExamples writes example reports from the demo data to docs/reports, as
// PDF and as PNG pages (pdftoppm -r 60). Run it with make report-examples.
func TestExamples(t *testing.T) {
	if !*updateExamples {
		t.Skip("run with -update-examples (make report-examples) to write docs/reports")
	}
	dir := filepath.Join("..", "docs", "reports")
	os.RemoveAll(dir)
	must(t, os.MkdirAll(dir, 0o755))
	s := demoStore(t)
	write := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, name+".pdf")
		must(t, os.WriteFile(p, b, 0o644))
		out, err := exec.Command("pdftoppm", "-r", "60", "-png", p, filepath.Join(dir, name)).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
	}
	for _, lang := range []string{"en", "ru", "kk"} {
		for _, ed := range []Edition{Internal, Public} {
			write(fmt.Sprintf("journey-2026-001-%s-%s", lang, ed), journey(t, s, childID(t, s, "2026-001"), JourneyOptions{Lang: lang, Edition: ed}))
		}
	}
	// With the documents appended: every page numbered, theirs too.
	write("journey-2026-003-ru-attachments", journey(t, s, childID(t, s, "2026-003"), JourneyOptions{Lang: "ru", Attachments: true}))
	var pdf, csvb bytes.Buffer
	year := data.DateOf(printed).Year
	g := GrantOptions{Lang: "ru", From: data.NewDate(year, 1, 1), To: data.NewDate(year, 12, 31), Now: printed}
	must(t, Grant(ctx, s, g, &pdf, &csvb))
	write(fmt.Sprintf("grant-%d-ru", year), pdf.Bytes())
	must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("grant-%d-ru.csv", year)), csvb.Bytes(), 0o644))
	pdf.Reset()
	g.Edition = Internal
	must(t, Grant(ctx, s, g, &pdf, nil))
	write(fmt.Sprintf("grant-%d-ru-internal", year), pdf.Bytes())
	for _, lang := range []string{"ru", "en"} {
		var b bytes.Buffer
		must(t, Appeal(ctx, s, childID(t, s, "2026-002"), AppealOptions{Lang: lang, Now: printed}, &b))
		write("appeal-2026-002-"+lang, b.Bytes())
	}

	// A thank-you letter, an outcome letter and a receipt in each language,
	// in docs/letters.
	dir = filepath.Join("..", "docs", "letters")
	os.RemoveAll(dir)
	must(t, os.MkdirAll(dir, 0o755))
	for name, b := range exampleLetters(t, s) {
		write(name, b)
	}
}

// letterLanguages are the languages letters are written in.
var letterLanguages = []string{"ru", "kk", "en", "uz"}

// exampleLetters renders, from the demo data, a thank-you letter for one
// donor's gifts to one child, the outcome letter of case 2026-003 and a
// receipt, each in every letter language: "thanks-ru", "outcome-uz"…
func exampleLetters(t *testing.T, s *data.Store) map[string][]byte {
	t.Helper()
	st, _ := s.Settings(ctx)
	out := map[string][]byte{}
	pick := func(kind data.TemplateKind, sel data.LetterSelection) PlannedLetter {
		sel.Kind = kind
		plan, err := PlanLetters(ctx, s, LetterOptions{LetterSelection: sel, Now: printed})
		must(t, err)
		for _, pl := range plan.Letters {
			if pl.Child != nil && pl.Child.MiddleName != "" {
				return pl
			}
		}
		return plan.Letters[0]
	}
	all := data.LetterSelection{From: data.NewDate(2000, 1, 1), To: data.DateOf(printed)}
	for _, k := range []struct {
		name string
		kind data.TemplateKind
		sel  data.LetterSelection
		no   int64
	}{
		{"thanks", data.TemplateDonationThanks, all, 0},
		{"outcome", data.TemplateOutcomeThanks, data.LetterSelection{ChildID: childID(t, s, "2026-003")}, 0},
		{"receipt", data.TemplateReceipt, all, 12},
	} {
		pl := pick(k.kind, k.sel)
		for _, lang := range letterLanguages {
			pl.Lang, pl.Template = lang, DefaultTemplate(k.kind, lang)
			b, err := renderLetter(ctx, s, st, k.kind, pl, printed, k.no)
			must(t, err)
			out[k.name+"-"+lang] = b
		}
	}
	return out
}

// Each letter, in each language, says exactly what a native reader checked
// (testdata/letters/*.txt, the text pdftotext takes out of the PDF).
func TestLettersReadAsChecked(t *testing.T) {
	s := demoStore(t)
	for name, b := range exampleLetters(t, s) {
		got := pdfText(t, b)
		p := filepath.Join("testdata", "letters", name+".txt")
		if *updateExamples {
			must(t, os.MkdirAll(filepath.Dir(p), 0o755))
			must(t, os.WriteFile(p, []byte(got), 0o644))
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s reads differently:\n%s\nwant:\n%s", name, got, want)
		}
	}
}
