package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/lazy"
	"carebook/internal/vocab"
)

var caseNumberPrefix = lazy.Regexp(`^\d{4}-\d{3,}`)

// childByText finds the child a volunteer typed: a case number, or words of
// a name that match exactly one child.
func (u *App) childByText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	if m := caseNumberPrefix().FindString(text); m != "" {
		c, err := u.store.ChildByCase(u.ctx, m)
		if err != nil {
			return "", &data.FieldError{Field: "child_id", Code: data.CodeMissingRef}
		}
		return c.ID, nil
	}
	kids, err := u.store.ListChildSummaries(u.ctx, data.ChildFilter{Search: text, Limit: 2})
	if err != nil {
		return "", err
	}
	if len(kids) != 1 {
		return "", &data.FieldError{Field: "child_id", Code: data.CodeMissingRef}
	}
	return kids[0].ID, nil
}

// childSuggestions fills a field's menu with the children matching its text.
func (u *App) childSuggestions(e *formSelectEntry) {
	e.OnChanged = func(s string) {
		if caseNumberPrefix().MatchString(s) && strings.Contains(s, " · ") {
			return // a choice from the menu
		}
		kids, _ := u.store.ListChildSummaries(u.ctx, data.ChildFilter{Search: s, Limit: 12})
		var opts []string
		for _, k := range kids {
			opts = append(opts, k.CaseNumber+" · "+k.FullName())
		}
		e.SetOptions(opts)
	}
}

// donationEntry records donations one after another from the keyboard: Enter
// saves, the form stays open and keeps the date, currency, method, child and
// campaign for the next one.
type donationEntry struct {
	*form
	recent *fyne.Container
}

func newDonationEntry(u *App, donorID, childID string) *donationEntry {
	de := &donationEntry{form: newForm(u, T("Record donations"))}
	f := de.form
	d := &data.Donation{ReceivedOn: u.store.Today(), Method: data.MethodBank}
	var donorName, earmark string
	names := u.donorNames()
	if donorID != "" {
		donorName = names[donorID]
	}
	if childID != "" {
		if c, err := u.store.Children.Get(u.ctx, childID); err == nil {
			earmark = c.CaseNumber + " · " + c.FullName()
		}
	}
	var all []string
	for _, n := range names {
		all = append(all, n)
	}
	donor := f.suggest("donor_id", T("Donor"), &donorName, all)
	f.explain(T("Empty: the cash box, or a donor who is not known."))
	// A new donor is made here, with their details, and the donation
	// keeps everything typed meanwhile.
	f.beside(newButtonWithIcon(T("New donor…"), theme.ContentAddIcon(), func() {
		nd := &data.Donor{DisplayName: strings.TrimSpace(donor.Text)}
		u.push(donorForm(u, nd, T("New donor"), func() {
			u.pop()
			all = append(all, nd.DisplayName)
			donor.SetOptions(all)
			donor.SetText(nd.DisplayName)
		}))
	}))
	f.date("received_on", T("Received on"), &d.ReceivedOn, true)
	amount, _ := f.money("amount", T("Amount"), &d.Amount, true)
	v, l := choices(data.AllMethods, vocab.MethodText)
	f.choice("method", T("Method"), (*string)(&d.Method), v, l, true)
	child := f.suggest("child_id", T("For the child"), &earmark, nil)
	f.explain(T("Case number or name; empty: the general fund."))
	u.childSuggestions(child)
	campaign := f.text("campaign", T("Campaign"), &d.Campaign, false, false)
	ref := f.text("bank_reference", T("Bank reference"), &d.BankReference, false, false)
	note := f.text("note", T("Note"), &d.Note, false, false)
	for _, e := range []*formEntry{amount, campaign, ref, note} {
		e.onEnter = f.trySave
	}
	de.recent = container.NewVBox()
	f.below = []fyne.CanvasObject{widget.NewSeparator(), heading(T("Recorded just now")), de.recent}
	f.submit = func() error {
		d.Meta = data.Meta{}
		d.DonorID, d.ChildID = "", ""
		var problems []*data.FieldError
		if strings.TrimSpace(donorName) != "" {
			id, err := u.donorByName(donorName)
			if err != nil {
				return err
			}
			d.DonorID = id
		}
		id, err := u.childByText(earmark)
		if err != nil {
			problems = append(problems, data.FieldErrors(err)...)
		}
		d.ChildID = id
		if len(problems) > 0 {
			return &data.ValidationError{Fields: problems}
		}
		return u.store.Donations.Create(u.ctx, d)
	}
	f.done = func() {
		saved := *d
		who := donorName
		if who == "" {
			who = T("cash box")
		}
		line := widget.NewLabel(fmt.Sprintf("✓ %s   %s   %s   %s", saved.ReceivedOn.Local(Language()), fmtMoney(saved.Amount), who, earmarkText(earmark)))
		undo := newButtonWithIcon(T("Undo"), theme.ContentUndoIcon(), nil)
		row := container.NewBorder(nil, nil, nil, undo, line)
		undo.OnTapped = func() {
			if err := u.store.Donations.Delete(u.ctx, saved.ID); err != nil {
				u.showError(err)
				return
			}
			de.recent.Remove(row)
		}
		de.recent.Objects = append([]fyne.CanvasObject{row}, de.recent.Objects...)
		de.recent.Refresh()
		// Ready for the next one.
		amount.SetText("")
		ref.SetText("")
		note.SetText("")
		donor.SetText("")
		f.initial = f.values()
		f.relayout()
		u.win.Canvas().Focus(donor)
	}
	f.cancelled = u.pop
	f.view()
	return de
}

func earmarkText(s string) string {
	if strings.TrimSpace(s) == "" {
		return T("general fund")
	}
	return s
}

// donorByName finds a donor by name (folded).
func (u *App) donorByName(name string) (string, error) {
	ds, err := u.store.ListDonors(u.ctx, "")
	if err != nil {
		return "", err
	}
	for _, d := range ds {
		if data.Fold(d.DisplayName) == data.Fold(name) {
			return d.ID, nil
		}
	}
	// No donor of that name: never made silently from a typo.
	return "", &data.FieldError{Field: "donor_id", Code: codeNoSuchDonor, Params: map[string]any{"value": name}}
}

// codeNoSuchDonor: the typed donor is not in the list (New donor… makes one).
const codeNoSuchDonor = "no_such_donor"
