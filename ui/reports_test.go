package ui

import (
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
	u.nav.Select(3)
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
