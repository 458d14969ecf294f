package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// The sizes volunteers' laptops show Carebook at.
var laptopSizes = []fyne.Size{{Width: 1280, Height: 720}, {Width: 1366, Height: 697}}

// maxFormLabel is the widest a form's label may be: a longer explanation
// goes under the field, so the fields stay where the eye expects them.
const maxFormLabel = 300

// screenVisit opens one screen of the demo and returns it.
type screenVisit struct {
	name string
	open func(u *App) page
}

func screenVisits(t *testing.T) []screenVisit {
	child := func(u *App, tab int) page {
		u.showSection(1)
		kids, _ := u.store.ListChildren(u.ctx, data.ChildFilter{Search: "Мұратбекова"})
		u.openChild(kids[0].ID)
		cp := u.top().(*childPage)
		cp.tabs.SelectIndex(tab)
		return cp
	}
	section := func(i int) func(u *App) page {
		return func(u *App) page { u.showSection(i); return u.top() }
	}
	return []screenVisit{
		{"children", section(0)},
		{"child profile", func(u *App) page { return child(u, 0) }},
		{"child journey", func(u *App) page { return child(u, 1) }},
		{"child documents", func(u *App) page { return child(u, 2) }},
		{"child money", func(u *App) page { return child(u, 3) }},
		{"child history", func(u *App) page { return child(u, 4) }},
		{"child form", func(u *App) page { u.newChild(); return u.top() }},
		{"estimate form", func(u *App) page {
			cp := child(u, 3).(*childPage)
			u.push(newEstimatePage(u, cp, &data.Estimate{ChildID: cp.id, IssuedOn: u.store.Today()}, false))
			return u.top()
		}},
		{"payment form", func(u *App) page {
			cp := child(u, 3).(*childPage)
			u.push(paymentForm(u, &data.Payment{ChildID: cp.id}, nil, "Payment", u.pop))
			return u.top()
		}},
		{"guardian form", func(u *App) page {
			child(u, 0)
			u.push(guardianForm(u, &data.Guardian{}, "Guardian", u.pop))
			return u.top()
		}},
		{"donors", section(1)},
		{"donor form", func(u *App) page { u.newDonor(); return u.top() }},
		{"donation entry", func(u *App) page { u.showSection(2); u.push(newDonationEntry(u, "", "")); return u.top() }},
		{"letters", section(2)},
		{"letters batch", func(u *App) page {
			u.showSection(3)
			u.push(newLetterBatchPage(u, data.TemplateDonationThanks, ""))
			return u.top()
		}},
		{"reports", section(3)},
		{"settings", section(4)},
		{"checklists", func(u *App) page { u.showSection(5); u.push(checklistSettings(u)); return u.top() }},
		{"rates", func(u *App) page { u.showSection(5); u.push(newRatesPage(u)); return u.top() }},
		{"backups", func(u *App) page { u.showSection(5); u.push(newBackupsPage(u)); return u.top() }},
		{"bank layouts", func(u *App) page { u.showSection(5); u.push(newLayoutsPage(u)); return u.top() }},
		{"statement import", func(u *App) page {
			u.showSection(2)
			u.openImport(filepath.Join("..", "bank", "testdata", "kaspi.csv"))
			return u.top()
		}},
		{"trash", section(5)},
		{"exchange", section(6)},
		{"letterheads", func(u *App) page { u.showSection(5); u.push(letterheadSettings(u)); return u.top() }},
		{"hub", func(u *App) page { u.showSection(5); u.push(hubPage(u)); return u.top() }},
	}
}

// Item 9: at 1280×720 and 1366×697, in every language, no screen asks for
// more room than the window has (a real window would grow past the
// screen), and no form label is so long that it pushes the fields aside.
func TestEveryScreenFitsALaptop(t *testing.T) {
	s := demoStore(t)
	for _, lang := range []string{"en", "ru", "kk", "uz"} {
		u := newTestApp(t, s, lang)
		for _, size := range laptopSizes {
			u.win.Resize(size)
			for _, v := range screenVisits(t) {
				p := v.open(u)
				// Laid out at the window's size once, as a shown window is,
				// so that wrapping text knows its width.
				u.win.Content().Resize(size.SubtractWidthHeight(1, 1))
				u.win.Content().Resize(size)
				if need := u.win.Content().MinSize(); need.Width > size.Width || need.Height > size.Height {
					t.Errorf("%s %v %s: needs %v", lang, size, v.name, need)
				}
				var f *form
				switch x := p.(type) {
				case *form:
					f = x
				case interface{ formOf() *form }:
					f = x.formOf()
				}
				if f != nil {
					for _, ff := range f.fields {
						if ff.labelObj != nil && ff.labelObj.MinSize().Width > maxFormLabel {
							t.Errorf("%s %s: the label %q is %.0f px wide", lang, v.name, ff.label, ff.labelObj.MinSize().Width)
						}
					}
				}
				for o := u.win.Canvas().Overlays().Top(); o != nil; o = u.win.Canvas().Overlays().Top() {
					u.win.Canvas().Overlays().Remove(o)
				}
			}
		}
	}
}

// cutText reports whether a label shows less than its text: a label that
// wraps never does; one that does not must be wide enough for its text.
func cutText(l *widget.Label) bool {
	if l.Wrapping != fyne.TextWrapOff {
		return false
	}
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	need := fyne.MeasureText(l.Text, size, l.TextStyle).Width + 2*theme.InnerPadding()
	return need > l.Size().Width+0.5
}

// Item 9: at 1280 and 1366 px, in every language, the child's name in the
// page header and the donors' search hint are whole, and no menu item's
// shortcut can be clipped (Fyne draws them flush at the menu's edge).
func TestNamesAndHintsAreWholeOnALaptop(t *testing.T) {
	s := demoStore(t)
	for _, lang := range []string{"en", "ru", "kk", "uz"} {
		u := newTestApp(t, s, lang)
		for _, size := range laptopSizes {
			u.win.Resize(size)
			kids, _ := s.ListChildren(u.ctx, data.ChildFilter{})
			for _, k := range kids {
				u.showSection(1)
				u.openChild(k.ID)
				cp := u.top().(*childPage)
				u.win.Content().Resize(size.SubtractWidthHeight(1, 1))
				u.win.Content().Resize(size)
				if cutText(cp.title) {
					t.Errorf("%s %v: the child's name %q is cut", lang, size, cp.title.Text)
				}
			}
			u.showSection(2)
			e := u.donors.search
			u.win.Content().Resize(size.SubtractWidthHeight(1, 1))
			u.win.Content().Resize(size)
			if need := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding(); need > e.Size().Width {
				t.Errorf("%s %v: the donors' search hint %q is cut (%.0f of %.0f px)", lang, size, e.PlaceHolder, e.Size().Width, need)
			}
		}
		for _, m := range u.win.MainMenu().Items {
			for _, it := range m.Items {
				if it.Shortcut != nil && !strings.Contains(it.Label, "Ctrl+") && !strings.Contains(it.Label, "⌘") {
					t.Errorf("%s: the menu item %q shows its shortcut where Fyne clips it", lang, it.Label)
				}
			}
		}
	}
}

// The shortcuts the menu names still work from inside a field.
func TestShortcutsWorkFromAField(t *testing.T) {
	u := newTestApp(t, demoStore(t), "en")
	u.newChild()
	f := u.top().(*form)
	e := f.fields[0].focus.(*formEntry)
	u.win.Canvas().Focus(e)
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if u.top() != page(u.children) || u.win.Canvas().Focused() != u.children.search {
		t.Fatalf("Ctrl+F from a field: on %T", u.top())
	}
	u.children.search.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	if _, ok := u.top().(*form); !ok {
		t.Fatalf("Ctrl+N from the search: on %T", u.top())
	}
}
