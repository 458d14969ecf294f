package ui

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/demo"
)

// textsIn is every label's and entry's text under o.
func textsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	find(o, func(x fyne.CanvasObject) bool {
		switch v := x.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *formEntry:
			b.WriteString(v.Text + "\n")
		case *widget.Entry:
			b.WriteString(v.Text + "\n")
		}
		return false
	})
	return b.String()
}

// entriesIn are the text entries under o, in order.
func entriesIn(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	find(o, func(x fyne.CanvasObject) bool {
		if e, ok := x.(*widget.Entry); ok {
			out = append(out, e)
		}
		return false
	})
	return out
}

// Issue 26: a new database asks for its first person, who becomes director
// and administrator, and shows the recovery key once.
func TestANewDatabaseAsksForItsFirstPerson(t *testing.T) {
	s, err := data.Open(filepath.Join(t.TempDir(), "new.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u := newTestApp(t, s, "en")
	if !strings.Contains(textsIn(u.win.Content()), "Who looks after this database?") {
		t.Fatalf("a new database opened on: %s", textsIn(u.win.Content()))
	}
	entries := entriesIn(u.win.Content())
	if len(entries) != 3 {
		t.Fatalf("%d fields", len(entries))
	}
	test.Type(entries[0], "Әсел Нұрланова")
	test.Type(entries[1], "қауіпсіз құпия")
	test.Type(entries[2], "басқа құпия")
	tapButton(t, u, "Start")
	if has, _ := s.HasPeople(u.ctx); has || !strings.Contains(textsIn(u.win.Content()), "The two passwords differ") {
		t.Fatal("two different passwords were taken")
	}
	entries[2].SetText("")
	test.Type(entries[2], "қауіпсіз құпия")
	tapButton(t, u, "Start")
	shown := textsIn(u.win.Content())
	if !regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){7}`).MatchString(shown) {
		t.Fatalf("no recovery key shown: %s", shown)
	}
	p := s.Person()
	if p == nil || !p.Has(data.RoleDirector) || !p.Has(data.RoleAdmin) {
		t.Fatalf("the first person is %+v", p)
	}
	tapButton(t, u, "Continue") // disabled until the key is kept: nothing happens
	if !strings.Contains(textsIn(u.win.Content()), "Recovery key") {
		t.Fatal("the key went before it was kept")
	}
	find(u.win.Content(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok {
			c.SetChecked(true)
		}
		return false
	})
	tapButton(t, u, "Continue")
	if strings.Contains(textsIn(u.win.Content()), "Recovery key") || len(u.sections) != 10 {
		t.Fatalf("the desk did not open for the director: %d sections", len(u.sections))
	}
}

// Issue 26: the idle lock hides the child's page and keeps the unsaved
// form; another person signing in meanwhile does not see it; a fundraiser
// sees no Documents tab.
func TestIdleLockKeepsTheFormAndHidesIt(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	if !u.session.watching {
		t.Fatal("the demo opens signed in, but the idle lock does not watch")
	}
	clock := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	u.session.now = func() time.Time { return clock }
	signIn := func(name string) {
		t.Helper()
		if _, err := s.SignIn(u.ctx, name, demo.DemoPassword); err != nil {
			t.Fatal(err)
		}
		u.signedIn()
	}
	s.SignOut(u.ctx)
	u.win.SetContent(u.signInScreen(""))
	signIn("Гүлнар Оспанова")
	kids, _ := s.ListChildSummaries(u.ctx, data.ChildFilter{})
	u.openChild(kids[0].ID)
	cp := u.top().(*childPage)
	name := cp.child.FullName()
	if len(cp.tabs.Items) != 5 {
		t.Fatalf("a volunteer sees %d tabs", len(cp.tabs.Items))
	}
	cp.edit()
	typeInto(t, u.top().(*form), "story", "Половина истории, ещё не сохранена")

	clock = clock.Add(9 * time.Minute)
	u.checkIdle()
	if u.Locked() {
		t.Fatal("locked after 9 minutes (the setting is 10)")
	}
	clock = clock.Add(2 * time.Minute)
	u.checkIdle()
	shown := textsIn(u.win.Content())
	if !u.Locked() || strings.Contains(shown, name) || strings.Contains(shown, "Половина истории") {
		t.Fatalf("the lock shows: %s", shown)
	}
	// A wrong password keeps it locked; the right one shows the form as it was.
	pw := entriesIn(u.win.Content())[0]
	test.Type(pw, "wrong password")
	tapButton(t, u, T("Unlock"))
	if !u.Locked() || !strings.Contains(textsIn(u.win.Content()), T("Wrong password. Check the keyboard layout and Caps Lock, and try again.")) {
		t.Fatal("a wrong password unlocked")
	}
	test.Type(pw, demo.DemoPassword)
	tapButton(t, u, T("Unlock"))
	if u.Locked() || !strings.Contains(textsIn(u.win.Content()), "Половина истории, ещё не сохранена") {
		t.Fatal("the unsaved form is gone after unlocking")
	}

	// Ctrl+L, then the fundraiser signs in instead: a desk of his own,
	// without the volunteer's form and without the Documents tab.
	u.lock()
	u.switchPerson(s.Person())
	signIn("Тимур Ахметов")
	if strings.Contains(textsIn(u.win.Content()), "Половина истории") {
		t.Fatal("the fundraiser sees the volunteer's unsaved form")
	}
	u.openChild(kids[0].ID)
	cp = u.top().(*childPage)
	for _, tab := range cp.tabs.Items {
		if tab.Text == T("Documents") {
			t.Fatal("a fundraiser sees the Documents tab")
		}
	}
	// The volunteer comes back to her form.
	u.lock()
	u.switchPerson(s.Person())
	signIn("Гүлнар Оспанова")
	if !strings.Contains(textsIn(u.win.Content()), "Половина истории, ещё не сохранена") {
		t.Fatal("the volunteer's form was not kept for her")
	}
}

// Issue 26: a database whose documents are encrypted opens at the sign-in
// screen, and the backup due at start waits for someone to sign in (the
// documents open only to them) instead of failing.
func TestTheStartBackupWaitsForSomeoneToSignIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	c := &data.Child{FirstName: "Айгерим", LastName: "Нұрланова", BirthDate: data.MustDate("2018-01-01")}
	if err := s.Children.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachFile(ctx, &data.Document{ChildID: c.ID, Kind: data.DocOther, Title: "скан", FileName: "скан.pdf"}, strings.NewReader("%PDF-1.4 скан"), 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "en", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SealFiles(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u := newTestApp(t, s, "en")
	if !strings.Contains(textsIn(u.win.Content()), "Sign in to Carebook") {
		t.Fatal("a database with people opened without asking who is there")
	}
	u.autoBackup()
	if last, _ := s.LastBackup(ctx); last != nil || u.backups.lastErr != nil {
		t.Fatalf("a backup was tried before anyone signed in: %+v %v", last, u.backups.lastErr)
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	u.signedIn()
	loads.Wait()
	if last, err := s.LastBackup(ctx); err != nil || last == nil || u.backups.lastErr != nil {
		t.Fatalf("no backup after signing in: %+v %v %v", last, err, u.backups.lastErr)
	}
}

// Issue 26: an administrator gives a volunteer access until a day; after
// it, the sign-in screen says why she cannot sign in.
func TestAccessUntilADayFromThePeoplePage(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.push(newPeoplePage(u))
	p := u.top().(*peoplePage)
	var until []*widget.Button
	var rows []string
	people, _ := s.People(u.ctx)
	for _, x := range people {
		rows = append(rows, x.Name)
	}
	walk(p.box, func(b *widget.Button) {
		if b.Text == "Until…" {
			until = append(until, b)
		}
	})
	at := -1
	for i, n := range rows {
		if n == "Гүлнар Оспанова" {
			at = i
		}
	}
	if at < 0 || len(until) != len(rows) {
		t.Fatalf("%d Until buttons for %v", len(until), rows)
	}
	test.Tap(until[at])
	var day *formEntry
	find(u.win.Canvas().Overlays().Top(), func(x fyne.CanvasObject) bool {
		if e, ok := x.(*formEntry); ok {
			day = e
		}
		return false
	})
	day.SetText(s.Today().AddDays(-1).String())
	tapButton(t, u, "Save")
	if got := labelsIn(p.box); !strings.Contains(got, "access ended") {
		t.Fatalf("the page shows: %q", got)
	}
	s.SignOut(u.ctx)
	u.win.SetContent(u.signInScreen("Гүлнар Оспанова"))
	test.Type(entriesIn(u.win.Content())[0], demo.DemoPassword)
	tapButton(t, u, "Sign in")
	if got := textsIn(u.win.Content()); !strings.Contains(got, "was given access until a date that has passed") {
		t.Fatalf("the sign-in screen says: %q", got)
	}
}
