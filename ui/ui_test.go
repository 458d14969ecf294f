package ui

import (
	"strings"

	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/demo"
)

// demoStore builds the demo foundation in a temporary folder. The clock is
// the real one: demo dates are relative to today.
func demoStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := demo.Create(context.Background(), filepath.Join(t.TempDir(), "demo.db"), demo.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newTestApp(t *testing.T, s *data.Store, language string) *App {
	t.Helper()
	t.Setenv("LANGUAGE", language)
	t.Setenv("LC_ALL", language)
	a := test.NewTempApp(t)
	SetLanguage(language)
	u := New(a, s)
	u.win.Resize(fyne.NewSize(1366, 768))
	// Carebook opens on Today; these tests begin on the children list.
	u.showSectionKey("children")
	u.children.reload()
	return u
}

// cellText reads what the table shows in a cell.
func cellText(sc *childrenScreen, row, col int) string {
	o := sc.createCell()
	sc.updateCell(widget.TableCellID{Row: row, Col: col}, o)
	return cellLabel(o).Text
}

// showsName says whether a cell shows the full text, or as much of its
// beginning as the column holds followed by "…".
func showsName(cell, full string) bool {
	short, cut := strings.CutSuffix(cell, "…")
	return cell == full || cut && len([]rune(short)) >= 10 && strings.HasPrefix(full, short)
}

func rowsShown(sc *childrenScreen) int {
	n, _ := sc.size()
	return n
}

func TestWindowListsTheDemoChildren(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	if n := rowsShown(sc); n != 7 {
		t.Fatalf("the list shows %d children, want 7", n)
	}
	if got := cellText(sc, 0, 1); !showsName(got, "Мұратбекова Аружан Ержанқызы") {
		t.Fatalf("first name cell %q", got)
	}
	if got := cellText(sc, 0, 5); got != "Rehabilitation" {
		t.Fatalf("status cell %q", got)
	}
	if sc.count.Text != "Shown: 7" {
		t.Fatalf("count %q", sc.count.Text)
	}
}

// A text too long for its column ends in "…" and fits; one that fits is
// shown whole; the same text again is not measured again.
func TestCellsAreShortenedToTheirColumn(t *testing.T) {
	test.NewTempApp(t)
	var f cellFitter
	long := "Құрманғалиева Аяжан Серікқызы-Нұрсұлтанова"
	got := f.fit(long, 160)
	short, cut := strings.CutSuffix(got, "…")
	if !cut || !strings.HasPrefix(long, short) || short == "" {
		t.Fatalf("fit(%q) = %q", long, got)
	}
	if w := fyne.MeasureText(got, theme.TextSize(), fyne.TextStyle{}).Width; w > 160-2*theme.InnerPadding() {
		t.Fatalf("%q is %v wide, more than its column holds", got, w)
	}
	longer := []rune(short + string([]rune(long)[len([]rune(short))]) + "…")
	if w := fyne.MeasureText(string(longer), theme.TextSize(), fyne.TextStyle{}).Width; w <= 160-2*theme.InnerPadding() {
		t.Fatalf("%q was cut shorter than it need be", got)
	}
	if got := f.fit("Ким Даниил", 160); got != "Ким Даниил" {
		t.Fatalf("a short name was changed: %q", got)
	}
	if got := f.fit(long, 10); got != "…" {
		t.Fatalf("in no room at all: %q", got)
	}
	if _, ok := f.done[fitKey{long, 160}]; !ok {
		t.Fatal("the fitted text was not remembered")
	}
}

func TestSearchAsYouTypeFoldsKazakh(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	test.Type(sc.search, "МҰРАТБЕК")
	waitFor(t, func() bool { return rowsShown(sc) == 1 })
	if got := cellText(sc, 0, 1); !showsName(got, "Мұратбекова Аружан Ержанқызы") {
		t.Fatalf("found %q", got)
	}
	sc.search.SetText("нет такого ребёнка")
	waitFor(t, func() bool { return rowsShown(sc) == 0 })
	if len(sc.body.Objects) != 1 || sc.body.Objects[0] == fyne.CanvasObject(sc.table) {
		t.Fatal("no empty state shown for a search without results")
	}
}

// Typing forward and back, with and without a status chosen, the list shows
// exactly the children the database finds for what is in the box — also
// when the answer comes from the list already shown.
func TestSearchLetterByLetterShowsWhatTheDatabaseFinds(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	same := func(step string) {
		t.Helper()
		want, err := s.ListChildSummaries(u.ctx, sc.filter())
		if err != nil {
			t.Fatal(err)
		}
		sc.mu.Lock()
		var got []string
		for _, c := range sc.rows {
			got = append(got, c.ID)
		}
		sc.mu.Unlock()
		var ids []string
		for _, c := range want {
			ids = append(ids, c.ID)
		}
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Fatalf("%s (%q): the list shows %d children, the database finds %d", step, sc.search.Text, len(got), len(ids))
		}
	}
	for _, r := range "ова 2026" {
		test.Type(sc.search, string(r))
		same("typing")
	}
	for text := []rune(sc.search.Text); len(text) > 0; text = text[:len(text)-1] {
		sc.search.SetText(string(text))
		same("deleting")
	}
	sc.search.SetText("")
	sc.status.SetSelected(StatusLabel(data.StatusFundraising))
	same("a status chosen")
	for _, r := range "ова" {
		test.Type(sc.search, string(r))
		same("typing with a status")
	}
	sc.status.SetSelected(sc.status.Options[0])
	same("every status again")
}

func TestStatusFilterAndSort(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	sc := u.children
	sc.status.SetSelected(StatusLabel(data.StatusClosed))
	waitFor(t, func() bool { return rowsShown(sc) == 1 })
	if got := cellText(sc, 0, 5); got != "Закрыто" {
		t.Fatalf("status in Russian: %q", got)
	}
	sc.status.SetSelectedIndex(0)
	waitFor(t, func() bool { return rowsShown(sc) == 7 })
	sc.sortBy(2) // age, youngest first
	youngest := cellText(sc, 0, 2)
	sc.sortBy(2)
	oldest := cellText(sc, 0, 2)
	if youngest != "0" || oldest != "11" {
		t.Fatalf("sorted by age: youngest %q, oldest %q", youngest, oldest)
	}
}

// waitFor polls: list loads run off the UI thread.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		fyne.DoAndWait(func() { done = ok() })
		if done {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met within 5 s")
}

func TestOpenCasesFilter(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	sc := u.children
	sc.status.SetSelectedIndex(1) // open cases: everything but closed and declined
	if n := rowsShown(sc); n != 6 {
		t.Fatalf("%d open cases, want 6", n)
	}
	for row := range rowsShown(sc) {
		if st := cellText(sc, row, 5); st == "Closed" || st == "Declined" {
			t.Fatalf("a %s case among the open ones", st)
		}
	}
}

// The count beside the search gets its full width once the list has loaded:
// it used to stay squeezed under the buttons, as "Sh" or "К".
func TestShownCountIsNotSqueezed(t *testing.T) {
	s := demoStore(t)
	for _, language := range []string{"en", "kk"} {
		u := newTestApp(t, s, language)
		u.showSection(2) // Donors
		u.donors.refresh()
		if got, want := u.donors.count.Size().Width, u.donors.count.MinSize().Width; got < want {
			t.Errorf("%s donors: %q has %.0f px of the %.0f it needs", language, u.donors.count.Text, got, want)
		}
		u.showSection(1)
		u.children.reload()
		if got, want := u.children.count.Size().Width, u.children.count.MinSize().Width; got < want {
			t.Errorf("%s children: %q has %.0f px of the %.0f it needs", language, u.children.count.Text, got, want)
		}
	}
}

func TestTheWindowSaysItShowsDemoData(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	if title := u.win.Title(); title != "Carebook — Благотворительный фонд «Мейірім» (demo data)" {
		t.Fatalf("title %q", title)
	}
}
