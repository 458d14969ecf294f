package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
	"carebook/money"
)

// Issue 11, item 1: an existing estimate can be edited — its status from
// draft to accepted and a line's price — without a false "someone else
// changed this".
func TestAnEstimateCanBeEdited(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Rahimova")
	cp.tabs.SelectIndex(3)
	ests, _ := s.Estimates.ListFor(u.ctx, "child_id", cp.id)
	var e data.Estimate
	for _, x := range ests {
		if x.Status == data.EstimateAccepted {
			e = x
		}
	}
	mustDo(t, s.Estimates.Update(u.ctx, func() *data.Estimate { e.Status = data.EstimateDraft; return &e }()))
	before, _ := s.EstimateTotal(u.ctx, e.ID)
	u.push(newEstimatePage(u, cp, &e, false))
	ep := u.top().(*estimatePage)
	tapButton(t, u, "Save") // unchanged
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("saving an unchanged estimate: %q", ep.banner.Text)
	}
	fresh, _ := s.Estimates.Get(u.ctx, e.ID) // as the refreshed Money tab has it
	u.push(newEstimatePage(u, cp, fresh, false))
	ep = u.top().(*estimatePage)
	fieldNamed(t, ep.form, "status").obj.(interface{ SetSelected(string) }).SetSelected(label(vocab.EstimateStatusText, data.EstimateAccepted))
	ep.lines[0].price.SetText("1 000")
	tapButton(t, u, "Save")
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("saving an edited estimate: %q", ep.banner.Text)
	}
	got, _ := s.Estimates.Get(u.ctx, e.ID)
	after, _ := s.EstimateTotal(u.ctx, e.ID)
	if got.Status != data.EstimateAccepted || after == before {
		t.Fatalf("status %s, total %v (was %v)", got.Status, after, before)
	}
	if !strings.Contains(cellTextOf(cp.money), fmtMoney(after)) {
		t.Fatal("the Money tab does not show the new total")
	}
}

// Item 2: a draft estimate is not counted, and the Money tab says so where
// the target is, with a one-click Accept.
func TestADraftEstimateSaysItIsNotCounted(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	cp := openChildNamed(t, u, "Петренко")
	e := &data.Estimate{ChildID: cp.id, Provider: "Центр слуха", Currency: "KZT", IssuedOn: s.Today()}
	mustDo(t, s.SaveEstimate(u.ctx, e, []data.LineItem{{Description: "Имплант", QuantityMilli: 1000, UnitPrice: 900_000_000}}, false))
	cp.refresh()
	cp.tabs.SelectIndex(3)
	if text := cellTextOf(cp.money); !strings.Contains(text, "1 черновик сметы не учтён") {
		t.Fatalf("no word about the draft:\n%s", text)
	}
	tapButton(t, u, "Принять")
	f, _ := s.Funding(u.ctx, cp.id)
	if f.Target != money.M(900_000_000, "KZT") {
		t.Fatalf("target after Accept: %v", f.Target)
	}
	if strings.Contains(cellTextOf(cp.money), "черновик") {
		t.Fatal("the note stayed after Accept")
	}
}

// Item 3: where no program opens a document, the person reads why in their
// language — never "exec: xdg-open not found" — and is offered Save as….
func TestOpenWithoutAViewerOffersSaveAs(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "kk")
	u.opener = func(string) error { return &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound} }
	cp := openChildNamed(t, u, "Мұратбекова")
	docs, _ := s.Documents.ListFor(u.ctx, "child_id", cp.id)
	u.openDocument(&docs[0])
	text := cellTextOf(u.win.Canvas().Overlays().Top())
	if strings.Contains(text, "xdg-open") || strings.Contains(text, "exec") || !strings.Contains(text, "ашатын бағдарлама жоқ") {
		t.Fatalf("message: %q", text)
	}
	tapButton(t, u, T("Save as…"))
	if top := u.win.Canvas().Overlays().Top(); top == nil {
		t.Fatal("Save as… did not open the save dialog")
	}
}

// Item 4: Tab moves on from every field of several lines (the window
// passes Tab to a field only when it accepts tabs), so ICD-10, Program,
// Story and Save stay within reach of the keyboard.
func TestTabLeavesMultiLineFields(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	u.newChild()
	f := u.top().(*form)
	multi := 0
	for _, ff := range f.fields {
		e, ok := ff.focus.(*formEntry)
		if !ok || !e.MultiLine {
			continue
		}
		multi++
		if e.AcceptsTab() {
			t.Errorf("%s takes the Tab key", ff.name)
		}
		u.win.Canvas().Focus(e)
		u.win.Canvas().FocusNext()
		if u.win.Canvas().Focused() == e {
			t.Errorf("focus stays in %s", ff.name)
		}
	}
	if multi < 2 {
		t.Fatalf("%d fields of several lines on the child form", multi)
	}
}

// Item 5: Enter in the children's search opens the only child found, or
// the row Up and Down moved to.
func TestSearchEnterAndArrowsOpenAChild(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	test.Type(sc.search, "мұратбек")
	sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	cp, ok := u.top().(*childPage)
	if !ok || !strings.Contains(cp.child.LastName, "Мұратбекова") {
		t.Fatalf("Enter with one match: on %T", u.top())
	}
	u.pop()
	sc.search.SetText("")
	for range 2 {
		sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
	sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	want := cellText(sc, 1, 0)
	o := sc.createCell()
	sc.updateCell(widget.TableCellID{Row: 1, Col: 0}, o)
	if !o.(*fyne.Container).Objects[0].Visible() {
		t.Fatal("the row the arrows reached is not marked")
	}
	sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if cp, ok := u.top().(*childPage); !ok || cp.child.CaseNumber != want {
		t.Fatalf("Enter on the second row opened %T", u.top())
	}
	// Several matches and no row chosen: Enter opens nothing.
	u.pop()
	sc.search.SetText("2026")
	sc.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := u.top().(*childPage); ok {
		t.Fatal("Enter opened a child although several match")
	}
}

// press sends a key to the window as the keyboard does when no field has
// the focus (a dialog is open).
func press(u *App, key fyne.KeyName) { u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: key}) }

// defaultButton is the button of the dialog on top that Enter presses.
func defaultButton(t *testing.T, u *App) *widget.Button {
	t.Helper()
	var bs []*widget.Button
	collectButtons(u.win.Canvas().Overlays().Top(), &bs)
	for _, b := range bs {
		if b.Importance == widget.HighImportance {
			return b
		}
	}
	t.Fatalf("the dialog marks no default button among %d", len(bs))
	return nil
}

// Item 6: Esc cancels and Enter confirms every dialog, whose default button
// is marked.
func TestDialogsAnswerEnterAndEsc(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	cp := openChildNamed(t, u, "Ахметов")
	cp.delete()
	if b := defaultButton(t, u); b.Text != "В корзину" {
		t.Fatalf("default %q", b.Text)
	}
	press(u, fyne.KeyEscape)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc did not close the dialog")
	}
	if c, _ := s.Children.Get(u.ctx, cp.id); c.Deleted() {
		t.Fatal("Esc deleted the case")
	}
	cp.delete()
	press(u, fyne.KeyReturn)
	if c, _ := s.Children.Get(u.ctx, cp.id); !c.Deleted() {
		t.Fatal("Enter did not confirm")
	}
	for o := u.win.Canvas().Overlays().Top(); o != nil; o = u.win.Canvas().Overlays().Top() {
		u.win.Canvas().Overlays().Remove(o)
	}
	// A message and an error: one button, the default, closed by either key.
	for _, show := range []func(){
		func() { u.inform("Сведения", "Готово.") },
		func() { u.showError(data.ErrBusy) },
	} {
		for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
			show()
			defaultButton(t, u)
			press(u, key)
			if u.win.Canvas().Overlays().Top() != nil {
				t.Fatalf("%s did not close a message", key)
			}
		}
	}
	// A question with two answers of our own.
	var answer []bool
	for _, key := range []fyne.KeyName{fyne.KeyEnter, fyne.KeyEscape} {
		u.confirmText("Вопрос", "Да, сделать", "Нет", "Сделать?", func(ok bool) { answer = append(answer, ok) })
		press(u, key)
	}
	if len(answer) != 2 || !answer[0] || answer[1] {
		t.Fatalf("answers %v", answer)
	}
}

// Item 7: a form with several mistakes shows them all at the first Save:
// a date that cannot be read and an empty last name together.
func TestAFormShowsAllItsMistakesAtOnce(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "first_name", "Әлихан")
	typeInto(t, f, "birth_date", "31.02.2019")
	f.trySave()
	for _, name := range []string{"birth_date", "last_name"} {
		if ff := fieldNamed(t, f, name); !ff.err.Visible() || ff.err.Text == "" {
			t.Errorf("%s: no message at the first Save", name)
		}
	}
	if fieldNamed(t, f, "first_name").err.Visible() {
		t.Error("a right field got a message")
	}
}

// Item 8: choosing an image document never grows the window: the preview
// scales into the room it has.
func TestAnImagePreviewDoesNotGrowTheWindow(t *testing.T) {
	s := demoStore(t)
	for _, lang := range []string{"en", "ru", "kk"} {
		u := newTestApp(t, s, lang)
		u.win.Resize(fyne.NewSize(1280, 697))
		cp := openChildNamed(t, u, "Мұратбекова")
		cp.tabs.SelectIndex(2)
		before := u.win.Canvas().Size()
		found := false
		for i, d := range cp.docs.docs {
			if d.IsImage() {
				cp.docs.choose(i)
				found = true
			}
		}
		if !found {
			t.Fatal("the demo child has no image document")
		}
		// A real window grows to its content's smallest size.
		if need := u.win.Content().MinSize(); need.Height > before.Height || need.Width > before.Width {
			t.Errorf("%s: the window would grow from %v to %v", lang, before, need)
		}
	}
}

// Item 12: one readable date form per language everywhere — 20 Aug 2019 in
// English, 20.08.2019 in Russian — and a date field takes either, or ISO.
func TestDatesReadOneWayPerLanguage(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Мұратбекова")
	born := cp.child.BirthDate
	if text := cellTextOf(cp.profile); !strings.Contains(text, born.Local("en")) || strings.Contains(text, born.String()) {
		t.Fatalf("the profile shows the birth date as %q", text)
	}
	mustDo(t, s.Guardians.Delete(u.ctx, func() string { g, _ := s.Guardians.ListFor(u.ctx, "child_id", cp.id); return g[0].ID }()))
	u.showSection(6)
	if text := cellTextOf(u.top().view()); !regexp.MustCompile(`\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d`).MatchString(text) ||
		regexp.MustCompile(`\d\d\.\d\d\.\d{4}`).MatchString(text) {
		t.Fatalf("the Trash shows dates as:\n%s", text)
	}
	for _, typed := range []string{born.Local("en"), born.Local("ru"), born.String(), "1 March 2019"} {
		u.openChild(cp.id)
		p := u.top().(*childPage)
		p.edit()
		f := u.top().(*form)
		fieldNamed(t, f, "birth_date").focus.(*formEntry).SetText(typed)
		f.trySave()
		if _, ok := u.top().(*childPage); !ok {
			t.Fatalf("%q was not taken: %s", typed, f.banner.Text)
		}
	}
	if c, _ := s.Children.Get(u.ctx, cp.id); c.BirthDate.String() != "2019-03-01" {
		t.Fatalf("birth date %v", c.BirthDate)
	}
}

// Item 10: the calendar beside a date field names the month and the days
// in the interface language.
func TestTheCalendarSpeaksTheLanguage(t *testing.T) {
	u := newTestApp(t, demoStore(t), "kk")
	u.newChild()
	f := u.top().(*form)
	e := fieldNamed(t, f, "birth_date").focus.(*formEntry)
	e.SetText("05.11.2019")
	f.pickDate(e, e)
	p := f.lastPicker
	if p.heading.Text != "Қараша 2019" {
		t.Fatalf("heading %q", p.heading.Text)
	}
	if first := p.days.Objects[0].(*widget.Label).Text; first != "Дс" {
		t.Fatalf("the week starts with %q", first)
	}
	var day21 *widget.Button
	for _, o := range p.days.Objects {
		if b, ok := asButton(o); ok && b.Text == "21" {
			day21 = b
		}
	}
	test.Tap(day21)
	if e.Text != "21.11.2019" {
		t.Fatalf("picked %q", e.Text)
	}
}

// Item 10: the file chooser speaks Kazakh (its title, its places), lists
// folders first and only the files the task can use, and takes a file.
func TestTheFileChooserSpeaksKazakh(t *testing.T) {
	u := newTestApp(t, demoStore(t), "kk")
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "Ақпан"), 0o700)
	for _, n := range []string{"көшірме.csv", "сурет.png", "Выписка.CSV"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600)
	}
	u.app.Preferences().SetString(prefLastFolder, dir)
	var got string
	c := u.newFileChooser(chooseOpen, []string{".csv"}, func(p string) { got = p })
	c.show()
	text := cellTextOf(u.win.Canvas().Overlays().Top())
	var buttons []*widget.Button
	collectButtons(u.win.Canvas().Overlays().Top(), &buttons)
	for _, b := range buttons {
		text += "\n" + b.Text
	}
	for _, want := range []string{"Файлды ашу", "Басты қалта", "Компьютер", "Жоғары"} {
		if !strings.Contains(text, want) {
			t.Errorf("the chooser lacks %q", want)
		}
	}
	var names []string
	for _, e := range c.entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, "|") != "Ақпан|Выписка.CSV|көшірме.csv" {
		t.Fatalf("listed %v", names)
	}
	c.list.Select(2)
	press(u, fyne.KeyReturn)
	if got != filepath.Join(dir, "көшірме.csv") {
		t.Fatalf("chose %q", got)
	}
	// Saving over a file asks first.
	got = ""
	u.chooseSaveAs("көшірме.csv", []string{".csv"}, func(p string) { got = p })
	press(u, fyne.KeyReturn)
	if got != "" || !strings.Contains(cellTextOf(u.win.Canvas().Overlays().Top()), "бұл қалтада бар") {
		t.Fatal("saving over a file did not ask")
	}
	press(u, fyne.KeyReturn)
	if got != filepath.Join(dir, "көшірме.csv") {
		t.Fatalf("saved as %q", got)
	}
}

// Esc in the file chooser cancels it (not a place of its side bar).
func TestEscCancelsTheFileChooser(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	called := false
	u.chooseFolder(func(string) { called = true })
	press(u, fyne.KeyEscape)
	if u.win.Canvas().Overlays().Top() != nil || called {
		t.Fatal("Esc did not cancel the chooser")
	}
}

// Item 11: a new interface language applies at once, without a restart.
func TestTheInterfaceLanguageChangesAtOnce(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	t.Cleanup(func() { SetLanguage("en") })
	u.nav.Select(5)
	f := u.top().(*settingsPage).form
	fieldNamed(t, f, "language").obj.(*formSelect).SetSelected("Қазақша")
	tapButton(t, u, "Save")
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "сақталды") || strings.Contains(strings.ToLower(text), "restart") {
		t.Fatalf("after saving: %q", text)
	}
	if got := T(u.sections[1].title); got != "Балалар" {
		t.Fatalf("the sections read %q", got)
	}
	if title := u.top().(*settingsPage).form.title; title != "Баптаулар" {
		t.Fatalf("the settings page reads %q", title)
	}
	if m := u.win.MainMenu().Items[0].Label; m != "Файл" {
		t.Fatalf("the menu reads %q", m)
	}
}

// Item 13: moving a case to Review with required papers missing names
// them, and the volunteer may go on with a reason.
func TestReviewWithMissingPapersWarnsAndTakesAReason(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	cp := openChildNamed(t, u, "Петренко")
	if cp.child.Status != data.StatusDocuments {
		t.Fatalf("the demo case is at %s", cp.child.Status)
	}
	cp.changeStatus()
	sd := cp.statusDialog
	sd.to.SetSelected(StatusLabel(data.StatusReview))
	if !sd.papers.Visible() || !strings.Contains(sd.papers.Text, DocumentKindLabel(data.DocConsentForm)) {
		t.Fatalf("no warning about the papers: %q", sd.papers.Text)
	}
	sd.apply()
	if !sd.problem.Visible() || cp.child.Status != data.StatusDocuments {
		t.Fatal("went to review without a reason")
	}
	sd.reason.SetText("Комиссия в пятницу, мама привезёт оригиналы")
	sd.apply()
	if c, _ := s.Children.Get(u.ctx, cp.id); c.Status != data.StatusReview {
		t.Fatalf("status %s", c.Status)
	}
}

// Item 15: "Write the letters…" stays in sight beside Preview, however long
// the preview grows (it is not in the scrolled part of the page).
func TestWriteTheLettersStaysInSight(t *testing.T) {
	s := demoStore(t)
	for i := range 40 { // a long preview
		d := &data.Donor{DisplayName: fmt.Sprintf("Донор %02d", i)}
		mustDo(t, s.Donors.Create(context.Background(), d))
		mustDo(t, s.Donations.Create(context.Background(), &data.Donation{DonorID: d.ID, ReceivedOn: s.Today(), Amount: money.M(100000, "KZT")}))
	}
	u := newTestApp(t, s, "en")
	u.win.Resize(fyne.NewSize(1366, 697))
	u.showSection(3)
	u.push(newLetterBatchPage(u, data.TemplateDonationThanks, ""))
	bp := u.top().(*letterBatchPage)
	tapButton(t, u, "Preview")
	if bp.write.Disabled() {
		t.Fatal("nothing to write")
	}
	inScroll := find(bp.scroll, func(o fyne.CanvasObject) bool { return o == bp.write })
	if inScroll != nil {
		t.Fatal("Write the letters… scrolls away with the preview")
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(bp.write)
	if pos.Y+bp.write.Size().Height > 697 || !bp.write.Visible() {
		t.Fatalf("Write the letters… is at %v, below the window", pos)
	}
}

// Item 16: a delete leaves a short notice with Undo that brings the
// record back; and counts read right ("1 earmarked donation", "2
// целевых пожертвования", "5 целевых пожертвований").
func TestDeleteOffersUndoAndCountsReadRight(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Ахметов")
	mustDo(t, s.Donations.Create(u.ctx, &data.Donation{ChildID: cp.id, ReceivedOn: s.Today(), Amount: money.M(100000, "KZT")}))
	cp.delete()
	if text := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(text, "1 earmarked donation. It stays") {
		t.Fatalf("one donation reads: %q", text)
	}
	press(u, fyne.KeyReturn)
	if !u.notice.Visible() || u.noticeText.Text != "Moved to the Trash." {
		t.Fatal("no notice after the delete")
	}
	test.Tap(u.noticeUndo)
	if c, _ := s.Children.Get(u.ctx, cp.id); c.Deleted() {
		t.Fatal("Undo did not bring the case back")
	}
	if p, ok := u.top().(*childPage); !ok || p.id != cp.id {
		t.Fatalf("after Undo: on %T", u.top())
	}
	// An attached record likewise.
	u.pop()
	p := openChildNamed(t, u, "Мұратбекова")
	gs, _ := s.Guardians.ListFor(u.ctx, "child_id", p.id)
	p.trash("guardian", s.Guardians, gs[0].ID)
	press(u, fyne.KeyReturn)
	test.Tap(u.noticeUndo)
	if back, _ := s.Guardians.ListFor(u.ctx, "child_id", p.id); len(back) != len(gs) {
		t.Fatal("Undo did not bring the guardian back")
	}
	for n, want := range map[int]string{2: "2 целевых пожертвования", 5: "5 целевых пожертвований", 21: "21 целевое пожертвование"} {
		SetLanguage("ru")
		got := TN("This child has {{.Count}} earmarked donations. They stay recorded and still count for their donors; while the case is in the Trash they do not appear in its funding.", n)
		if !strings.Contains(got, want) {
			t.Errorf("%d: %q", n, got)
		}
	}
	SetLanguage("en")
}

// With no folder used before, the chooser opens in the person's Documents,
// which a Russian Linux desktop calls ~/Документы (user-dirs.dirs), and the
// side bar offers it under that name's meaning.
func TestTheFileChooserStartsInDocuments(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	docs := filepath.Join(home, "Документы")
	os.MkdirAll(docs, 0o700)
	os.MkdirAll(filepath.Join(home, ".config"), 0o700)
	os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"),
		[]byte("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Рабочий стол\"\nXDG_DOCUMENTS_DIR=\"$HOME/Документы\"\n"), 0o600)
	u := newTestApp(t, demoStore(t), "ru")
	c := u.newFileChooser(chooseOpen, nil, func(string) {})
	c.show()
	if c.dir != docs {
		t.Fatalf("the chooser opened in %q, not in Documents (%q)", c.dir, docs)
	}
	var docsPlace *place
	for _, p := range places() {
		if p.path == docs {
			docsPlace = &p
		}
	}
	if docsPlace == nil || docsPlace.name != "Документы" {
		t.Fatalf("the side bar does not offer Documents: %v", places())
	}
	// A folder used before wins.
	other := t.TempDir()
	u.app.Preferences().SetString(prefLastFolder, other)
	c = u.newFileChooser(chooseOpen, nil, func(string) {})
	c.show()
	if c.dir != other {
		t.Fatalf("the chooser did not reopen the last folder: %q", c.dir)
	}
}
