package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// find walks a widget tree for the first object ok accepts.
func find(o fyne.CanvasObject, ok func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if o == nil {
		return nil
	}
	if ok(o) {
		return o
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			if f := find(c, ok); f != nil {
				return f
			}
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		for _, c := range r.Objects() {
			if f := find(c, ok); f != nil {
				return f
			}
		}
	}
	return nil
}

// tapButton taps the visible button with the text, in the topmost dialog if
// one is open, else in the window.
func tapButton(t *testing.T, u *App, text string) {
	t.Helper()
	roots := []fyne.CanvasObject{}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		roots = append(roots, top)
	}
	roots = append(roots, u.win.Content())
	for _, r := range roots {
		if b := find(r, func(o fyne.CanvasObject) bool {
			b, ok := asButton(o)
			return ok && b.Text == text && b.Visible()
		}); b != nil {
			bt, _ := asButton(b)
			test.Tap(bt)
			return
		}
	}
	t.Fatalf("no button %q on screen", text)
}

func fieldNamed(t *testing.T, f *form, name string) *formField {
	t.Helper()
	for _, ff := range f.fields {
		if ff.name == name {
			return ff
		}
	}
	t.Fatalf("form has no field %q", name)
	return nil
}

func typeInto(t *testing.T, f *form, name, text string) {
	t.Helper()
	e, ok := fieldNamed(t, f, name).focus.(interface {
		fyne.Focusable
		SetText(string)
	})
	if !ok {
		t.Fatalf("field %q is not a text entry", name)
	}
	e.SetText("")
	test.Type(e, text)
}

func TestNewChildThroughTheFormAppearsInTheList(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	tapButton(t, u, "New child")
	f, ok := u.top().(*form)
	if !ok {
		t.Fatalf("New child opened %T", u.top())
	}
	typeInto(t, f, "last_name", "Сейітқали")
	typeInto(t, f, "first_name", "Әлихан")
	typeInto(t, f, "birth_date", "23.02.2019")
	typeInto(t, f, "region", "Қызылорда облысы")
	typeInto(t, f, "diagnosis", "Расщелина губы и нёба")
	tapButton(t, u, "Save")
	cp, ok := u.top().(*childPage)
	if !ok {
		t.Fatalf("after saving the screen is %T; form banner %q", u.top(), f.banner.Text)
	}
	if !strings.HasSuffix(cp.title.Text, "Сейітқали Әлихан") || cp.child.BirthDate != data.MustDate("2019-02-23") {
		t.Fatalf("child page shows %q, birth %v", cp.title.Text, cp.child.BirthDate)
	}
	u.pop()
	sc := u.children
	if n := rowsShown(sc); n != 8 {
		t.Fatalf("list shows %d children after adding one", n)
	}
	test.Type(sc.search, "сейітқали")
	if rowsShown(sc) != 1 || cellText(sc, 0, 1) != "Сейітқали Әлихан" {
		t.Fatalf("the new child is not found in the list")
	}
}

func TestInvalidDateShowsItsMessageAndSavesNothing(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "last_name", "Омарова")
	typeInto(t, f, "first_name", "Аружан")
	typeInto(t, f, "birth_date", "31.02.2019")
	tapButton(t, u, "Сохранить")
	birth := fieldNamed(t, f, "birth_date")
	if !birth.err.Visible() || !strings.Contains(birth.err.Text, "Это не дата") {
		t.Fatalf("birth date message: visible %v, %q", birth.err.Visible(), birth.err.Text)
	}
	if u.top() != page(f) {
		t.Fatal("the form closed on an invalid date")
	}
	if got, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Омарова"}); len(got) != 0 {
		t.Fatal("a child with an invalid date was saved")
	}
	// What was typed is still there, and fixing the date saves.
	if fieldNamed(t, f, "last_name").value() != "Омарова" {
		t.Fatal("the typed name was lost")
	}
	typeInto(t, f, "birth_date", "2019-02-28")
	tapButton(t, u, "Сохранить")
	if got, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Омарова"}); len(got) != 1 {
		t.Fatalf("after fixing the date: %d children saved", len(got))
	}
}

func TestBadInputGetsClearMessagesAndKeepsText(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "kk")
	before, _ := s.ListChildren(u.ctx, data.ChildFilter{})
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "last_name", "")
	typeInto(t, f, "first_name", "Аружан😀")
	typeInto(t, f, "birth_date", "2030-01-01")
	fieldNamed(t, f, "diagnosis").focus.(*formEntry).SetText("ДЦП\x07")
	fieldNamed(t, f, "story").focus.(*formEntry).SetText(strings.Repeat("ә", 20001))
	f.trySave()
	for field, want := range map[string]string{
		"last_name":  "Бұл өріс міндетті.",
		"first_name": "😀",
		"birth_date": "Бұл күн әлі келген жоқ.",
		"diagnosis":  "басқару таңбалары",
		"story":      "20000",
	} {
		ff := fieldNamed(t, f, field)
		if !ff.err.Visible() || !strings.Contains(ff.err.Text, want) {
			t.Errorf("%s: visible %v, message %q, want %q", field, ff.err.Visible(), ff.err.Text, want)
		}
	}
	if fieldNamed(t, f, "first_name").value() != "Аружан😀" {
		t.Error("the typed name was lost")
	}
	if after, _ := s.ListChildren(u.ctx, data.ChildFilter{}); len(after) != len(before) {
		t.Errorf("a bad child was saved (%d children, were %d)", len(after), len(before))
	}
}

func TestLeavingAChangedFormAsksFirst(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "last_name", "Жұмабаев")
	u.nav.Select(2) // Donors
	if u.top() != page(f) {
		t.Fatal("left a changed form without asking")
	}
	tapButton(t, u, "Keep editing")
	if u.top() != page(f) || fieldNamed(t, f, "last_name").value() != "Жұмабаев" {
		t.Fatal("Keep editing did not keep the form")
	}
	// Esc inside a field asks too; Discard leaves.
	fieldNamed(t, f, "last_name").focus.(*formEntry).TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	tapButton(t, u, "Discard")
	if _, ok := u.top().(*childrenScreen); !ok {
		t.Fatalf("after Discard the screen is %T", u.top())
	}
	// An unchanged form leaves at once.
	u.newChild()
	u.escape()
	if _, ok := u.top().(*childrenScreen); !ok {
		t.Fatalf("Esc on an unchanged form left %T", u.top())
	}
}

func TestCtrlSInAFieldSaves(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Петренко"})
	u.openChild(kids[0].ID)
	u.top().(*childPage).edit()
	f := u.top().(*form)
	typeInto(t, f, "settlement", "Шахтинск")
	e := fieldNamed(t, f, "settlement").focus.(*formEntry)
	e.TypedShortcut(&desktopShortcutS)
	got, _ := s.Children.Get(u.ctx, kids[0].ID)
	if got.Settlement != "Шахтинск" {
		t.Fatalf("Ctrl+S did not save: %q", got.Settlement)
	}
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("after saving an edit the screen is %T", u.top())
	}
}

var desktopShortcutS = desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

func TestStatusChangeWritesHistory(t *testing.T) {
	s := demoStore(t)
	s.SetActor("Гүлнар Оспанова")
	u := newTestApp(t, s, "en")
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Бекжанов"}) // in review
	u.openChild(kids[0].ID)
	cp := u.top().(*childPage)
	tapButton(t, u, "Change status…")
	d := cp.statusDialog
	// Only the moves the workflow allows are offered.
	want := []string{"Approved", "Collecting documents", "Closed", "On hold", "Declined"}
	if strings.Join(d.to.Options, ",") != strings.Join(want, ",") {
		t.Fatalf("offered %v, want %v", d.to.Options, want)
	}
	// Declining without a reason is refused with a message; the dialog stays.
	d.to.SetSelected("Declined")
	tapButton(t, u, "Change status")
	if !d.problem.Visible() || !strings.Contains(d.problem.Text, "reason") {
		t.Fatalf("no reason: %q", d.problem.Text)
	}
	d.to.SetSelected("Approved")
	test.Type(d.reason, "Совет одобрил 21 ноября")
	tapButton(t, u, "Change status")
	if cp.child.Status != data.StatusApproved || cp.status.Text != "Approved" {
		t.Fatalf("status now %s, header %q", cp.child.Status, cp.status.Text)
	}
	hist, _ := s.History(u.ctx, kids[0].ID)
	last := hist[len(hist)-1]
	if last.From != data.StatusReview || last.To != data.StatusApproved || last.By != "Гүлнар Оспанова" || last.Reason != "Совет одобрил 21 ноября" {
		t.Fatalf("history: %+v", last)
	}
	if !strings.Contains(cellTextOf(cp.history), "Review → Approved") {
		t.Fatalf("the History tab does not show the change: %q", cellTextOf(cp.history))
	}
}

// cellTextOf joins the label texts under a container.
func cellTextOf(o fyne.CanvasObject) string {
	var parts []string
	find(o, func(x fyne.CanvasObject) bool {
		if l, ok := x.(*widget.Label); ok {
			parts = append(parts, l.Text)
		}
		return false
	})
	return strings.Join(parts, "\n")
}

func TestDeleteThenRestoreBringsEverythingBack(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Rahimova"})
	id := kids[0].ID
	count := func() (int, int, int, int) {
		g, _ := s.Guardians.ListFor(u.ctx, "child_id", id)
		c, _ := s.Consents.ListFor(u.ctx, "child_id", id)
		e, _ := s.JourneyEvents.ListFor(u.ctx, "child_id", id)
		d, _ := s.CountDonations(u.ctx, id)
		return len(g), len(c), len(e), d
	}
	g0, c0, e0, d0 := count()
	u.openChild(id)
	tapButton(t, u, "Delete")
	// The confirmation says the donations stay.
	msgText := cellTextOf(u.win.Canvas().Overlays().Top())
	if !strings.Contains(msgText, "5 earmarked donations") {
		t.Fatalf("delete confirmation: %q", msgText)
	}
	tapButton(t, u, "Move to Trash")
	if rowsShown(u.children) != 6 {
		t.Fatalf("the deleted child is still listed (%d)", rowsShown(u.children))
	}
	u.nav.Select(6) // Trash
	tp := u.top().(*trashPage)
	if !strings.Contains(cellTextOf(tp.box), "Rahimova") {
		t.Fatalf("the Trash does not list the child: %q", cellTextOf(tp.box))
	}
	tapButton(t, u, "Restore")
	u.nav.Select(1)
	if rowsShown(u.children) != 7 {
		t.Fatalf("after Restore %d children listed", rowsShown(u.children))
	}
	if g, c, e, d := count(); g != g0 || c != c0 || e != e0 || d != d0 {
		t.Fatalf("attached records changed: %d/%d %d/%d %d/%d %d/%d", g, g0, c, c0, e, e0, d, d0)
	}
}

func TestGuardianAndEventFormsFromTheChildPage(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Ахметов"})
	u.openChild(kids[0].ID)
	tapButton(t, u, "Add guardian")
	f := u.top().(*form)
	typeInto(t, f, "full_name", "Ахметова Динара Сериковна")
	typeInto(t, f, "phones", "+7 701 000 11 22")
	typeInto(t, f, "email", "dinara")
	tapButton(t, u, "Save")
	if e := fieldNamed(t, f, "email"); !e.err.Visible() || e.err.Text != "Not an e-mail address." {
		t.Fatalf("e-mail message %q", e.err.Text)
	}
	typeInto(t, f, "email", "dinara@example.kz")
	tapButton(t, u, "Save")
	cp := u.top().(*childPage)
	if !strings.Contains(cellTextOf(cp.profile), "Ахметова Динара Сериковна · mother") {
		t.Fatal("the new guardian is not on the profile")
	}
	cp.tabs.SelectIndex(1)
	tapButton(t, u, "Add journey event")
	f = u.top().(*form)
	typeInto(t, f, "title", "Консультация ортопеда")
	typeInto(t, f, "place", "Павлодар")
	tapButton(t, u, "Save")
	if !strings.Contains(cellTextOf(cp.journey), "Консультация ортопеда") {
		t.Fatal("the new event is not in the journey")
	}
}

func TestDonorsSearchAndForm(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.nav.Select(2)
	ds := u.top().(*donorsScreen)
	if len(ds.rows) != 7 {
		t.Fatalf("%d donors", len(ds.rows))
	}
	test.Type(ds.search, "береке")
	if len(ds.rows) != 1 || ds.rows[0].DisplayName != "ТОО «Береке Құрылыс»" {
		t.Fatalf("search found %v", ds.rows)
	}
	u.newDonor()
	f := u.top().(*form)
	typeInto(t, f, "display_name", "Әлия Нұрбекова")
	fieldNamed(t, f, "anonymous").focus.(*widget.Check).SetChecked(true)
	// A tax number with a letter in it is refused where it was typed.
	typeInto(t, f, "tax_id", "9001O1400123")
	tapButton(t, u, "Save")
	if e := fieldNamed(t, f, "tax_id"); !e.err.Visible() || !strings.Contains(e.err.Text, "9 to 14 digits") {
		t.Fatalf("a tax number with a letter: %q", e.err.Text)
	}
	typeInto(t, f, "tax_id", "900101 400123")
	tapButton(t, u, "Save")
	dp, ok := u.top().(*donorPage)
	if !ok || !dp.donor.Anonymous || dp.donor.DisplayName != "Әлия Нұрбекова" || dp.donor.TaxID != "900101400123" {
		t.Fatalf("donor page after save: %T", u.top())
	}
	// A statement's payer is matched by this number: the search finds it.
	u.nav.Select(1)
	u.nav.Select(2)
	ds = u.top().(*donorsScreen)
	ds.search.SetText("")
	test.Type(ds.search, "900101400123")
	if len(ds.rows) != 1 || ds.rows[0].DisplayName != "Әлия Нұрбекова" {
		t.Fatalf("search by tax number found %v", ds.rows)
	}
}

// Issue 26: the "who" of every change is the person signed in; the name
// once typed in Settings goes.
func TestChangesNameWhoIsSignedIn(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.nav.Select(5)
	f := u.top().(*settingsPage).form
	for _, ff := range f.fields {
		if ff.name == "volunteer" {
			t.Fatal("a database with people still asks for the volunteer's name")
		}
	}
	typeInto(t, f, "foundation_name", "Фонд «Мейірім»")
	tapButton(t, u, "Save")
	tapButton(t, u, "OK")
	if s.Actor() != "Әсел Нұрланова" {
		t.Fatalf("actor %q", s.Actor())
	}
	es, err := s.AuditEntries(u.ctx, data.AuditFilter{Actions: []string{"update"}})
	if err != nil || len(es) == 0 || es[0].Entity != "settings" || es[0].Who != "Әсел Нұрланова" || es[0].PersonID != s.Person().ID {
		t.Fatalf("the settings change is recorded as %+v (%v)", es, err)
	}
}

func TestRemembersTheLastScreenAndWindowSize(t *testing.T) {
	s := demoStore(t)
	t.Setenv("LANGUAGE", "en")
	a := test.NewTempApp(t)
	SetLanguage("en")
	u := New(a, s)
	u.nav.Select(2) // Donors
	u.win.Resize(fyne.NewSize(1500, 900))
	u.close()
	if a.Preferences().String(prefSection) != "donors" || a.Preferences().Float(prefWidth) != 1500 {
		t.Fatalf("remembered %q, width %v", a.Preferences().String(prefSection), a.Preferences().Float(prefWidth))
	}
	again := New(a, s)
	if _, ok := again.top().(*donorsScreen); !ok {
		t.Fatalf("reopened on %T, want the donors", again.top())
	}
	if sz := again.win.Canvas().Size(); sz.Width != 1500 || sz.Height != 900 {
		t.Fatalf("reopened at %v", sz)
	}
}
