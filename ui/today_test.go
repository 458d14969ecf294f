package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// openToday opens a window as Carebook does, on Today.
func openToday(t *testing.T, s *data.Store, lang string) (*App, *todayPage) {
	t.Helper()
	u := newTestApp(t, s, lang)
	u.showSectionKey("today")
	p, ok := u.top().(*todayPage)
	if !ok {
		t.Fatalf("Today is not on screen: %T", u.top())
	}
	return u, p
}

// todayRowOf is the first row shown of an item of the group.
func todayRowOf(t *testing.T, p *todayPage, group string, snoozed bool) *todayRow {
	t.Helper()
	for _, r := range p.rows {
		if r.item.Group == group && r.item.Snoozed() == snoozed {
			return r
		}
	}
	t.Fatalf("Today shows no item of %s (snoozed %v): %d rows", group, snoozed, len(p.rows))
	return nil
}

// Issue 30: Carebook opens on Today, first in the sidebar.
func TestCarebookOpensOnToday(t *testing.T) {
	s := demoStore(t)
	t.Setenv("LANGUAGE", "en")
	a := test.NewTempApp(t)
	SetLanguage("en")
	u := New(a, s)
	u.win.Resize(fyne.NewSize(1366, 768))
	if u.sections[0].key != "today" {
		t.Fatalf("the first section is %q", u.sections[0].key)
	}
	p, ok := u.top().(*todayPage)
	if !ok {
		t.Fatalf("Carebook opens on %T", u.top())
	}
	text := textsIn(u.win.Content())
	for _, want := range []string{"Papers", "Money", "Cases", "The foundation", "papers missing", "not thanked after 7 days"} {
		if !strings.Contains(text, want) {
			t.Errorf("Today on the demo does not say %q:\n%s", want, text)
		}
	}
	if len(p.rows) == 0 {
		t.Fatal("Today lists nothing on the demo")
	}
}

// Issue 30: each group's item is one click from where it is done.
func TestEachGroupOfTodayLeadsWhereItIsDone(t *testing.T) {
	s := demoStore(t)
	for _, c := range []struct {
		group string
		lands func(u *App, it data.TodayItem) string // "" when right
	}{
		{data.TodayPapers, func(u *App, it data.TodayItem) string {
			cp, ok := u.top().(*childPage)
			if !ok || cp.id != it.ChildID || cp.tabs.Selected().Text != "Documents" {
				return "not the child's Documents"
			}
			return ""
		}},
		{data.TodayMoney, func(u *App, it data.TodayItem) string {
			if _, ok := u.top().(*lettersPage); !ok && it.ChildID == "" {
				return "not Letters"
			}
			return ""
		}},
		{data.TodayCases, func(u *App, it data.TodayItem) string {
			if cp, ok := u.top().(*childPage); !ok || cp.id != it.ChildID {
				return "not the child's file"
			}
			return ""
		}},
		{data.TodayFoundation, func(u *App, it data.TodayItem) string {
			if _, ok := u.top().(*backupsPage); !ok && it.Kind == data.TodayBackupOverdue {
				return "not Backups"
			}
			return ""
		}},
	} {
		u, p := openToday(t, s, "en")
		r := todayRowOf(t, p, c.group, false)
		test.Tap(r.open)
		if why := c.lands(u, r.item); why != "" {
			t.Errorf("%s: %q led to %T: %s", c.group, r.text, u.top(), why)
		}
	}
}

// Issue 30: an item is put off only with a note, comes back with Undo or
// Show now, and says until when and why while it waits.
func TestSnoozingTodayNeedsANoteAndComesBack(t *testing.T) {
	s := demoStore(t)
	u, p := openToday(t, s, "en")
	r := todayRowOf(t, p, data.TodayPapers, false)
	key := r.item.Key()
	test.Tap(r.snooze)
	tapButton(t, u, "Snooze") // no note
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(textsIn(top), "a note is needed") {
		t.Fatal("a snooze without a note was not refused with a reason")
	}
	note := find(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool { _, ok := o.(*formEntry); return ok }).(*formEntry)
	test.Type(note, "Mother brings the passport on Monday")
	tapButton(t, u, "Snooze")
	p = u.top().(*todayPage)
	var put *todayRow
	for _, x := range p.rows {
		if x.item.Key() == key {
			put = x
		}
	}
	if put == nil || !put.item.Snoozed() || put.item.SnoozeNote != "Mother brings the passport on Monday" {
		t.Fatalf("after Snooze: %+v", put)
	}
	acc, _ := find(u.win.Content(), func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Accordion); return ok }).(*widget.Accordion)
	if acc == nil || acc.Items[0].Title != "1 item put off for later" {
		t.Errorf("the put-off item is not counted apart: %+v", acc)
	}
	test.Tap(put.snooze) // Show now
	for _, x := range u.top().(*todayPage).rows {
		if x.item.Key() == key && x.item.Snoozed() {
			t.Fatal("Show now left the item put off")
		}
	}
}

// At a large foundation thousands of cases may lack a paper: Today draws a
// kind's first few and a "Show more" that adds the next ones, and the
// group still counts them all.
func TestTodayDrawsALongKindAPageAtATime(t *testing.T) {
	u, p := openToday(t, demoStore(t), "en")
	p.items = nil
	for i := range 1200 {
		p.items = append(p.items, data.TodayItem{Group: data.TodayPapers, Kind: data.TodayPapersMissing, Count: 1,
			ChildID: fmt.Sprint("c", i), Case: fmt.Sprintf("2026-%04d", i), Name: "Бекжанов Қайрат", Detail: "identity"})
	}
	p.items = append(p.items, data.TodayItem{Group: data.TodayPapers, Kind: data.TodayPaperStale, Count: 1, ChildID: "x",
		Case: "2026-9999", Name: "Мұратбекова Аружан", Detail: "quote", Due: u.store.Today().AddDays(3)})
	p.shown = map[string]int{}
	p.draw()
	if len(p.rows) != todayFirstRows+1 {
		t.Fatalf("%d rows drawn, want %d of the long kind and the other kind's one", len(p.rows), todayFirstRows+1)
	}
	if !strings.Contains(textsIn(p.body), "1201") {
		t.Errorf("the group does not count every item:\n%s", textsIn(p.body))
	}
	tapButton(t, u, "Show more — 1195 not shown")
	if len(p.rows) != todayFirstRows+todayMoreRows+1 {
		t.Fatalf("after Show more: %d rows", len(p.rows))
	}
}

// Seen on Windows: Carebook opened on Today saying no backup had been made
// while the day's first backup was being made; when it is done, Today says
// so at once.
func TestTodayForgetsTheBackupOnceItIsMade(t *testing.T) {
	u, p := openToday(t, demoStore(t), "en")
	u.backups.dir = t.TempDir()
	has := func() bool {
		for _, r := range p.rows {
			if r.item.Kind == data.TodayBackupOverdue {
				return true
			}
		}
		return false
	}
	if !has() {
		t.Fatal("the demo's Today does not say the backup is overdue")
	}
	u.startBackup(true, nil)
	if has() {
		t.Error("Today still says no backup was made after one was")
	}
}
