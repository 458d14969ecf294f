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

	// One letter per language, and a receipt, in docs/letters.
	dir = filepath.Join("..", "docs", "letters")
	os.RemoveAll(dir)
	must(t, os.MkdirAll(dir, 0o755))
	st, _ := s.Settings(ctx)
	o := LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateDonationThanks, From: data.NewDate(2000, 1, 1), To: data.DateOf(printed)}, Now: printed}
	plan, err := PlanLetters(ctx, s, o)
	must(t, err)
	done := map[string]bool{}
	for _, pl := range plan.Letters {
		if done[pl.Lang] {
			continue
		}
		done[pl.Lang] = true
		b, err := renderLetter(ctx, s, st, data.TemplateDonationThanks, pl, printed, 0)
		must(t, err)
		write("thanks-"+pl.Lang, b)
	}
	outcome, err := PlanLetters(ctx, s, LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateOutcomeThanks, ChildID: childID(t, s, "2026-003")}, Now: printed})
	must(t, err)
	b, err := renderLetter(ctx, s, st, data.TemplateOutcomeThanks, outcome.Letters[0], printed, 0)
	must(t, err)
	write("outcome-"+outcome.Letters[0].Lang, b)
	rp, err := PlanLetters(ctx, s, LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateReceipt, From: data.NewDate(2000, 1, 1), To: data.DateOf(printed)}, Now: printed})
	must(t, err)
	b, err = renderLetter(ctx, s, st, data.TemplateReceipt, rp.Letters[0], printed, 1)
	must(t, err)
	write("receipt-"+rp.Letters[0].Lang, b)
}
