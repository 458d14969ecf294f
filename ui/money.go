package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
	"carebook/money"
)

func fmtMoney(m money.Money) string { return m.Format(Language()) }

// fundingView shows target, raised, gap and spent in the base currency with
// a progress bar, the sums per currency beside them, and every missing rate.
func fundingView(f *data.Funding) fyne.CanvasObject {
	grid := container.New(layout.NewFormLayout())
	row := func(label, value string, imp widget.Importance) {
		l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		v := widget.NewLabelWithStyle(value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.Importance = imp
		grid.Add(l)
		grid.Add(v)
	}
	if f.Target.Minor == 0 {
		// Nothing to be missing from: no accepted estimate yet.
		row(T("Target"), T("no target yet"), widget.MediumImportance)
	} else {
		row(T("Target"), fmtMoney(f.Target), widget.MediumImportance)
	}
	row(T("Raised"), fmtMoney(f.Raised), widget.SuccessImportance)
	switch {
	case f.Surplus.Minor > 0:
		row(T("Raised beyond the target"), fmtMoney(f.Surplus), widget.SuccessImportance)
	case f.Target.Minor == 0:
	case f.Gap.Minor == 0:
		row(T("Still missing"), T("nothing: funded"), widget.SuccessImportance)
	default:
		row(T("Still missing"), fmtMoney(f.Gap), widget.DangerImportance)
	}
	row(T("Spent"), fmtMoney(f.Spent), widget.MediumImportance)
	bar := widget.NewProgressBar()
	bar.Max = 100
	bar.SetValue(float64(min(f.Percent(), 100)))
	// The per-currency sums, as the money came in and went out.
	table := container.NewGridWithColumns(4,
		widget.NewLabelWithStyle(T("Currency"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Target"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Raised"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Spent"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	for _, cur := range f.Currencies() {
		table.Add(widget.NewLabel(cur))
		for _, v := range []int64{f.TargetBy[cur], f.RaisedBy[cur], f.SpentBy[cur]} {
			table.Add(widget.NewLabelWithStyle(fmtMoney(money.M(v, cur)), fyne.TextAlignTrailing, fyne.TextStyle{}))
		}
	}
	box := container.NewVBox(container.NewGridWithColumns(2, container.NewVBox(grid, bar), table))
	for _, m := range f.Missing {
		w := widget.NewLabel(T("No {{.Currency}} rate on or before {{.Date}}: those amounts stay in their own currency and are left out of the totals. Enter the rate in Settings → Exchange rates.",
			map[string]any{"Currency": m.Currency, "Date": m.On.Local(Language())}))
		w.Importance = widget.WarningImportance
		w.Wrapping = fyne.TextWrapWord
		box.Add(w)
	}
	base := widget.NewLabel(T("Totals in {{.Base}}, each amount converted at the rate of its day (quotes at their stated rate).", map[string]any{"Base": f.Base}))
	base.SizeName = theme.SizeNameCaptionText
	box.Add(base)
	return box
}

// addDrafts says, where the target is shown, which draft estimates it does
// not count yet, each with a one-click Accept.
func (p *childPage) addDrafts(box *fyne.Container, ests []data.Estimate) {
	u := p.u
	var drafts []data.Estimate
	for _, e := range ests {
		if e.Status == data.EstimateDraft {
			drafts = append(drafts, e)
		}
	}
	if len(drafts) == 0 {
		return
	}
	w := widget.NewLabel(TN("{{.Count}} draft estimates are not counted in the target: accept a clinic's quote to count it.", len(drafts)))
	w.Importance = widget.WarningImportance
	w.Wrapping = fyne.TextWrapWord
	box.Add(w)
	for _, e := range drafts {
		total, _ := u.store.EstimateTotal(u.ctx, e.ID)
		accept := newButtonWithIcon(T("Accept"), theme.ConfirmIcon(), func() {
			e.Status = data.EstimateAccepted
			if err := u.store.Estimates.Update(u.ctx, &e); err != nil {
				u.showError(err)
			}
			p.refresh()
		})
		accept.Importance = widget.HighImportance
		box.Add(container.NewHBox(widget.NewLabel(data.JoinNonEmpty(" — ", e.Provider, e.Title)+":  "+fmtMoney(total)), accept))
	}
}

// fillMoney builds the Money tab.
func (p *childPage) fillMoney() {
	u, ctx, id := p.u, p.u.ctx, p.id
	box := p.money
	box.Objects = nil
	f, err := u.store.Funding(ctx, id)
	if err != nil {
		u.showError(err)
		return
	}
	p.funding = f
	ests, _ := u.store.Estimates.ListFor(ctx, "child_id", id)
	box.Add(heading(T("Funding")))
	box.Add(fundingView(f))
	p.addDrafts(box, ests)
	if p.child.Status == data.StatusFundraising && f.Target.Minor > 0 && f.Gap.Minor == 0 && f.Complete() {
		offer := newButtonWithIcon(T("The target is reached: mark the case as funded"), theme.ConfirmIcon(), func() {
			if err := u.store.ChangeStatus(ctx, id, data.StatusFunded, "", ""); err != nil {
				u.showError(err)
			}
			p.refresh()
		})
		offer.Importance = widget.SuccessImportance
		box.Add(container.NewHBox(offer))
	}

	// Estimates, newest first, versions together.
	box.Add(widget.NewSeparator())
	box.Add(heading(T("Clinic estimates")))
	if len(ests) == 0 {
		box.Add(hint(T("No estimates yet. Add the clinic's quote: its lines make the target.")))
	}
	for i := len(ests) - 1; i >= 0; i-- {
		e := ests[i]
		total, _ := u.store.EstimateTotal(ctx, e.ID)
		line := e.Provider
		if e.Title != "" {
			line += " — " + e.Title
		}
		line += ":  " + fmtMoney(total)
		sub := data.JoinNonEmpty("  ·  ", label(vocab.EstimateStatusText, e.Status),
			T("issued {{.Date}}", map[string]any{"Date": e.IssuedOn.Local(Language())}))
		if !e.ValidUntil.IsZero() {
			sub = data.JoinNonEmpty("  ·  ", sub, T("valid until {{.Date}}", map[string]any{"Date": e.ValidUntil.Local(Language())}))
		}
		if e.Covered > 0 {
			sub = data.JoinNonEmpty("  ·  ", sub, T("other sources cover {{.Amount}}", map[string]any{"Amount": fmtMoney(money.M(e.Covered, e.Currency))}))
		}
		r := itemRow(line, sub,
			func() { u.push(newEstimatePage(u, p, &e, false)) },
			func() { p.trash(T("estimate"), p.u.store.Estimates, e.ID) })
		if e.Status != data.EstimateSuperseded && e.Status != data.EstimateRejected {
			nv := newButtonWithIcon(T("New version"), theme.ContentCopyIcon(), func() { u.push(newEstimatePage(u, p, &e, true)) })
			nv.Importance = widget.LowImportance
			r = container.NewBorder(nil, nil, nil, nv, r)
		}
		box.Add(r)
	}
	box.Add(addButton(T("Add estimate"), func() {
		e := &data.Estimate{ChildID: id, IssuedOn: u.store.Today(), Status: data.EstimateDraft}
		u.push(newEstimatePage(u, p, e, false))
	}))

	// Payments.
	box.Add(widget.NewSeparator())
	box.Add(heading(T("Payments")))
	pays, _ := u.store.Payments.ListFor(ctx, "child_id", id)
	for _, pay := range pays {
		pay := pay
		box.Add(itemRow(pay.PaidOn.Local(Language())+"   "+fmtMoney(pay.Amount)+" → "+pay.Payee, pay.Reference,
			func() { u.push(paymentForm(u, &pay, ests, T("Edit payment"), u.pop)) },
			func() { p.trash(T("payment"), p.u.store.Payments, pay.ID) }))
	}
	box.Add(addButton(T("Add payment"), func() {
		pay := &data.Payment{ChildID: id, PaidOn: u.store.Today()}
		u.push(paymentForm(u, pay, ests, T("New payment"), u.pop))
	}))

	// Donations and allocations.
	box.Add(widget.NewSeparator())
	box.Add(heading(T("Donations earmarked for this child")))
	dons, _ := u.store.Donations.ListFor(ctx, "child_id", id)
	if len(dons) == 0 {
		box.Add(hint(T("No donations yet.")))
	}
	names := u.donorNames()
	for i := len(dons) - 1; i >= 0; i-- {
		d := dons[i]
		who := names[d.DonorID]
		if d.DonorID == "" {
			who = T("cash box")
		}
		box.Add(itemRow(d.ReceivedOn.Local(Language())+"   "+fmtMoney(d.Amount)+"   "+who,
			data.JoinNonEmpty("  ·  ", MethodLabel(d.Method), d.BankReference, thankedText(&d)), nil,
			func() { p.trash(T("donation"), p.u.store.Donations, d.ID) }))
	}
	box.Add(addButton(T("Record donations"), func() { u.push(newDonationEntry(u, "", id)) }))
	if p.child.Status == data.StatusClosed || p.child.Status == data.StatusRehabilitation {
		box.Add(addButton(T("Thank every donor after the treatment…"), func() {
			u.push(newLetterBatchPage(u, data.TemplateOutcomeThanks, id))
		}))
	}
	box.Add(widget.NewSeparator())
	box.Add(heading(T("Allocations from the general fund")))
	allocs, _ := u.store.Allocations.ListFor(ctx, "child_id", id)
	for _, a := range allocs {
		a := a
		box.Add(itemRow(a.On.Local(Language())+"   "+fmtMoney(a.Amount), a.Note, nil,
			func() { p.trash(T("allocation"), p.u.store.Allocations, a.ID) }))
	}
	box.Add(addButton(T("Allocate from the general fund"), func() {
		a := &data.Allocation{ChildID: id, On: u.store.Today()}
		u.push(allocationForm(u, a, u.pop))
	}))
	box.Refresh()
}

func thankedText(d *data.Donation) string {
	if d.ThankedAt.IsZero() {
		return T("not thanked yet")
	}
	return T("thanked")
}

// donorNames maps donor ids to names, for lists of donations.
func (u *App) donorNames() map[string]string {
	out := map[string]string{}
	if ds, err := u.store.Donors.All(u.ctx); err == nil {
		for _, d := range ds {
			out[d.ID] = d.DisplayName
		}
	}
	return out
}

func paymentForm(u *App, pay *data.Payment, ests []data.Estimate, title string, done func()) *form {
	f := newForm(u, title)
	f.text("payee", T("Paid to"), &pay.Payee, true, false)
	f.date("paid_on", T("Paid on"), &pay.PaidOn, true)
	f.money("amount", T("Amount"), &pay.Amount, true)
	var ids, names []string
	for _, e := range ests {
		if e.Status == data.EstimateAccepted {
			ids = append(ids, e.ID)
			names = append(names, e.Provider+" ("+e.Currency+")")
		}
	}
	f.choice("estimate_id", T("Settles the estimate"), &pay.EstimateID, ids, names, false)
	f.text("reference", T("Reference (invoice, order)"), &pay.Reference, false, false)
	f.text("note", T("Note"), &pay.Note, false, true)
	f.validate = func() error { return u.store.Payments.Validate(pay) }
	f.submit = func() error {
		if pay.ID == "" {
			return u.store.Payments.Create(u.ctx, pay)
		}
		return u.store.Payments.Update(u.ctx, pay)
	}
	f.done = done
	f.cancelled = u.pop
	return f
}

func allocationForm(u *App, a *data.Allocation, done func()) *form {
	f := newForm(u, T("Allocate from the general fund"))
	f.date("on_date", T("Date"), &a.On, true)
	f.money("amount", T("Amount"), &a.Amount, true)
	f.text("note", T("Note (whose decision)"), &a.Note, false, true)
	f.validate = func() error { return u.store.Allocations.Validate(a) }
	f.submit = func() error { return u.store.Allocations.Create(u.ctx, a) }
	f.done = done
	f.cancelled = u.pop
	return f
}
