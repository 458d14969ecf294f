package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"carebook/data"
)

func openChildNamed(t *testing.T, u *App, name string) *childPage {
	t.Helper()
	kids, _ := u.store.ListChildren(u.ctx, data.ChildFilter{Search: name})
	if len(kids) != 1 {
		t.Fatalf("%d children named %s", len(kids), name)
	}
	u.openChild(kids[0].ID)
	return u.top().(*childPage)
}

func TestDocumentsTabShowsPapersAndChecklist(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Мұратбекова")
	cp.tabs.SelectIndex(2)
	dt := cp.docs
	if len(dt.docs) < 5 {
		t.Fatalf("%d documents listed", len(dt.docs))
	}
	list := cellTextOf(dt.checklist)
	// The EB case has its consent form, birth certificate and conclusion; the
	// conclusion is older than 180 days, so it has expired.
	for _, want := range []string{"✓ Consent form", "✓ Identity document", "Medical conclusion — expired on"} {
		if !strings.Contains(list, want) {
			t.Errorf("checklist lacks %q:\n%s", want, list)
		}
	}
	// Choosing a PDF shows its page count; an image decodes into the preview.
	for i, d := range dt.docs {
		if d.IsPDF() {
			dt.choose(i)
			if !strings.Contains(cellTextOf(dt.preview), "PDF of 1 page") {
				t.Fatalf("PDF preview: %q", cellTextOf(dt.preview))
			}
			break
		}
	}
}

func TestAttachSheetAttachesGoodFilesAndKeepsBadOnes(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	st, _ := s.Settings(u.ctx)
	st.MaxFileMB = 1
	s.SaveSettings(u.ctx, st)
	cp := openChildNamed(t, u, "Петренко")
	dir := t.TempDir()
	good := filepath.Join(dir, "Аудиограмма 12.03.pdf")
	os.WriteFile(good, []byte("%PDF-1.4 audiogram"), 0o600)
	photo := filepath.Join(dir, "IMG 2041.jpg")
	os.WriteFile(photo, []byte("not really a jpeg"), 0o600)
	big := filepath.Join(dir, "огромный скан.pdf")
	os.WriteFile(big, make([]byte, 2<<20), 0o600)

	cp.tabs.SelectIndex(2)
	tapButton(t, u, "Attach files…")
	sheet := u.top().(*attachSheet)
	sheet.add([]string{good, photo, big, good}) // the second good is a repeat
	if len(sheet.pending) != 3 {
		t.Fatalf("%d files pending", len(sheet.pending))
	}
	if sheet.pending[1].doc.Kind != data.DocPhoto || sheet.pending[0].doc.Title != "Аудиограмма 12.03" {
		t.Fatalf("guessed %s / %q", sheet.pending[1].doc.Kind, sheet.pending[0].doc.Title)
	}
	typeInto(t, sheet.pending[0].form, "issued_on", "12.03.2026")
	tapButton(t, u, "Attach all")
	// The big one stays with its reason; the others are stored.
	if len(sheet.pending) != 1 || !strings.Contains(sheet.pending[0].status.Text, "larger than 1 MB") {
		t.Fatalf("left on the sheet: %d, %q", len(sheet.pending), sheet.pending[0].status.Text)
	}
	docs, _ := s.Documents.ListFor(u.ctx, "child_id", cp.id)
	var names []string
	for _, d := range docs {
		names = append(names, d.FileName)
		if d.FileName == "Аудиограмма 12.03.pdf" && d.IssuedOn != data.MustDate("2026-03-12") {
			t.Errorf("issued on %v", d.IssuedOn)
		}
	}
	if len(docs) != 2 {
		t.Fatalf("stored: %v", names)
	}
	// Leaving with a file still on the sheet asks first.
	u.escape()
	tapButton(t, u, "Discard")
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("after discarding the sheet: %T", u.top())
	}
}

func TestDroppingFilesOnAChildPageOpensTheSheet(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	dir := t.TempDir()
	a := filepath.Join(dir, "согласие мамы.pdf")
	os.WriteFile(a, []byte("%PDF consent"), 0o600)
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(a)})
	if _, ok := u.top().(*childrenScreen); !ok {
		t.Fatal("a drop on the list went somewhere")
	}
	tapButton(t, u, "OK") // the hint to open a child first
	openChildNamed(t, u, "Ахметов")
	u.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(a), storage.NewFileURI(dir)})
	sheet, ok := u.top().(*attachSheet)
	if !ok || len(sheet.pending) != 1 || sheet.pending[0].doc.Kind != data.DocConsentForm {
		t.Fatalf("drop: %T", u.top())
	}
}

func TestOpenMakesACopyWithTheOriginalName(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Ким")
	cp.tabs.SelectIndex(2)
	for i, d := range cp.docs.docs {
		if d.FileName == "Kostenvoranschlag Tübingen.pdf" {
			cp.docs.choose(i)
			tapButton(t, u, "Open")
			break
		}
	}
	defer os.RemoveAll(filepath.Dir(u.lastOpened))
	if filepath.Base(u.lastOpened) != "Kostenvoranschlag Tübingen.pdf" {
		t.Fatalf("opened %q", u.lastOpened)
	}
	if b, err := os.ReadFile(u.lastOpened); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("copy: %v", err)
	}
}

func TestDeletedDocumentLeavesDiskOnlyWhenTrashIsEmptied(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Петренко")
	p := filepath.Join(t.TempDir(), "справка.pdf")
	os.WriteFile(p, []byte("%PDF only here"), 0o600)
	d := &data.Document{ChildID: cp.id, Kind: data.DocOther}
	if err := s.AttachPath(u.ctx, d, p); err != nil {
		t.Fatal(err)
	}
	cp.refresh()
	cp.tabs.SelectIndex(2)
	cp.docs.choose(0)
	tapButton(t, u, "Delete")
	tapButton(t, u, "Yes")
	if _, err := os.Stat(s.BlobPath(d.SHA256)); err != nil {
		t.Fatal("the file left the disk on delete")
	}
	u.nav.Select(6)
	tp := u.top().(*trashPage)
	if !strings.Contains(cellTextOf(tp.box), "справка") {
		t.Fatalf("trash: %q", cellTextOf(tp.box))
	}
	tapButton(t, u, "Empty the Trash of documents…")
	tapButton(t, u, "Remove for good")
	tapButton(t, u, "OK")
	if _, err := os.Stat(s.BlobPath(d.SHA256)); !os.IsNotExist(err) {
		t.Fatal("the file is still on disk after emptying the Trash")
	}
}

func TestEventFormLinksDocuments(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Rahimova")
	cp.tabs.SelectIndex(1)
	tapButton(t, u, "Add journey event")
	f := u.top().(*form)
	typeInto(t, f, "title", "Контроль ферритина")
	g := fieldNamed(t, f, "documents").obj.(interface{ SetSelected([]string) })
	g.SetSelected([]string{"Test result: HLA-типирование"})
	tapButton(t, u, "Save")
	evs, _ := s.JourneyEvents.ListFor(u.ctx, "child_id", cp.id)
	var id string
	for _, e := range evs {
		if e.Title == "Контроль ферритина" {
			id = e.ID
		}
	}
	docs, _ := s.EventDocuments(u.ctx, id)
	if len(docs) != 1 || docs[0].Title != "HLA-типирование" {
		t.Fatalf("linked: %v", docs)
	}
	if !strings.Contains(cellTextOf(cp.journey), "Documents: HLA-типирование") {
		t.Fatal("the journey does not show the linked document")
	}
}

// In a foundation of several offices, emptying the Trash says that the
// other offices erase the documents too.
func TestEmptyingTheTrashWarnsOfTheOtherOffices(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
	docs, _ := s.Documents.ListFor(u.ctx, "child_id", kids[0].ID)
	if err := s.Documents.Delete(u.ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	ask := func() string {
		t.Helper()
		u.nav.Select(6)
		tapButton(t, u, "Empty the Trash of documents…")
		top := u.win.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no question asked")
		}
		text := labelsIn(top)
		tapButton(t, u, "Cancel")
		return text
	}
	const warning = "The other offices erase them too"
	if strings.Contains(ask(), warning) {
		t.Error("a foundation of one office is told of other offices")
	}
	if _, err := s.InviteOffice(u.ctx, data.NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{"Түркістан облысы"}},
		"телефонный пароль", filepath.Join(t.TempDir(), "shy.cbx"), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ask(), warning) {
		t.Error("emptying the Trash does not say that the other offices erase the documents too")
	}
}
