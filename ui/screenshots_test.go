package ui

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/bank"
	"carebook/data"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write docs/screenshots/*.png from the demo data")

// TestScreenshots renders each main screen on the demo data, in English,
// Russian and Kazakh, to docs/screenshots. Run it with make screenshots.
func TestScreenshots(t *testing.T) {
	if !*updateScreenshots {
		t.Skip("run with -update-screenshots (make screenshots) to write docs/screenshots")
	}
	dir := filepath.Join("..", "docs", "screenshots")
	for _, language := range []string{"en", "ru", "kk", "uz"} {
		s := demoStore(t)
		u := newTestApp(t, s, language)
		// The size of a volunteer's laptop screen with the taskbar.
		u.win.Resize(fyne.NewSize(1366, 697))
		shot := func(name string) { t.Helper(); capture(t, u, filepath.Join(dir, name+"-"+language+".png")) }
		// Issue 30: where Carebook opens (before the day's first backup,
		// so that all four groups show).
		u.showSectionKey("today")
		shot("today")
		u.showSectionKey("children")
		u.autoBackup() // as at the first start of a day: the foot shows it
		shot("children")

		kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
		u.openChild(kids[0].ID)
		shot("child-profile")
		cp := u.top().(*childPage)
		cp.tabs.SelectIndex(1)
		shot("child-journey")
		cp.tabs.SelectIndex(2)
		for i, d := range cp.docs.docs {
			if d.IsImage() {
				cp.docs.choose(i)
			}
		}
		shot("child-documents")
		// Issue 30: a paper seen inside Carebook.
		for i, d := range cp.docs.docs {
			if d.Kind == data.DocMedicalConclusion && d.IsPDF() {
				cp.docs.choose(i)
				cp.docs.view(&cp.docs.docs[i])
				break
			}
		}
		shot("pdf-viewer")
		u.pop()
		kids, _ = s.ListChildren(u.ctx, data.ChildFilter{Search: "Rahimova"})
		u.pop()
		u.openChild(kids[0].ID)
		cp = u.top().(*childPage)
		cp.tabs.SelectIndex(3)
		shot("child-money")
		ests, _ := s.Estimates.ListFor(u.ctx, "child_id", cp.id)
		u.push(newEstimatePage(u, cp, &ests[len(ests)-1], false))
		shot("estimate-form")
		u.pop()
		kids, _ = s.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
		u.pop()
		u.openChild(kids[0].ID)
		cp = u.top().(*childPage)
		cp.tabs.SelectIndex(4)
		shot("child-history")

		u.showSection(1)
		u.newChild()
		f := u.top().(*form)
		test.Type(f.fields[0].focus.(fyne.Focusable).(*formEntry), "Сейітқали")
		f.fields[1].focus.(*formEntry).SetText("Әлихан")
		f.fields[4].focus.(*formEntry).SetText("31.02.2019")
		f.trySave()
		shot("child-form-error")
		f.initial = f.values()

		u.showSection(2)
		shot("donors")
		u.push(newDonationEntry(u, "", ""))
		shot("donation-entry")
		u.pop()
		u.openImport(filepath.Join("..", "bank", "testdata", "kaspi.csv"))
		shot("statement-import")
		sp := u.top().(*statementPage)
		sp.showOutcome(bank.Rejected)
		shot("statement-rejected")
		u.pop()
		u.showSection(3)
		shot("letters")
		u.push(newLetterBatchPage(u, data.TemplateDonationThanks, ""))
		bp := u.top().(*letterBatchPage)
		bp.makePlan()
		shot("letters-batch")
		bp.writeTo(filepath.Join(t.TempDir(), "letters.pdf"))
		shot("letters-ready")
		for o := u.win.Canvas().Overlays().Top(); o != nil; o = u.win.Canvas().Overlays().Top() {
			u.win.Canvas().Overlays().Remove(o)
		}
		u.showSection(4)
		shot("reports")
		u.showSection(5)
		shot("settings")
		u.push(newBackupsPage(u))
		shot("backups")
		u.pop()
		u.push(hubPage(u))
		shot("hub")
		u.pop()
		if language != "en" {
			exchangeScene(t, u)
			shot("exchange")
		}
		// Issue 30: the foundation at a glance.
		u.showSectionKey("dashboard")
		shot("dashboard")
		// Issue 26: people, the audit, the lock and the sign-in.
		u.push(newPeoplePage(u))
		shot("people")
		u.pop()
		for i, sec := range u.sections {
			if sec.key == "audit" {
				u.showSection(i)
			}
		}
		shot("audit")
		u.lock()
		shot("lock")
		u.unlock()
		s.SignOut(u.ctx)
		u.win.SetContent(u.signInScreen("Гүлнар Оспанова"))
		shot("signin")
	}
}

// TestScreenshots1280 renders, at 1280×720 (the smallest laptop screen the
// desk is walked at), the children list, a child's Documents tab and the
// Letters screen in every language: docs/screenshots/<screen>-1280-<lang>.png.
func TestScreenshots1280(t *testing.T) {
	if !*updateScreenshots {
		t.Skip("run with -update-screenshots (make screenshots) to write docs/screenshots")
	}
	dir := filepath.Join("..", "docs", "screenshots")
	for _, language := range []string{"en", "ru", "kk", "uz"} {
		s := demoStore(t)
		u := newTestApp(t, s, language)
		u.win.Resize(fyne.NewSize(1280, 720))
		shot := func(name string) { t.Helper(); capture(t, u, filepath.Join(dir, name+"-1280-"+language+".png")) }
		shot("children")
		kids, _ := s.ListChildren(u.ctx, data.ChildFilter{Search: "Петренко"})
		u.openChild(kids[0].ID)
		cp := u.top().(*childPage)
		cp.tabs.Select(cp.docsTab)
		shot("child-documents")
		u.showSection(3)
		shot("letters")
	}
}

// capture writes what the window shows as a PNG.
func capture(t *testing.T, u *App, path string) {
	t.Helper()
	restore := hideOutsideScrolls(u.win.Content())
	img := u.win.Canvas().Capture()
	restore()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// hideOutsideScrolls hides, for a capture, the fields a scrolled page holds
// outside its visible part: Fyne's software painter (unlike the window's)
// draws the inside of an entry beyond the scroll it sits in. It returns
// what shows them again.
func hideOutsideScrolls(root fyne.CanvasObject) func() {
	d := fyne.CurrentApp().Driver()
	var hidden []fyne.CanvasObject
	var walk func(o fyne.CanvasObject, view *fyne.Position, size fyne.Size)
	inside := func(o fyne.CanvasObject, view fyne.Position, size fyne.Size) bool {
		p := d.AbsolutePositionForObject(o)
		return p.Y >= view.Y-1 && p.Y+o.Size().Height <= view.Y+size.Height+1
	}
	walk = func(o fyne.CanvasObject, view *fyne.Position, size fyne.Size) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *container.Scroll:
			p := d.AbsolutePositionForObject(v)
			walk(v.Content, &p, v.Size())
			return
		case *widget.Entry, *formEntry, *formSelectEntry, *widget.Select, *formSelect:
			if view != nil && !inside(o, *view, size) {
				o.Hide()
				hidden = append(hidden, o)
			}
			return
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c, view, size)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(v)
			for _, c := range r.Objects() {
				walk(c, view, size)
			}
		}
	}
	walk(root, nil, fyne.Size{})
	return func() {
		for _, o := range hidden {
			o.Show()
		}
	}
}
