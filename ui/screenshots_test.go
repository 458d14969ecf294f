package ui

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
	for _, language := range []string{"en", "ru", "kk"} {
		s := demoStore(t)
		u := newTestApp(t, s, language)
		shot := func(name string) {
			t.Helper()
			img := u.win.Canvas().Capture()
			f, err := os.Create(filepath.Join(dir, name+"-"+language+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
		}
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
		kids, _ = s.ListChildren(u.ctx, data.ChildFilter{Search: "Rahimova"})
		u.pop()
		u.openChild(kids[0].ID)
		cp = u.top().(*childPage)
		cp.tabs.SelectIndex(3)
		shot("child-money")
		kids, _ = s.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
		u.pop()
		u.openChild(kids[0].ID)
		cp = u.top().(*childPage)
		cp.tabs.SelectIndex(4)
		shot("child-history")

		u.showSection(0)
		u.newChild()
		f := u.top().(*form)
		test.Type(f.fields[0].focus.(fyne.Focusable).(*formEntry), "Сейітқали")
		f.fields[1].focus.(*formEntry).SetText("Әлихан")
		f.fields[4].focus.(*formEntry).SetText("31.02.2019")
		f.trySave()
		shot("child-form-error")
		f.initial = f.values()

		u.showSection(1)
		shot("donors")
		u.push(newDonationEntry(u, "", ""))
		shot("donation-entry")
		u.showSection(2)
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
		u.showSection(3)
		shot("reports")
		u.showSection(4)
		shot("settings")
		u.startBackup(nil)
		u.push(newBackupsPage(u))
		shot("backups")
	}
}
