package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportsScreenMakesAJourneyReport(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	cp := openChildNamed(t, u, "Мұратбекова")
	tapButton(t, u, "Печать…")
	rp := u.top().(*reportsPage)
	if !strings.HasPrefix(rp.child.Text, "2026-001") {
		t.Fatalf("the child is not preset: %q", rp.child.Text)
	}
	// Only the journey's fields show.
	if fieldNamed(t, rp.form, "from").cell.Visible() || !fieldNamed(t, rp.form, "edition").cell.Visible() {
		t.Fatal("grant fields show for a journey report")
	}
	fieldNamed(t, rp.form, "edition").obj.(interface{ SetSelectedIndex(int) }).SetSelectedIndex(1) // public
	for _, ff := range rp.form.fields {
		if err := ff.apply(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rp.form.submit(); err != nil {
		t.Fatal(err)
	}
	if rp.req.childID != cp.id || rp.req.edition != "public" || rp.req.lang != "ru" {
		t.Fatalf("request %+v", rp.req)
	}
	if rp.req.fileName() != "2026-001 journey ru public.pdf" {
		t.Fatalf("file name %q", rp.req.fileName())
	}
	path := filepath.Join(t.TempDir(), "отчёт.pdf")
	u.saveReport(*rp.req, path)
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("report not written: %v", err)
	}
	tapButton(t, u, "Открыть")
	if u.lastReport != path {
		t.Fatalf("last report %q", u.lastReport)
	}
	// Switching to the grant report shows its fields instead.
	rp.kind.SetSelectedIndex(1)
	if !fieldNamed(t, rp.form, "from").cell.Visible() || fieldNamed(t, rp.form, "child_id").cell.Visible() {
		t.Fatal("switching to the grant report did not change the fields")
	}
}

func TestGrantReportWithCSVFromTheScreen(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.nav.Select(4)
	rp := u.top().(*reportsPage)
	rp.kind.SetSelectedIndex(1)
	fieldNamed(t, rp.form, "csv").obj.(interface{ SetChecked(bool) }).SetChecked(true)
	for _, ff := range rp.form.fields {
		if err := ff.apply(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rp.form.submit(); err != nil {
		t.Fatal(err)
	}
	if rp.req.grant.Edition != "public" {
		t.Fatalf("a grant report for sponsors starts as %q", rp.req.grant.Edition)
	}
	path := filepath.Join(t.TempDir(), "grant.pdf")
	u.saveReport(*rp.req, path)
	if _, err := os.Stat(strings.TrimSuffix(path, ".pdf") + ".csv"); err != nil {
		t.Fatal("no CSV beside the grant report")
	}
}

func TestAppealWithoutConsentSaysWhy(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	kids := openChildNamed(t, u, "Бекжанов")
	req := reportRequest{kind: reportAppeal, childID: kids.id, caseNumber: "2026-004", lang: "en"}
	path := filepath.Join(t.TempDir(), "appeal.pdf")
	u.saveReport(req, path)
	if _, err := os.Stat(path); err == nil {
		t.Fatal("an appeal sheet was written without consent")
	}
	text := cellTextOf(u.win.Canvas().Overlays().Top())
	if !strings.Contains(text, "no valid consent to publish the story") {
		t.Fatalf("message: %q", text)
	}
}

// Item 1, on the screens: a report saved over the database, or a grant
// report whose CSV would land on the database, is refused in the person's
// language and the database is unchanged; a document copy likewise.
func TestSavingOverTheDatabaseIsRefused(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	before, _ := os.ReadFile(s.Path())
	kid := openChildNamed(t, u, "Мұратбекова")
	u.saveReport(reportRequest{kind: reportJourney, childID: kid.id, caseNumber: "2026-001", lang: "ru", edition: "internal"}, s.Path())
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "часть базы данных Carebook") {
		t.Fatalf("message: %q", text)
	}
	u.win.Canvas().Overlays().Top().Hide()
	g := reportRequest{kind: reportGrant, lang: "ru", csv: true}
	g.grant.From, g.grant.To = s.Today().AddDays(-365), s.Today()
	u.saveReport(g, filepath.Join(filepath.Dir(s.Path()), "files", "g.pdf"))
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "хранит документы") {
		t.Fatalf("message: %q", text)
	}
	docs, _ := s.Documents.ListFor(u.ctx, "child_id", kid.id)
	if err := s.SaveCopy(t.Context(), &docs[0], s.Path()+"-wal"); err == nil {
		t.Fatal("a document copy was written over the -wal")
	}
	if after, _ := os.ReadFile(s.Path()); !bytes.Equal(before, after) {
		t.Fatal("the database changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(s.Path()), "files", "g.pdf")); err == nil {
		t.Fatal("a report was written into the documents folder")
	}
}
