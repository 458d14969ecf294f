package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
)

// childForm edits a child; done runs after a successful save.
func childForm(u *App, c *data.Child, title string, done func()) *form {
	f := newForm(u, title)
	f.text("last_name", T("Last name"), &c.LastName, true, false)
	f.text("first_name", T("First name"), &c.FirstName, true, false)
	f.text("middle_name", T("Middle name"), &c.MiddleName, false, false)
	f.text("latin_name", T("Name in Latin letters"), &c.LatinName, false, false)
	f.date("birth_date", T("Birth date"), &c.BirthDate, true)
	v, l := choices(data.AllSexes, vocab.SexText)
	f.choice("sex", T("Sex"), (*string)(&c.Sex), v, l, false)
	regions, _ := u.valuesOf("region")
	f.suggest("region", T("Region"), &c.Region, regions)
	f.text("settlement", T("Settlement"), &c.Settlement, false, false)
	f.text("address", T("Address"), &c.Address, false, false)
	f.text("diagnosis", T("Diagnosis"), &c.Diagnosis, false, true)
	f.text("icd10", T("ICD-10"), &c.ICD10, false, false).SetPlaceHolder(T("for example {{.Example}}", map[string]any{"Example": "Q81.2"}))
	programs, _ := u.valuesOf("program")
	f.suggest("program", T("Program"), &c.Program, programs)
	v, l = choices(data.AllUrgencies, vocab.UrgencyText)
	if c.Urgency == "" {
		c.Urgency = data.UrgencyNormal
	}
	f.choice("urgency", T("Urgency"), (*string)(&c.Urgency), v, l, true)
	volunteers, _ := u.valuesOf("volunteer")
	f.suggest("volunteer", T("Volunteer"), &c.Volunteer, volunteers)
	f.text("story", T("Story"), &c.Story, false, true).SetMinRowsVisible(6)
	f.validate = func() error { return u.store.Children.Validate(c) }
	f.submit = func() error {
		if c.ID == "" {
			return u.store.Children.Create(u.ctx, c)
		}
		return u.store.Children.Update(u.ctx, c)
	}
	f.done = done
	f.cancelled = u.pop
	return f
}

// newChild opens the form for a new case, on the children list.
func (u *App) newChild() {
	if u.current != u.sectionIndex("children") || len(u.stack) != 1 {
		u.showSectionKey("children")
	}
	c := &data.Child{}
	u.push(childForm(u, c, T("New child"), func() {
		u.pop()
		u.openChild(c.ID)
	}))
}

func guardianForm(u *App, g *data.Guardian, title string, done func()) *form {
	f := newForm(u, title)
	f.text("full_name", T("Full name"), &g.FullName, true, false)
	v, l := choices(data.AllRelations, vocab.RelationText)
	f.choice("relation", T("Relation to the child"), (*string)(&g.Relation), v, l, true)
	f.text("phones", T("Phones"), &g.Phones, false, false).SetPlaceHolder(T("for example {{.Example}}", map[string]any{"Example": "+7 701 123 45 67"}))
	f.text("email", T("E-mail"), &g.Email, false, false)
	f.text("address", T("Address"), &g.Address, false, false)
	v, l = choices(data.AllLanguages, vocab.LanguageText)
	f.choice("language", T("Preferred language"), (*string)(&g.Language), v, l, false)
	f.text("id_document", T("Identity document number"), &g.IDDocument, false, false)
	f.text("note", T("Note"), &g.Note, false, true)
	f.validate = func() error { return u.store.Guardians.Validate(g) }
	f.submit = func() error {
		if g.ID == "" {
			return u.store.Guardians.Create(u.ctx, g)
		}
		return u.store.Guardians.Update(u.ctx, g)
	}
	f.done = done
	f.cancelled = u.pop
	return f
}

func consentForm(u *App, k *data.Consent, guardians []data.Guardian, title string, done func()) *form {
	f := newForm(u, title)
	v, l := choices(data.AllConsentKinds, vocab.ConsentText)
	f.choice("kind", T("Consent to"), (*string)(&k.Kind), v, l, true)
	var ids, names []string
	for _, g := range guardians {
		ids = append(ids, g.ID)
		names = append(names, g.FullName+" ("+RelationLabel(g.Relation)+")")
	}
	f.choice("guardian_id", T("Granted by"), &k.GuardianID, ids, names, false)
	f.date("granted_on", T("Granted on"), &k.GrantedOn, true)
	f.date("expires_on", T("Expires on"), &k.ExpiresOn, false)
	f.date("withdrawn_on", T("Withdrawn on"), &k.WithdrawnOn, false)
	f.text("note", T("Note"), &k.Note, false, true)
	f.validate = func() error { return u.store.Consents.Validate(k) }
	f.submit = func() error {
		if k.ID == "" {
			return u.store.Consents.Create(u.ctx, k)
		}
		return u.store.Consents.Update(u.ctx, k)
	}
	f.done = done
	f.cancelled = u.pop
	return f
}

func eventForm(u *App, e *data.JourneyEvent, title string, done func()) *form {
	f := newForm(u, title)
	f.date("on_date", T("Date"), &e.On, true)
	v, l := choices(data.AllEventKinds, vocab.EventText)
	f.choice("kind", T("Kind"), (*string)(&e.Kind), v, l, true)
	f.text("title", T("Title"), &e.Title, true, false)
	f.text("place", T("Place or clinic"), &e.Place, false, false)
	f.text("description", T("What happened"), &e.Description, false, true).SetMinRowsVisible(6)
	// The child's documents, to link to the event.
	docs, _ := u.store.Documents.ListFor(u.ctx, "child_id", e.ChildID)
	var ids, names, linked []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		names = append(names, DocumentKindLabel(d.Kind)+": "+d.Title)
	}
	if e.ID != "" {
		cur, _ := u.store.EventDocuments(u.ctx, e.ID)
		for _, d := range cur {
			linked = append(linked, d.ID)
		}
	}
	if len(docs) > 0 {
		f.multi("documents", T("Documents"), ids, names, &linked)
	}
	f.validate = func() error { return u.store.JourneyEvents.Validate(e) }
	f.submit = func() error { return u.store.SaveJourneyEvent(u.ctx, e, linked) }
	f.done = done
	f.cancelled = u.pop
	return f
}

// changeStatus offers only the statuses the workflow allows next, asks for
// a reason (required where the store requires one) and an outcome for closing.
func (p *childPage) changeStatus() {
	next := data.NextStatuses(p.child.Status)
	if len(next) == 0 {
		return
	}
	var labels []string
	for _, s := range next {
		labels = append(labels, StatusLabel(s))
	}
	to := widget.NewSelect(labels, nil)
	reason := newFormEntry(true)
	reason.SetPlaceHolder(T("Why? (required when declining, pausing, closing or reopening)"))
	ov, ol := choices(data.AllOutcomes, vocab.OutcomeText)
	outcome := widget.NewSelect(ol, nil)
	outcomeRow := container.NewVBox(widget.NewLabel(T("How did the case end?")), outcome)
	outcomeRow.Hide()
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	// Review wants the required papers: say which are missing before the
	// volunteer goes on without them (with a reason).
	papers := widget.NewLabel("")
	papers.Importance = widget.WarningImportance
	papers.Wrapping = fyne.TextWrapWord
	papers.Hide()
	if missing, err := p.u.store.MissingPapers(p.u.ctx, p.id); err == nil && len(missing) > 0 {
		var kinds []data.DocumentKind
		for _, m := range missing {
			kinds = append(kinds, m.Kind)
		}
		papers.SetText(missingPapersText(kinds))
	}
	to.OnChanged = func(string) {
		i := to.SelectedIndex()
		if i >= 0 && next[i] == data.StatusClosed {
			outcomeRow.Show()
		} else {
			outcomeRow.Hide()
		}
		if i >= 0 && next[i] == data.StatusReview && papers.Text != "" {
			papers.Show()
		} else {
			papers.Hide()
		}
	}
	to.SetSelectedIndex(0)
	to.OnChanged("")
	current := widget.NewLabel(T("Now: {{.Status}}", map[string]any{"Status": StatusLabel(p.child.Status)}))
	content := container.NewVBox(current, widget.NewLabel(T("New status")), to, outcomeRow, papers,
		widget.NewLabel(T("Reason")), reason, problem)
	var d *dialog.CustomDialog
	apply := func() {
		i := to.SelectedIndex()
		var oc data.Outcome
		if j := outcome.SelectedIndex(); j >= 0 {
			oc = data.Outcome(ov[j])
		}
		err := p.u.store.ChangeStatus(p.u.ctx, p.id, next[i], oc, reason.Text)
		if err != nil {
			problem.SetText(errorText(err))
			problem.Show()
			return
		}
		d.Hide()
		p.refresh()
	}
	ok := newButton(T("Change status"), apply)
	ok.Importance = widget.HighImportance
	cancel := newButton(T("Cancel"), func() { d.Hide() })
	reason.onSave = apply
	reason.onEscape = func() { d.Hide() }
	d = dialog.NewCustomWithoutButtons(T("Change status"), content, p.u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	// Nothing has the focus: Enter changes the status, Esc cancels, Tab
	// goes through the choices and the reason (where Ctrl+Enter confirms).
	p.statusDialog = &statusDialog{to: to, reason: reason, outcome: outcome, problem: problem, papers: papers, apply: apply, dialog: d}
}

// statusDialog is the open status dialog's parts (tests drive them).
type statusDialog struct {
	to, outcome *widget.Select
	reason      *formEntry
	problem     *widget.Label
	papers      *widget.Label
	apply       func()
	dialog      *dialog.CustomDialog
}

// missingPapersText names the required papers a case lacks.
func missingPapersText(kinds []data.DocumentKind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, DocumentKindLabel(k))
	}
	return TN("{{.Count}} required papers are missing or out of date: {{.Names}}. To go on without them, say why below.",
		len(kinds), map[string]any{"Names": strings.Join(names, ", ")})
}
