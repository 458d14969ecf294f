package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/reports"
)

func TestLettersScreenBatchMarksDonations(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.nav.Select(3)
	lp := u.top().(*lettersPage)
	waiting := len(lp.waiting)
	if waiting == 0 || !strings.Contains(lp.count.Text, "Donations not yet thanked") {
		t.Fatalf("waiting %d, %q", waiting, lp.count.Text)
	}
	for i := 1; i < len(lp.waiting); i++ {
		if lp.waiting[i].ReceivedOn.Before(lp.waiting[i-1].ReceivedOn) {
			t.Fatal("the waiting list is not oldest first")
		}
	}
	tapButton(t, u, "Write thank-you letters…")
	bp := u.top().(*letterBatchPage)
	tapButton(t, u, "Preview")
	text := cellTextOf(bp.preview)
	if !strings.Contains(text, "Letters: 6, covering donations: 9.") || !strings.Contains(text, "Skipped: cash box") ||
		!strings.Contains(text, "Karimova Dilnoza — Oʻzbekcha") || strings.Contains(text, "no letters in the donor's language") || bp.write.Disabled() {
		t.Fatalf("preview:\n%s", text)
	}
	dir := t.TempDir()
	bp.opts.PerDonorDir = filepath.Join(dir, "e-mail")
	bp.writeTo(filepath.Join(dir, "batch.pdf"))
	tapButton(t, u, "Close")
	if _, err := os.Stat(filepath.Join(dir, "batch.pdf")); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(bp.opts.PerDonorDir); len(files) != 6 {
		t.Fatalf("%d per-donor files", len(files))
	}
	u.pop()
	lp = u.top().(*lettersPage)
	if len(lp.waiting) != 0 || len(lp.body.Objects) != 1 || lp.body.Objects[0] == fyne.CanvasObject(lp.list) {
		t.Fatalf("after the batch %d donations still wait, and no 'all thanked' message", len(lp.waiting))
	}
	// The donor's page lists the letter.
	dons, _ := s.ListDonors(u.ctx, "Sarah")
	u.nav.Select(2)
	u.openDonor(dons[0].ID)
	if !strings.Contains(cellTextOf(u.top().(*donorPage).body), "Thanks for a donation") {
		t.Fatal("the donor page does not list the letter")
	}
	tapButton(t, u, "Open")
	if !strings.HasSuffix(u.lastOpened, ".pdf") {
		t.Fatalf("opened %q", u.lastOpened)
	}
}

func TestTemplateEditorChecksFieldsAndPreviews(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.nav.Select(3)
	tapButton(t, u, "Letter templates…")
	tp := u.top().(*templatesPage)
	if !strings.Contains(cellTextOf(tp.box), "Thanks for a donation — Қазақша") {
		t.Fatalf("templates: %s", cellTextOf(tp.box))
	}
	u.push(newTemplateEditor(u, &data.LetterTemplate{Kind: data.TemplateDonationThanks, Language: data.LangEnglish, Name: "Short thanks"}))
	f := u.top().(*form)
	body := fieldNamed(t, f, "body").focus.(*formEntry)
	test.Type(body, "Dear {{.DonorName}}, thanks for {{.Total}}! {{.Nickname}}")
	tapButton(t, u, "Save")
	e := fieldNamed(t, f, "body")
	if !e.err.Visible() || !strings.Contains(e.err.Text, ".Nickname") {
		t.Fatalf("unknown field message: %q", e.err.Text)
	}
	body.SetText("Dear {{.DonorName}}, thanks for {{.Total}}!")
	if !strings.Contains(cellTextOf(f.view()), "Dear ") || !strings.Contains(cellTextOf(f.view()), "thanks for ") {
		t.Fatal("no live preview")
	}
	tapButton(t, u, "Save")
	saved, _ := s.Templates.All(u.ctx)
	if len(saved) != 1 || saved[0].Name != "Short thanks" {
		t.Fatalf("templates saved: %v", saved)
	}
}

// The preview is a real letter in the template's own language, on the
// donation chosen (a Russian one declines the child's name), and says at
// once when a merge field does not exist.
func TestTemplatePreviewOnAChosenDonation(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	u.push(newTemplateEditor(u, &data.LetterTemplate{Kind: data.TemplateDonationThanks, Language: data.LangRussian, Name: "Спасибо",
		Body: reports.DefaultTemplate(data.TemplateDonationThanks, "ru")}))
	f := u.top().(*form)
	var choose *widget.Select
	find(f.view(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widget.Select); ok && len(s.Options) > 1 {
			choose = s
		}
		return false
	})
	if choose == nil {
		t.Fatal("no donation to choose for the preview")
	}
	for _, opt := range choose.Options {
		if strings.Contains(opt, "Karimova Dilnoza") {
			choose.SetSelected(opt)
		}
	}
	text := cellTextOf(f.view())
	if !strings.Contains(text, "Здравствуйте, Karimova Dilnoza!") || !strings.Contains(text, "на лечение Кима Даниила Сергеевича") {
		t.Fatalf("preview:\n%s", text)
	}
	body := fieldNamed(t, f, "body").focus.(*formEntry)
	body.SetText(body.Text + " {{.ChildNickname}}")
	if text := cellTextOf(f.view()); !strings.Contains(text, ".ChildNickname") {
		t.Fatalf("an unknown field is not named in the preview:\n%s", text)
	}
}
