package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// trashItem is one deleted record and how to bring it back.
type trashItem struct {
	kind      string
	title     string
	deletedAt data.Timestamp
	restore   func() error
}

// trashPage lists everything deleted, newest first, each with Restore.
type trashPage struct {
	u        *App
	box      *fyne.Container
	empty    *button
	docCount int
	root     fyne.CanvasObject
}

func newTrashPage(u *App) page { return &trashPage{u: u} }

func (p *trashPage) view() fyne.CanvasObject {
	if p.root == nil {
		p.box = container.NewVBox()
		intro := hint(T("Deleting never destroys anything at once: deleted records wait here until you restore them."))
		p.empty = newButtonWithIcon(T("Empty the Trash of documents…"), theme.DeleteIcon(), p.emptyDocuments)
		top := container.NewBorder(nil, nil, nil, p.empty, intro)
		p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(p.box)))
	}
	return p.root
}

func (p *trashPage) items() ([]trashItem, error) {
	s, ctx := p.u.store, p.u.ctx
	var items []trashItem
	kids, err := s.Children.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range kids {
		items = append(items, trashItem{T("Child"), c.CaseNumber + " · " + c.FullName(), c.DeletedAt,
			func() error { return s.Children.Restore(ctx, c.ID) }})
	}
	donors, err := s.Donors.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range donors {
		items = append(items, trashItem{T("Donor"), d.DisplayName, d.DeletedAt,
			func() error { return s.Donors.Restore(ctx, d.ID) }})
	}
	guardians, err := s.Guardians.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range guardians {
		items = append(items, trashItem{T("Guardian"), g.FullName + p.ofChild(g.ChildID), g.DeletedAt,
			func() error { return s.Guardians.Restore(ctx, g.ID) }})
	}
	consents, err := s.Consents.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range consents {
		items = append(items, trashItem{T("Consent"), ConsentLabel(k.Kind) + p.ofChild(k.ChildID), k.DeletedAt,
			func() error { return s.Consents.Restore(ctx, k.ID) }})
	}
	events, err := s.JourneyEvents.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		items = append(items, trashItem{T("Journey event"), e.On.Local(Language()) + " " + e.Title + p.ofChild(e.ChildID), e.DeletedAt,
			func() error { return s.JourneyEvents.Restore(ctx, e.ID) }})
	}
	docs, err := s.Documents.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		items = append(items, trashItem{T("Document"), DocumentKindLabel(d.Kind) + ": " + d.Title + p.ofChild(d.ChildID), d.DeletedAt,
			func() error { return s.Documents.Restore(ctx, d.ID) }})
	}
	p.docCount = len(docs)
	names := p.u.donorNames()
	dons, err := s.Donations.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range dons {
		who := names[d.DonorID]
		if d.DonorID == "" {
			who = T("cash box")
		}
		items = append(items, trashItem{T("Donation"), d.ReceivedOn.Local(Language()) + " " + fmtMoney(d.Amount) + " · " + who + p.ofChild(d.ChildID), d.DeletedAt,
			func() error { return s.Donations.Restore(ctx, d.ID) }})
	}
	pays, err := s.Payments.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, x := range pays {
		items = append(items, trashItem{T("Payment"), x.PaidOn.Local(Language()) + " " + fmtMoney(x.Amount) + " → " + x.Payee + p.ofChild(x.ChildID), x.DeletedAt,
			func() error { return s.Payments.Restore(ctx, x.ID) }})
	}
	allocs, err := s.Allocations.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range allocs {
		items = append(items, trashItem{T("Allocation"), a.On.Local(Language()) + " " + fmtMoney(a.Amount) + p.ofChild(a.ChildID), a.DeletedAt,
			func() error { return s.Allocations.Restore(ctx, a.ID) }})
	}
	ests, err := s.Estimates.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range ests {
		items = append(items, trashItem{T("Estimate"), e.Provider + " (" + e.Currency + ")" + p.ofChild(e.ChildID), e.DeletedAt,
			func() error { return s.Estimates.Restore(ctx, e.ID) }})
	}
	layouts, err := s.BankLayouts.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range layouts {
		items = append(items, trashItem{T("Bank layout"), l.Name, l.DeletedAt,
			func() error { return s.BankLayouts.Restore(ctx, l.ID) }})
	}
	rates, err := s.ExchangeRates.Trashed(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rates {
		items = append(items, trashItem{T("Exchange rate"), r.Currency + " " + r.On.Local(Language()) + " " + r.Rate, r.DeletedAt,
			func() error { return s.ExchangeRates.Restore(ctx, r.ID) }})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[j].deletedAt.Before(items[i].deletedAt.Time) })
	return items, nil
}

// emptyDocuments removes the documents in the Trash for good, after asking:
// the only step in Carebook that frees disk space.
func (p *trashPage) emptyDocuments() {
	msg := T("Documents in the Trash: {{.Count}}. They will be removed for good, and their files deleted from the disk unless another document uses them. This cannot be undone. Other records stay in the Trash.",
		map[string]any{"Count": p.docCount})
	if offices, err := p.u.store.Offices(p.u.ctx); err == nil && len(offices) > 1 {
		msg += "\n\n" + T("The other offices erase them too when they next exchange or sync, unless one has restored them meanwhile.")
	}
	confirmDanger(p.u.win, T("Empty the Trash of documents?"), msg, T("Remove for good"), T("Cancel"), func() {
		docs, files, err := p.u.store.PurgeTrashedDocuments(p.u.ctx)
		if err != nil {
			p.u.showError(err)
			return
		}
		p.refresh()
		p.u.inform(T("Trash"), T("Removed documents: {{.Docs}}. Files deleted from the disk: {{.Files}}.",
			map[string]any{"Docs": docs, "Files": files}))
	}, nil)
}

func (p *trashPage) ofChild(id string) string {
	if c, err := p.u.store.Children.Get(p.u.ctx, id); err == nil {
		return "  (" + c.CaseNumber + " · " + c.FullName() + ")"
	}
	return ""
}

func (p *trashPage) refresh() {
	p.view()
	items, err := p.items()
	if err != nil {
		p.u.showError(err)
		return
	}
	p.box.Objects = nil
	if p.docCount == 0 {
		p.empty.Disable()
	} else {
		p.empty.Enable()
	}
	if len(items) == 0 {
		p.box.Add(emptyState(T("The Trash is empty."), T("Whatever you delete appears here and can be restored.")))
	}
	for _, it := range items {
		when := data.Moment(it.deletedAt.Time, Language())
		restore := newButtonWithIcon(T("Restore"), theme.ContentUndoIcon(), func() {
			if err := it.restore(); err != nil {
				p.u.showError(err)
			}
			p.refresh()
		})
		title := widget.NewLabelWithStyle(it.kind+": "+it.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Wrapping = fyne.TextWrapWord
		sub := widget.NewLabel(T("deleted {{.When}}", map[string]any{"When": when}))
		sub.SizeName = theme.SizeNameCaptionText
		p.box.Add(container.NewBorder(nil, widget.NewSeparator(), nil, restore, container.NewVBox(title, sub)))
	}
	p.box.Refresh()
}
