package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
)

// donorsScreen lists donors with search as you type.
type donorsScreen struct {
	u      *App
	search *shortcutEntry
	list   *widget.List
	count  *widget.Label
	body   *fyne.Container
	rows   []data.Donor
	root   fyne.CanvasObject
	top    *fyne.Container // search, count and buttons: laid out again when the count grows
}

func newDonorsScreen(u *App) *donorsScreen {
	sc := &donorsScreen{u: u}
	sc.search = newShortcutEntry()
	sc.search.SetPlaceHolder(T("Name, e-mail or phone"))
	sc.search.OnChanged = func(string) { sc.refresh() }
	sc.count = widget.NewLabel("")
	sc.list = widget.NewList(
		func() int { return len(sc.rows) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			info := widget.NewLabel("")
			info.SizeName = theme.SizeNameCaptionText
			info.Truncation = fyne.TextTruncateEllipsis
			return container.NewGridWithColumns(2, name, info)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(sc.rows) {
				return
			}
			d := sc.rows[i]
			g := o.(*fyne.Container)
			name := d.DisplayName
			if d.Anonymous {
				name += "  (" + T("anonymous") + ")"
			}
			g.Objects[0].(*widget.Label).SetText(name)
			g.Objects[1].(*widget.Label).SetText(data.JoinNonEmpty("  ·  ", label(vocab.DonorKindText, d.Kind), LanguageName(d.Language), d.Email, d.Phone))
		})
	sc.list.OnSelected = func(i widget.ListItemID) {
		sc.list.UnselectAll()
		if i < len(sc.rows) {
			u.openDonor(sc.rows[i].ID)
		}
	}
	sc.body = container.NewStack(sc.list)
	return sc
}

func (sc *donorsScreen) view() fyne.CanvasObject {
	if sc.root == nil {
		add := newButtonWithIcon(T("New donor"), theme.ContentAddIcon(), func() { sc.u.newDonor() })
		record := newButtonWithIcon(T("Record donations"), moneyIcon, func() { sc.u.push(newDonationEntry(sc.u, "", "")) })
		record.Importance = widget.HighImportance
		imp := newButtonWithIcon(T("Import bank statement…"), theme.UploadIcon(), sc.u.importStatement)
		sc.top = container.NewBorder(nil, nil, nil, container.NewHBox(sc.count, record, imp, add), sc.search)
		sc.root = container.NewBorder(container.NewPadded(sc.top), nil, nil, nil, sc.body)
	}
	return sc.root
}

func (sc *donorsScreen) refresh() {
	rows, err := sc.u.store.ListDonors(sc.u.ctx, sc.search.Text)
	if err != nil {
		sc.u.showError(err)
		return
	}
	sc.rows = rows
	sc.count.SetText(T("Shown: {{.Count}}", map[string]any{"Count": len(rows)}))
	if sc.top != nil {
		sc.top.Refresh()
	}
	switch {
	case len(rows) > 0:
		sc.body.Objects = []fyne.CanvasObject{sc.list}
	case sc.search.Text == "":
		sc.body.Objects = []fyne.CanvasObject{emptyState(T("No donors yet."), T("Add a donor with New donor; donations follow."))}
	default:
		sc.body.Objects = []fyne.CanvasObject{emptyState(T("No donor matches."), T("Check the spelling or clear the search."))}
	}
	sc.body.Refresh()
	sc.list.Refresh()
}

func (u *App) newDonor() {
	if u.sections[u.current].key != "donors" || len(u.stack) != 1 {
		u.showSectionKey("donors")
	}
	d := &data.Donor{Kind: data.DonorPerson}
	u.push(donorForm(u, d, T("New donor"), func() {
		u.pop()
		u.openDonor(d.ID)
	}))
}

func donorForm(u *App, d *data.Donor, title string, done func()) *form {
	f := newForm(u, title)
	v, l := choices(data.AllDonorKinds, vocab.DonorKindText)
	f.choice("kind", T("Donor is a"), (*string)(&d.Kind), v, l, true)
	f.text("display_name", T("Name"), &d.DisplayName, true, false)
	f.text("tax_id", T("Tax number (IIN/BIN, INN)"), &d.TaxID, false, false)
	f.text("email", T("E-mail"), &d.Email, false, false)
	f.text("phone", T("Phone"), &d.Phone, false, false)
	f.text("address", T("Address"), &d.Address, false, false)
	v, l = choices(data.AllLanguages, vocab.LanguageText)
	f.choice("language", T("Preferred language"), (*string)(&d.Language), v, l, false)
	f.check("anonymous", T("Anonymous: never name this donor in public reports"), &d.Anonymous)
	f.text("notes", T("Notes"), &d.Notes, false, true)
	f.validate = func() error { return u.store.Donors.Validate(d) }
	f.submit = func() error {
		if d.ID == "" {
			return u.store.Donors.Create(u.ctx, d)
		}
		return u.store.Donors.Update(u.ctx, d)
	}
	f.done = done
	f.cancelled = u.pop
	return f
}

// donorPage shows a donor's details and donations.
type donorPage struct {
	u     *App
	id    string
	donor *data.Donor
	title *widget.Label
	body  *fyne.Container
	root  fyne.CanvasObject
}

func (u *App) openDonor(id string) {
	p := &donorPage{u: u, id: id}
	u.push(p)
	p.refresh()
}

func (p *donorPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	back, title := pageTop(T("Donors"), p.u.pop)
	p.title = title
	edit := newButtonWithIcon(T("Edit"), theme.DocumentCreateIcon(), func() {
		d := *p.donor
		p.u.push(donorForm(p.u, &d, T("Edit donor"), p.u.pop))
	})
	del := newButtonWithIcon(T("Delete"), theme.DeleteIcon(), p.delete)
	del.Importance = widget.DangerImportance
	record := newButtonWithIcon(T("Record donations"), moneyIcon, func() { p.u.push(newDonationEntry(p.u, p.id, "")) })
	header := container.NewBorder(nil, nil, back, container.NewHBox(record, edit, del), p.title)
	p.body = container.NewVBox()
	p.root = container.NewBorder(container.NewPadded(header), nil, nil, nil, container.NewVScroll(container.NewPadded(p.body)))
	return p.root
}

func (p *donorPage) refresh() {
	p.view()
	d, err := p.u.store.Donors.Get(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.donor = d
	p.title.SetText(d.DisplayName)
	anon := T("no")
	if d.Anonymous {
		anon = T("yes: never named in public reports")
	}
	grid := container.New(layout.NewFormLayout())
	for _, row := range [][]fyne.CanvasObject{
		detail(T("Donor is a"), label(vocab.DonorKindText, d.Kind)),
		detail(T("Tax number (IIN/BIN, INN)"), d.TaxID),
		detail(T("E-mail"), d.Email),
		detail(T("Phone"), d.Phone),
		detail(T("Address"), d.Address),
		detail(T("Preferred language"), LanguageName(d.Language)),
		detail(T("Anonymous"), anon),
		detail(T("Notes"), d.Notes),
	} {
		grid.Add(row[0])
		grid.Add(row[1])
	}
	dons, err := p.u.store.ListDonationsByDonor(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
	}
	list := container.NewVBox(heading(T("Donations")))
	if len(dons) == 0 {
		list.Add(hint(T("No donations recorded from this donor yet.")))
	}
	for _, dn := range dons {
		thanked := T("not thanked yet")
		if !dn.ThankedAt.IsZero() {
			thanked = T("thanked")
		}
		list.Add(itemRow(dn.ReceivedOn.Local(Language())+"   "+dn.Amount.Format(Language()),
			data.JoinNonEmpty("  ·  ", MethodLabel(dn.Method), dn.BankReference, thanked), nil, nil))
	}
	list.Add(widget.NewSeparator())
	list.Add(heading(T("Letters")))
	letters, _ := p.u.store.Letters.ListFor(p.u.ctx, "donor_id", p.id)
	if len(letters) == 0 {
		list.Add(hint(T("No letter written to this donor yet.")))
	}
	for _, l := range letters {
		l := l
		title := l.CreatedOn.Local(Language()) + "   " + label(vocab.TemplateKindText, l.Kind)
		if l.ReceiptNo > 0 {
			title += "  № " + data.ReceiptLabel(l.ReceiptOffice, l.ReceiptNo)
		}
		open := newButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() { p.openLetter(&l) })
		open.Importance = widget.LowImportance
		list.Add(container.NewBorder(nil, nil, nil, open, itemRow(title, LanguageName(l.Language), nil, nil)))
	}
	p.body.Objects = []fyne.CanvasObject{container.NewGridWithColumns(2, grid, list)}
	p.body.Refresh()
}

// openLetter opens the letter as it was printed (its stored PDF).
func (p *donorPage) openLetter(l *data.Letter) {
	d, err := p.u.store.Documents.Get(p.u.ctx, l.DocumentID)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.u.openDocument(d)
}

func (p *donorPage) delete() {
	dialog.ShowConfirm(T("Delete the donor?"), T("Move {{.Name}} to the Trash? Their donations stay recorded; Restore in the Trash brings the donor back.",
		map[string]any{"Name": p.donor.DisplayName}), func(ok bool) {
		if !ok {
			return
		}
		if err := p.u.store.Donors.Delete(p.u.ctx, p.id); err != nil {
			p.u.showError(err)
			return
		}
		p.u.pop()
		id := p.id
		p.u.notifyTrashed(func() error { return p.u.store.Donors.Restore(p.u.ctx, id) }, func() { p.u.openDonor(id) })
	}, p.u.win)
}
