package ui

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"carebook/data"
	"carebook/internal/scansample"
)

// scanPDF is a scanner's PDF of n pages, each a photograph.
func scanPDF(t *testing.T, n int) []byte {
	t.Helper()
	b, err := scansample.PDF(n, 310)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// attachPDF files a PDF with a child and shows it in the Documents tab.
func attachPDF(t *testing.T, u *App, cp *childPage, title string, pdf []byte) {
	t.Helper()
	d := &data.Document{ChildID: cp.id, Kind: data.DocMedicalConclusion, Title: title, FileName: title + ".pdf"}
	if err := u.store.AttachFile(u.ctx, d, bytes.NewReader(pdf), 0); err != nil {
		t.Fatal(err)
	}
	cp.refresh()
	cp.showTab("Documents")
	for i, x := range cp.docs.docs {
		if x.ID == d.ID {
			cp.docs.choose(i)
			return
		}
	}
	t.Fatalf("%s is not in the Documents tab", title)
}

// Issue 30: a scanned PDF is seen without leaving Carebook — its first
// page in the preview, then every page in the viewer, turned from the
// keyboard — and the viewing is in the audit log.
func TestAScannedPDFIsSeenInCarebook(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Ким")
	attachPDF(t, u, cp, "Заключение онколога", scanPDF(t, 3))
	preview := find(cp.docs.preview, func(o fyne.CanvasObject) bool {
		i, ok := o.(*canvas.Image)
		return ok && i.Image != nil
	})
	if preview == nil {
		t.Fatal("the preview does not show the first page")
	}
	if !strings.Contains(textsIn(cp.docs.preview), "PDF of 3 pages") {
		t.Errorf("the preview does not count the pages:\n%s", textsIn(cp.docs.preview))
	}
	tapButton(t, u, "View")
	v, ok := u.top().(*pdfViewer)
	if !ok {
		t.Fatalf("View opened %T", u.top())
	}
	if v.where.Text != "Page 1 of 3" || v.img.Image == nil || !v.prev.Disabled() {
		t.Fatalf("the viewer shows %q (image %v, previous enabled %v)", v.where.Text, v.img.Image != nil, !v.prev.Disabled())
	}
	first := v.img.Image
	u.win.Canvas().Unfocus()
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight})
	if v.where.Text != "Page 2 of 3" || v.img.Image == first {
		t.Fatalf("→ shows %q", v.where.Text)
	}
	tapButton(t, u, "Next page")
	if v.where.Text != "Page 3 of 3" || !v.next.Disabled() {
		t.Fatalf("the last page: %q, next enabled %v", v.where.Text, !v.next.Disabled())
	}
	w := v.img.MinSize().Width
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyPlus})
	if v.img.MinSize().Width <= w {
		t.Errorf("+ did not zoom in: %v → %v", w, v.img.MinSize().Width)
	}
	u.escape()
	if u.top() != cp {
		t.Fatalf("Esc left the viewer for %T", u.top())
	}
	entries, _ := s.AuditEntries(u.ctx, data.AuditFilter{Actions: []string{data.AuditViewDocument}})
	if len(entries) == 0 || entries[0].Summary != "Заключение онколога" {
		t.Errorf("the viewing is not in the audit log: %+v", entries)
	}
}

// A damaged PDF says so, in the preview and in the viewer; nothing crashes.
func TestADamagedPDFSaysSo(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Ким")
	attachPDF(t, u, cp, "Обрезанный скан", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("мусор "), 500)...))
	if !strings.Contains(textsIn(cp.docs.preview), "damaged") {
		t.Errorf("the preview of a damaged PDF:\n%s", textsIn(cp.docs.preview))
	}
	tapButton(t, u, "View")
	v := u.top().(*pdfViewer)
	if !v.msg.Visible() || !strings.Contains(v.msg.Text, "damaged") || !v.next.Disabled() {
		t.Errorf("the viewer of a damaged PDF says %q", v.msg.Text)
	}
}

// Issue 30: a batch of letters is looked at in Carebook before it is
// printed, every letter a page.
func TestALettersBatchIsSeenBeforeItIsPrinted(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.showSectionKey("letters")
	u.push(newLetterBatchPage(u, data.TemplateDonationThanks, ""))
	bp := u.top().(*letterBatchPage)
	bp.makePlan()
	letters := len(bp.plan.Letters)
	bp.writeTo(filepath.Join(t.TempDir(), "letters.pdf"))
	tapButton(t, u, "View")
	v, ok := u.top().(*pdfViewer)
	if !ok {
		t.Fatalf("View opened %T", u.top())
	}
	if want := fmt.Sprintf("Page 1 of %d", letters); v.where.Text != want || v.img.Image == nil {
		t.Fatalf("the viewer shows %q, want %q", v.where.Text, want)
	}
}
