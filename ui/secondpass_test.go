package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// Issue 28, the desk's second pass: each item a volunteer still tripped on.

// Item 1: a multi-line field takes line breaks; the diagnosis was refused
// with "invisible control characters".
func TestTheDiagnosisTakesALineBreak(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "last_name", "Сейітқали")
	typeInto(t, f, "first_name", "Әлихан")
	typeInto(t, f, "birth_date", "23.02.2019")
	fieldNamed(t, f, "diagnosis").focus.(*formEntry).SetText("Расщелина губы и нёба\nоперирован в 2024")
	tapButton(t, u, "Save")
	cp, ok := u.top().(*childPage)
	if !ok {
		t.Fatalf("not saved: %q %q", f.banner.Text, fieldNamed(t, f, "diagnosis").err.Text)
	}
	if got := cp.child.Diagnosis; got != "Расщелина губы и нёба\nоперирован в 2024" {
		t.Fatalf("saved as %q", got)
	}
	u.pop()
	test.Type(u.children.search, "оперирован")
	if cell := cellText(u.children, 0, 4); rowsShown(u.children) != 1 || strings.Contains(cell, "\n") || !strings.HasPrefix(cell, "Расщелина губы и нёба о") {
		t.Fatalf("the list shows %d rows, diagnosis %q", rowsShown(u.children), cellText(u.children, 0, 4))
	}
}

// Item 2: where typing would be lost, Enter keeps it: the default button of
// "Discard changes?" is Keep editing, and Esc keeps too.
func TestEnterOnDiscardChangesKeepsTheTyping(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "last_name", "Сейітқали")
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		f.cancel()
		if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(cellTextOf(top), "Discard changes?") {
			t.Fatal("no question before the typing is thrown away")
		}
		dialogKey(u.win.Canvas(), &fyne.KeyEvent{Name: key})
		if u.top() != f || fieldNamed(t, f, "last_name").value() != "Сейітқали" || u.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s threw the typing away", key)
		}
	}
	f.cancel()
	tapButton(t, u, "Discard")
	if u.top() == f {
		t.Fatal("Discard kept the form")
	}
}

// Item 3: sorting the list by case number puts 2026-182 before 2026-1819.
func TestTheCaseColumnSortsByYearThenNumber(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	sc.mu.Lock()
	sc.rows = nil
	for _, n := range []string{"2026-1819", "2026-182", "2025-999", "2026-1000"} {
		sc.rows = append(sc.rows, data.ChildSummary{ID: n, CaseNumber: n})
	}
	sc.sortCol, sc.sortDesc = 1, false
	sc.mu.Unlock()
	sc.sortBy(0)
	var got []string
	for _, r := range sc.rows {
		got = append(got, r.CaseNumber)
	}
	if strings.Join(got, " ") != "2025-999 2026-182 2026-1000 2026-1819" {
		t.Fatalf("sorted: %v", got)
	}
}

// Item 4: a consent or an accepted estimate recorded without its scanned
// paper is not "missing": the line says the paper is, and attaching it
// from that line ticks it (the consent's form linked to the consent).
func TestRequiredPapersSayThePaperIsMissingAndAttachIt(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	ctx := u.ctx
	c := &data.Child{FirstName: "Әлихан", LastName: "Сейітқали", BirthDate: data.MustDate("2019-02-23")}
	mustDo(t, s.Children.Create(ctx, c))
	g := &data.Guardian{ChildID: c.ID, FullName: "Сейітқали Гүлнар", Relation: data.RelationMother}
	mustDo(t, s.Guardians.Create(ctx, g))
	mustDo(t, s.Consents.Create(ctx, &data.Consent{ChildID: c.ID, GuardianID: g.ID, Kind: data.ConsentData, GrantedOn: s.Today()}))
	mustDo(t, s.Estimates.Create(ctx, &data.Estimate{ChildID: c.ID, Provider: "Klinikum Nord", Currency: "EUR", IssuedOn: s.Today(), Status: data.EstimateAccepted}))
	u.openChild(c.ID)
	p := u.top().(*childPage)
	p.tabs.Select(p.docsTab)
	got := labelsIn(p.docs.checklist)
	for _, want := range []string{"the consent is recorded; its scanned paper is missing", "the estimate of Klinikum Nord is recorded; its scanned paper is missing"} {
		if !strings.Contains(got, want) {
			t.Fatalf("%q is not in the required papers:\n%s", want, got)
		}
	}
	items, _ := s.Checklist(ctx, c.ID)
	var consent data.ChecklistItem
	for _, it := range items {
		if it.Kind == data.DocConsentForm {
			consent = it
		}
	}
	u.attachPaper(p, consent)
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		top.Hide() // the file chooser: the test hands the file over itself
	}
	sheet := u.top().(*attachSheet)
	scan := filepath.Join(t.TempDir(), "согласие.pdf")
	mustDo(t, os.WriteFile(scan, []byte("%PDF-1.4 согласие"), 0o600))
	sheet.add([]string{scan})
	tapButton(t, u, "Attach all")
	got = labelsIn(p.docs.checklist)
	if !strings.Contains(got, "✓ Consent form") {
		t.Fatalf("the consent line is not ticked:\n%s", got)
	}
	cs, _ := s.Consents.ListFor(ctx, "child_id", c.ID)
	if len(cs) != 1 || cs[0].DocumentID == "" {
		t.Fatalf("the form is not the consent's: %+v", cs)
	}
}

// Item 5: in Change status nothing has the focus, so Enter changes the
// status (not a line in the reason); Ctrl+Enter confirms from the reason;
// Tab to a button and Enter presses it.
func TestTheKeyboardConfirmsAndPressesButtons(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Петренко")
	cp.changeStatus()
	sd := cp.statusDialog
	if f := u.win.Canvas().Focused(); f != nil {
		t.Fatalf("the dialog opens with %T focused", f)
	}
	sd.to.SetSelected(StatusLabel(data.StatusOnHold))
	sd.reason.SetText("Семья уехала до весны")
	dialogKey(u.win.Canvas(), &fyne.KeyEvent{Name: fyne.KeyReturn})
	if c, _ := s.Children.Get(u.ctx, cp.id); c.Status != data.StatusOnHold || sd.reason.Text != "Семья уехала до весны" {
		t.Fatalf("Enter: status %s, reason %q", c.Status, sd.reason.Text)
	}

	cp.changeStatus()
	sd = cp.statusDialog
	u.win.Canvas().Focus(sd.reason)
	test.Type(sd.reason, "Семья вернулась")
	sd.reason.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	if c, _ := s.Children.Get(u.ctx, cp.id); c.Status == data.StatusOnHold {
		t.Fatal("Ctrl+Enter in the reason did not change the status")
	}

	// Any button Carebook makes: focused, Enter presses it.
	pressed := 0
	b := newButton("Сохранить", func() { pressed++ })
	u.win.SetContent(b)
	u.win.Canvas().Focus(b)
	u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if pressed != 1 {
		t.Fatal("Enter did not press the focused button")
	}
}

// Item 6: Tab through a long form keeps the focused field in view (after
// Urgency, Volunteer and Story were typed into out of sight).
func TestTabKeepsTheFocusedFieldInView(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.win.Resize(fyne.NewSize(1280, 720))
	u.newChild()
	f := u.top().(*form)
	for _, name := range []string{"urgency", "volunteer", "story"} {
		ff := fieldNamed(t, f, name)
		u.win.Canvas().Focus(ff.focus)
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(ff.obj).Y - d.AbsolutePositionForObject(f.scroll).Y
		if y < 0 || y+ff.obj.Size().Height > f.scroll.Size().Height {
			t.Fatalf("%s is at %v..%v of a view %v high", name, y, y+ff.obj.Size().Height, f.scroll.Size().Height)
		}
	}
	// And back up to the top.
	u.win.Canvas().Focus(fieldNamed(t, f, "last_name").focus)
	if f.scroll.Offset.Y > fieldNamed(t, f, "last_name").obj.Position().Y+1 {
		t.Fatalf("the first field is out of view (offset %v)", f.scroll.Offset.Y)
	}
}

// Item 7: Up and Down from the search box move the row the keyboard is on,
// which shows, and Enter opens it.
func TestUpAndDownFromTheSearchMoveTheRow(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	u.win.Canvas().Focus(sc.search)
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyDown, fyne.KeyUp} {
		u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
	}
	if sc.cursor != 1 {
		t.Fatalf("the keyboard is on row %d", sc.cursor)
	}
	marked := 0
	find(sc.table, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 2 {
			if l, ok := c.Objects[1].(*widget.Label); ok && l.Text == cellText(sc, 1, 0) && c.Objects[0].Visible() {
				marked++
			}
		}
		return false
	})
	if marked == 0 {
		t.Fatal("the row the keyboard is on is not marked")
	}
	want := sc.rows[1].ID
	u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if cp, ok := u.top().(*childPage); !ok || cp.id != want {
		t.Fatalf("Enter opened %T", u.top())
	}
}

// Item 9: at 1280×720 every column of the children list is whole (Still
// missing was clipped), and a case without a target says so instead of a
// red "Still missing ₸0.00".
func TestTheListFitsAt1280AndNoTargetIsSaid(t *testing.T) {
	for _, lang := range []string{"en", "ru", "kk", "uz"} {
		s := demoStore(t)
		u := newTestApp(t, s, lang)
		u.win.Resize(fyne.NewSize(1280, 720))
		sc := u.children
		var total float32
		for _, c := range childColumns {
			total += c.width
		}
		if room := sc.table.Size().Width - theme.ScrollBarSize(); total > room {
			t.Errorf("%s: the columns need %v, the list has %v", lang, total, room)
		}
	}
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Петренко") // collecting documents: no estimate yet
	for i, tab := range cp.tabs.Items {
		if tab.Text == "Money" {
			cp.tabs.SelectIndex(i)
		}
	}
	got := textsIn(u.win.Content())
	if strings.Contains(got, "Still missing") || !strings.Contains(got, "no target yet") {
		t.Fatalf("a case without a target shows:\n%s", got)
	}
}

// Item 8: a message of two lines makes a dialog as high as its text, not
// most of the window.
func TestADialogIsAsHighAsItsText(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.win.Resize(fyne.NewSize(1280, 720))
	u.inform("Restored", "The backup of today 10:15 was restored.\nThe database that was open is kept as C:\\Users\\Гүлнар\\Carebook\\before-restore\\2026-12-04_101500\\carebook.db.")
	top := u.win.Canvas().Overlays().Top()
	var h float32
	find(top, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "The backup of") {
			h = l.Size().Height
		}
		return false
	})
	var dialogH float32
	if p, ok := top.(*widget.PopUp); ok {
		dialogH = p.Content.Size().Height
	}
	if dialogH == 0 || dialogH > 320 || h < 40 {
		t.Fatalf("the dialog is %v high for a text %v high", dialogH, h)
	}
}

// Item 10: Uzbek date ranges say "start date"/"end date", not "from
// whom"/"to whom" (Kimdan/Kimga); Discard is not Cancel's word.
func TestUzbekDateRangesSpeakOfDates(t *testing.T) {
	s := demoStore(t)
	newTestApp(t, s, "uz")
	for _, key := range []string{"From", "To", "From (date)", "To (date)"} {
		if got := T(key); strings.HasPrefix(got, "Kim") || !strings.Contains(got, "sana") {
			t.Errorf("%q reads %q", key, got)
		}
	}
	if T("Discard") == T("Cancel") {
		t.Errorf("Discard and Cancel both read %q", T("Cancel"))
	}
}

// Item 11: every plural text of every language, at 1, 2, 5, 11, 21 and 22,
// takes the form its language's plural rules give that number ("1 new
// donors" was possible), and shows the number.
func TestEveryPluralAtEveryNumber(t *testing.T) {
	// CLDR's categories of these numbers.
	category := map[string]func(n int) string{
		"en": func(n int) string { return map[bool]string{true: "one", false: "other"}[n == 1] },
		"kk": func(n int) string { return map[bool]string{true: "one", false: "other"}[n == 1] },
		"uz": func(n int) string { return map[bool]string{true: "one", false: "other"}[n == 1] },
		"ru": func(n int) string {
			switch {
			case n%10 == 1 && n%100 != 11:
				return "one"
			case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
				return "few"
			}
			return "many"
		},
	}
	for _, code := range []string{"en", "ru", "kk", "uz"} {
		b, err := os.ReadFile(filepath.Join("..", "assets", "translations", code+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		SetLanguage(code)
		n := 0
		for key, v := range m {
			forms, ok := v.(map[string]any)
			if !ok {
				continue
			}
			n++
			for _, count := range []int{1, 2, 5, 11, 21, 22} {
				form, _ := forms[category[code](count)].(string)
				want := strings.NewReplacer("{{.Count}}", strconv.Itoa(count)).Replace(form)
				got := TN(key, count)
				if fieldPattern.MatchString(want) {
					continue // other fields the caller fills
				}
				if got != want || !strings.Contains(got, strconv.Itoa(count)) {
					t.Errorf("%s %q at %d: %q, want %q", code, key, count, got, want)
				}
			}
		}
		if n < 20 {
			t.Errorf("%s: only %d plural texts", code, n)
		}
	}
	SetLanguage("en")
}

// Item 11: no text puts a number before a plural noun outside TN, where it
// would read "1 new donors": counts outside TN are written "label: number".
func TestNoNumberBeforeAPluralNounOutsideTN(t *testing.T) {
	_, plural := usedKeys(t)
	b, err := os.ReadFile(filepath.Join("..", "assets", "translations", "en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	noun := regexp.MustCompile(`{{\.\w+}} (new |document |more )?(donations|donors|rows|files|documents|children|cases|letters|people|entries)\b`)
	for key, v := range m {
		text, ok := v.(string)
		if plural[key] || !ok {
			continue
		}
		if noun.MatchString(text) {
			t.Errorf("a count before a plural noun, outside TN: %q", text)
		}
	}
}

// Item 13: the regions a person picks from are in the interface language's
// alphabetical order (they were in the order of their bytes: Latin names
// first, «г. Алматы» last).
func TestRegionsArePickedInAlphabeticalOrder(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	got := u.children.region.Options[1:]
	want := []string{"г. Алматы", "Жамбыл облысы", "Карагандинская область", "Павлодарская область", "Түркістан облысы", "Samarqand viloyati", "Toshkent"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("regions offered: %v\nwant %v", got, want)
	}
}

// Item 14: the examples in date and amount errors are in each language's
// own format — and are themselves accepted.
func TestErrorExamplesAreInTheLanguagesOwnFormat(t *testing.T) {
	s := demoStore(t)
	newTestApp(t, s, "en")
	dateExample := regexp.MustCompile(`like (\d+ \w+ \d{4}) or`)
	for _, c := range []struct{ lang, date, amount string }{
		{"en", "23 Feb 2026", "1,234.50"}, {"ru", "23.02.2026", "1 234,50"},
		{"kk", "23.02.2026", "1 234,50"}, {"uz", "23.02.2026", "1 234,50"},
	} {
		SetLanguage(c.lang)
		d, a := T(fieldErrorTexts[data.CodeBadDate]), T(fieldErrorTexts[data.CodeBadAmount])
		if !strings.Contains(d, c.date) || !strings.Contains(a, c.amount) {
			t.Errorf("%s: %q / %q", c.lang, d, a)
		}
		if c.lang == "en" {
			m := dateExample.FindStringSubmatch(d)
			if m == nil {
				t.Fatalf("no example in %q", d)
			}
			if _, err := data.ParseDate(m[1]); err != nil {
				t.Errorf("the example %q is not taken: %v", m[1], err)
			}
		}
	}
	SetLanguage("en")
}

// Item 16: on a child's page, a click on the current section in the sidebar
// goes back to its list (it did nothing).
func TestClickingTheCurrentSectionReturnsToItsList(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	openChildNamed(t, u, "Петренко")
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("on %T", u.top())
	}
	row := find(u.nav, func(o fyne.CanvasObject) bool {
		r, ok := o.(*navRow)
		return ok && r.id == u.current && r.Visible()
	})
	if row == nil {
		t.Fatal("no sidebar row of the current section")
	}
	test.Tap(row.(*navRow))
	if u.top() != u.children || len(u.stack) != 1 {
		t.Fatalf("after the click the screen is %T", u.top())
	}
	// Another section is chosen as before.
	other := find(u.nav, func(o fyne.CanvasObject) bool { r, ok := o.(*navRow); return ok && r.id == 2 })
	test.Tap(other.(*navRow))
	if u.current != 2 {
		t.Fatalf("the current section is %d", u.current)
	}
}

// Seen in the 1280 screenshots: on the Letters screen the count of
// donations waiting was drawn under "Write thank-you letters…".
func TestTheLettersCountIsNotUnderItsButtons(t *testing.T) {
	for _, lang := range []string{"en", "kk"} {
		s := demoStore(t)
		u := newTestApp(t, s, lang)
		u.win.Resize(fyne.NewSize(1280, 720))
		u.showSection(3)
		p := u.top().(*lettersPage)
		d := fyne.CurrentApp().Driver()
		end := d.AbsolutePositionForObject(p.count).X + p.count.MinSize().Width
		if next := d.AbsolutePositionForObject(p.bar.Objects[1]).X; end > next+1 {
			t.Errorf("%s: the count ends at %v, the button begins at %v", lang, end, next)
		}
	}
}
