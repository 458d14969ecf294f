package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/bank"
	"carebook/data"
)

// layoutsPage lists the bank table layouts remembered at import, each with
// its columns, to be renamed or forgotten (a forgotten one goes to the
// Trash; the next statement of that bank then asks for its columns again).
type layoutsPage struct {
	u    *App
	list *fyne.Container
	root fyne.CanvasObject
}

func newLayoutsPage(u *App) *layoutsPage {
	p := &layoutsPage{u: u}
	p.view()
	p.refresh()
	return p
}

func (p *layoutsPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	back, title := pageTop(T("Settings"), p.u.pop)
	title.SetText(T("Bank layouts"))
	p.list = container.NewVBox()
	p.root = container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, back, nil, title)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(p.list)))
	return p.root
}

func (p *layoutsPage) refresh() {
	u := p.u
	p.list.RemoveAll()
	ls, err := u.store.ListBankLayouts(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	if len(ls) == 0 {
		p.list.Add(hint(T("No bank layout is remembered yet. When a statement's columns are not recognised, choose them in the import preview and give the layout a name: the same bank's statements are then read without asking.")))
		return
	}
	p.list.Add(hint(T("The columns chosen for a bank's statements, recognised by their header. To change a layout's columns, import a statement of that bank and use Change the columns….")))
	for i := range ls {
		l := ls[i]
		name := newFormEntry(false)
		name.SetText(l.Name)
		rename := newButtonWithIcon(T("Rename"), theme.DocumentSaveIcon(), func() {
			l.Name = strings.TrimSpace(name.Text)
			if err := u.store.BankLayouts.Update(u.ctx, &l); err != nil {
				u.showError(err)
				return
			}
			p.refresh()
		})
		forget := newButtonWithIcon(T("Forget"), theme.DeleteIcon(), func() {
			u.confirmText(T("Forget this layout?"), T("Forget"), T("Cancel"),
				T("The next statement with this header will ask for its columns again. The layout can be restored from the Trash.", nil), func(ok bool) {
					if !ok {
						return
					}
					if err := u.store.BankLayouts.Delete(u.ctx, l.ID); err != nil {
						u.showError(err)
						return
					}
					p.refresh()
				})
		})
		forget.Importance = widget.DangerImportance
		cols := hint(layoutColumns(l))
		p.list.Add(container.NewBorder(nil, cols, nil, container.NewHBox(rename, forget), name))
		p.list.Add(widget.NewSeparator())
	}
	p.list.Add(layout.NewSpacer())
}

// layoutColumns says which column holds what: "Date: 1 · Amount (±): 4 …".
func layoutColumns(l data.BankLayout) string {
	m, ok := bank.LayoutMapping(l)
	if !ok {
		return ""
	}
	var parts []string
	for _, role := range bank.Roles {
		if c := *m.Column(role); c > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", roleLabel(role), c))
		}
	}
	if m.AccountCurrency != "" {
		parts = append(parts, T("Account currency")+": "+m.AccountCurrency)
	}
	return strings.Join(parts, "  ·  ")
}
