package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
	"carebook/money"
)

// lineRow is one editable line of an estimate.
type lineRow struct {
	meta             data.Meta // as read: its id and last-changed stamp guard the update
	desc, qty, price *formEntry
	total            *widget.Label
	err              *widget.Label
	box              fyne.CanvasObject
}

// estimatePage edits a clinic quote: its details above, its lines below with
// their totals computed as you type (never typed by hand).
type estimatePage struct {
	*form
	e          *data.Estimate
	newVersion bool
	lines      []*lineRow
	linesBox   *fyne.Container
	total      *widget.Label
	cur        *widget.Select
	initLines  string
}

func newEstimatePage(u *App, p *childPage, src *data.Estimate, newVersion bool) *estimatePage {
	e := *src
	title := T("Edit estimate")
	switch {
	case newVersion:
		e.SupersedesID = src.ID
		e.IssuedOn = u.store.Today()
		e.ValidUntil = data.Date{}
		e.Status = data.EstimateAccepted
		title = T("New version of the estimate")
	case e.ID == "":
		title = T("New estimate")
	}
	ep := &estimatePage{form: newForm(u, title), e: &e, newVersion: newVersion}
	f := ep.form
	f.text("provider", T("Clinic or supplier"), &e.Provider, true, false)
	f.text("title", T("Title"), &e.Title, false, false)
	codes := money.CurrencyCodes()
	if e.Currency == "" {
		st, _ := u.store.Settings(u.ctx)
		e.Currency = st.BaseCurrency
	}
	ep.cur = f.choice("currency", T("Currency"), &e.Currency, codes, codes, true)
	ep.cur.OnChanged = func(string) { ep.recompute() }
	f.date("issued_on", T("Issued on"), &e.IssuedOn, true)
	f.date("valid_until", T("Valid until"), &e.ValidUntil, false)
	v, l := choices(data.AllEstimateStatuses, vocab.EstimateStatusText)
	f.choice("status", T("Status"), (*string)(&e.Status), v, l, true)
	covered := money.M(e.Covered, e.Currency)
	f.money("covered", T("Other sources cover"), &covered, false)
	f.text("rate", T("Stated rate"), &e.Rate, false, false)
	f.explain(T("The quote's own rate to the base currency; empty: the rate of the issue date."))
	f.text("notes", T("Notes"), &e.Notes, false, true)

	ep.linesBox = container.NewVBox()
	ep.total = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	add := newButtonWithIcon(T("Add a line"), theme.ContentAddIcon(), func() { ep.addLine(data.LineItem{}); ep.redraw() })
	header := container.NewGridWithColumns(4,
		widget.NewLabelWithStyle(T("Item"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Quantity"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Unit price"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(T("Line total"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	f.below = []fyne.CanvasObject{widget.NewSeparator(), heading(T("Lines")), header, ep.linesBox, container.NewBorder(nil, nil, add, nil, ep.total)}
	if e.ID != "" {
		items, _ := u.store.LineItems.ListFor(u.ctx, "estimate_id", e.ID)
		for _, li := range items {
			ep.addLine(li)
		}
	}
	if len(ep.lines) == 0 {
		ep.addLine(data.LineItem{})
	}
	f.validate = func() error { return u.store.Estimates.Validate(&e) }
	f.submit = func() error {
		e.Covered = covered.Minor
		if covered.Minor != 0 && covered.Currency != e.Currency {
			return &data.ValidationError{Fields: []*data.FieldError{{Field: "covered", Code: data.CodeUnknownCurrency, Params: map[string]any{"value": covered.Currency}}}}
		}
		items, err := ep.items()
		if err != nil {
			return err
		}
		err = u.store.SaveEstimate(u.ctx, &e, items, newVersion)
		var le *data.LineError
		if errors.As(err, &le) && le.Index < len(ep.lines) {
			r := ep.lines[le.Index]
			var texts []string
			for _, fe := range data.FieldErrors(le.Err) {
				texts = append(texts, fieldErrorText(fe, nil))
			}
			r.err.SetText(strings.Join(texts, " "))
			r.err.Show()
			ep.relayout()
		}
		return err
	}
	f.done = func() {
		ep.initLines = ep.snapshot()
		u.pop()
	}
	f.cancelled = u.pop
	ep.view()
	ep.redraw()
	ep.initLines = ep.snapshot()
	return ep
}

func (ep *estimatePage) addLine(li data.LineItem) {
	r := &lineRow{meta: li.Meta}
	r.desc = newFormEntry(false)
	r.desc.SetText(li.Description)
	r.qty = newFormEntry(false)
	r.price = newFormEntry(false)
	if li.QuantityMilli > 0 {
		r.qty.SetText(data.FormatQuantity(li.QuantityMilli, Language()))
		r.price.SetText(money.M(li.UnitPrice, ep.e.Currency).Number(Language()))
	} else {
		r.qty.SetText("1")
	}
	for _, e := range []*formEntry{r.desc, r.qty, r.price} {
		e.onSave, e.onEscape = ep.trySave, ep.cancel
		e.OnChanged = func(string) { ep.recompute() }
	}
	r.total = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	r.err = widget.NewLabel("")
	r.err.Importance = widget.DangerImportance
	r.err.Hide()
	remove := newButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		for i, x := range ep.lines {
			if x == r {
				ep.lines = append(ep.lines[:i], ep.lines[i+1:]...)
			}
		}
		ep.redraw()
	})
	remove.Importance = widget.LowImportance
	r.box = container.NewVBox(container.NewBorder(nil, nil, nil, remove,
		container.NewGridWithColumns(4, r.desc, r.qty, r.price, r.total)), r.err)
	ep.lines = append(ep.lines, r)
}

func (ep *estimatePage) redraw() {
	ep.linesBox.Objects = nil
	for _, r := range ep.lines {
		ep.linesBox.Add(r.box)
	}
	ep.recompute()
	ep.relayout()
}

// recompute shows each line's total and the estimate's total as typed.
func (ep *estimatePage) recompute() {
	cur := ep.cur.Selected
	sum := money.M(0, cur)
	ok := true
	for _, r := range ep.lines {
		q, err1 := data.ParseQuantity(r.qty.Text)
		p, err2 := money.Parse(r.price.Text, cur)
		if err1 != nil || err2 != nil {
			r.total.SetText("—")
			ok = false
			continue
		}
		li := data.LineItem{QuantityMilli: q, UnitPrice: p.Minor}
		t, fits := li.Total()
		if !fits {
			r.total.SetText("—")
			ok = false
			continue
		}
		r.total.SetText(fmtMoney(money.M(t, cur)))
		sum.Minor += t
	}
	text := T("Total: {{.Amount}}", map[string]any{"Amount": fmtMoney(sum)})
	if !ok {
		text += "  " + T("(lines with a dash are not counted yet)")
	}
	ep.total.SetText(text)
}

// items reads the lines; a line that cannot be read is marked beside it.
func (ep *estimatePage) items() ([]data.LineItem, error) {
	var out []data.LineItem
	var bad bool
	for _, r := range ep.lines {
		r.err.Hide()
		q, err := data.ParseQuantity(r.qty.Text)
		var problems []string
		if err != nil {
			problems = append(problems, T("Quantity")+": "+fieldErrorText(data.FieldErrors(err)[0], nil))
		}
		p, err := money.Parse(r.price.Text, ep.cur.Selected)
		if err != nil {
			problems = append(problems, T("Unit price")+": "+fieldErrorText(data.FieldErrors(err)[0], nil))
		}
		if len(problems) > 0 {
			r.err.SetText(strings.Join(problems, "  "))
			r.err.Show()
			bad = true
			continue
		}
		out = append(out, data.LineItem{Meta: r.meta, Description: r.desc.Text, QuantityMilli: q, UnitPrice: p.Minor})
	}
	ep.relayout()
	if bad {
		return nil, errors.New(T("Some lines cannot be read; see the messages beside them."))
	}
	if len(out) == 0 {
		return nil, errors.New(T("An estimate needs at least one line."))
	}
	return out, nil
}

func (ep *estimatePage) snapshot() string {
	var b strings.Builder
	for _, r := range ep.lines {
		b.WriteString(r.desc.Text + "\x00" + r.qty.Text + "\x00" + r.price.Text + "\x01")
	}
	return b.String()
}

func (ep *estimatePage) dirty() bool { return ep.form.dirty() || ep.snapshot() != ep.initLines }

func (ep *estimatePage) cancel() {
	if !ep.dirty() {
		ep.u.pop()
		return
	}
	confirmDiscard(ep.u.win, ep.u.pop)
}
