package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// exchangeScene makes u's database a head office with a Shymkent office
// whose volunteer changed the same diagnosis (one conflict, applied), then
// reads the office's next bundle (one new case) into the preview.
func exchangeScene(t *testing.T, u *App) *exchangePage {
	t.Helper()
	s, ctx := u.store, u.ctx
	kids, _ := s.ListChildren(ctx, data.ChildFilter{Search: "Мұратбекова"})
	c, _ := s.Children.Get(ctx, kids[0].ID)
	dir := t.TempDir()
	invite := filepath.Join(dir, "shy.cbx")
	if _, err := s.InviteOffice(ctx, data.NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{c.Region}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	shy, _, err := data.JoinOffice(ctx, invite, filepath.Join(dir, "shy.db"), "телефонный пароль")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shy.Close() })
	c.Diagnosis = "Детский церебральный паралич, спастическая диплегия"
	if err := s.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	o, _ := shy.Children.Get(ctx, c.ID)
	o.Diagnosis = "ДЦП, гемипаретическая форма"
	if err := shy.Children.Update(ctx, o); err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(dir, "1.cbx")
	if _, err := shy.ExportBundle(ctx, "HQ", first, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportBundle(ctx, first); err != nil {
		t.Fatal(err)
	}
	n := &data.Child{FirstName: "Бекзат", LastName: "Оразов", Region: c.Region, BirthDate: data.MustDate("2019-05-06")}
	if err := shy.Children.Create(ctx, n); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "2.cbx")
	if _, err := shy.ExportBundle(ctx, "HQ", second, nil); err != nil {
		t.Fatal(err)
	}
	u.showSection(len(u.sections) - 1)
	p := u.top().(*exchangePage)
	p.read(second)
	return p
}

func TestExchangePagePreviewsAppliesAndResolves(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	p := exchangeScene(t, u)
	if got := labelsIn(p.preview); !strings.Contains(got, "новых дел — 1") || !strings.Contains(got, "от SHY") {
		t.Fatalf("preview: %q", got)
	}
	tapButton(t, u, "Применить")
	waitFor(t, func() bool { return strings.Contains(labelsIn(p.preview), "Применено") })
	if kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Оразов"}); len(kids) != 1 {
		t.Errorf("the new case did not arrive: %d", len(kids))
	}
	if !strings.Contains(labelsIn(p.queue), "ДЦП, гемипаретическая форма") {
		t.Fatalf("queue: %q", labelsIn(p.queue))
	}
	// The volunteer keeps the office's value.
	var keep []*widget.Button
	walk(p.queue, func(b *widget.Button) {
		if b.Text == "Оставить это" {
			keep = append(keep, b)
		}
	})
	if len(keep) != 2 {
		t.Fatalf("%d Keep buttons", len(keep))
	}
	test.Tap(keep[1])
	cs, _ := s.Conflicts(u.ctx, true)
	kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
	c, _ := s.Children.Get(u.ctx, kids[0].ID)
	if len(cs) != 0 || c.Diagnosis != "ДЦП, гемипаретическая форма" {
		t.Errorf("after choosing: %d open, diagnosis %q", len(cs), c.Diagnosis)
	}
	if !strings.Contains(labelsIn(p.queue), "Конфликтов нет") {
		t.Errorf("the queue does not say it is empty: %q", labelsIn(p.queue))
	}
}

// labelsIn is the text of every label under o.
func labelsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	find(o, func(x fyne.CanvasObject) bool {
		if l, ok := x.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
		return false
	})
	return b.String()
}

// walk calls fn for every button under o.
func walk(o fyne.CanvasObject, fn func(*widget.Button)) {
	find(o, func(x fyne.CanvasObject) bool {
		if b, ok := x.(*widget.Button); ok {
			fn(b)
		}
		return false
	})
}

func TestInviteAnOfficeFromTheExchangePage(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	dir := t.TempDir()
	u.app.Preferences().SetString(prefLastFolder, dir)
	u.showSection(len(u.sections) - 1)
	tapButton(t, u, "Пригласить отделение…")
	var entries []*widget.Entry
	find(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		switch e := o.(type) {
		case *widget.Entry:
			entries = append(entries, e)
		case *formEntry:
			entries = append(entries, &e.Entry)
		}
		return false
	})
	if len(entries) != 5 {
		t.Fatalf("%d entries in the invitation dialog", len(entries))
	}
	code, name, regions, pass, again := entries[0], entries[1], entries[2], entries[3], entries[4]
	code.SetText("Шым")
	name.SetText("Шымкент")
	regions.SetText("Түркістан облысы\n")
	pass.SetText("телефонный пароль")
	again.SetText("телефонный пароль")
	tapButton(t, u, "Записать приглашение…")
	if got := labelsIn(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "Код отделения — от 2 до 6") {
		t.Fatalf("a Cyrillic code was not refused in the dialog: %q", got)
	}
	if code.Text != "Шым" || pass.Text != "телефонный пароль" {
		t.Fatal("what was typed is lost")
	}
	code.SetText("shy")
	tapButton(t, u, "Записать приглашение…")
	press(u, fyne.KeyReturn) // the chooser proposes invitation-shy.cbx in the last folder
	path := filepath.Join(dir, "invitation-shy.cbx")
	waitFor(t, func() bool {
		top := u.win.Canvas().Overlays().Top()
		return top != nil && strings.Contains(labelsIn(top), "Приглашение для SHY")
	})
	if _, _, err := data.JoinOffice(u.ctx, path, filepath.Join(dir, "shy.db"), "телефонный пароль"); err != nil {
		t.Fatalf("the invitation written from the app does not join: %v", err)
	}
	all, _ := s.Offices(u.ctx)
	if len(all) != 2 || all[1].Code != "SHY" || all[1].Regions[0] != "Түркістан облысы" {
		t.Errorf("offices %+v", all)
	}
}

// A bundle from an office that emptied its Trash says, before and after
// Apply, that documents will be and were erased here too.
func TestExchangePreviewSaysWhatIsErased(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	ctx := u.ctx
	kids, _ := s.ListChildren(ctx, data.ChildFilter{Search: "Мұратбекова"})
	c, _ := s.Children.Get(ctx, kids[0].ID)
	docs, _ := s.Documents.ListFor(ctx, "child_id", c.ID)
	if len(docs) == 0 {
		t.Fatal("the demo case has no documents")
	}
	dir := t.TempDir()
	invite := filepath.Join(dir, "shy.cbx")
	if _, err := s.InviteOffice(ctx, data.NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{c.Region}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	shy, _, err := data.JoinOffice(ctx, invite, filepath.Join(dir, "shy.db"), "телефонный пароль")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shy.Close() })
	if err := shy.Documents.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _, err := shy.PurgeTrashedDocuments(ctx); err != nil || n != 1 {
		t.Fatalf("purge at SHY: %d %v", n, err)
	}
	b := filepath.Join(dir, "1.cbx")
	if _, err := shy.ExportBundle(ctx, "HQ", b, nil); err != nil {
		t.Fatal(err)
	}
	u.showSection(len(u.sections) - 1)
	p := u.top().(*exchangePage)
	p.read(b)
	if got := labelsIn(p.preview); !strings.Contains(got, "Документы, удалённые из корзины в отделении SHY, будут удалены и здесь: 1.") {
		t.Fatalf("preview: %q", got)
	}
	tapButton(t, u, "Применить")
	waitFor(t, func() bool { return strings.Contains(labelsIn(p.preview), "Применено") })
	if got := labelsIn(p.preview); !strings.Contains(got, "удалены и здесь: 1.") {
		t.Errorf("after Apply: %q", got)
	}
	if _, err := s.Documents.Get(ctx, docs[0].ID); err == nil {
		t.Error("the document erased at SHY is still here")
	}
}
