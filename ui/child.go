package ui

import (
	"context"
	"fmt"
	"image"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// childPage is one child's file: a header with the status, and tabs.
type childPage struct {
	u     *App
	id    string
	child *data.Child

	title    *widget.Label
	status   *widget.Label
	statusBt *button
	tabs     *container.AppTabs
	profile  *fyne.Container
	journey  *fyne.Container
	docs     *docTab
	money    *fyne.Container
	history  *fyne.Container
	root     fyne.CanvasObject
	header   *fyne.Container

	statusDialog *statusDialog
	funding      *data.Funding
	docsTab      *container.TabItem
}

func (u *App) openChild(id string) {
	p := &childPage{u: u, id: id}
	u.push(p)
	p.refresh()
	if p.child != nil {
		u.store.ViewedChild(u.ctx, p.child)
	}
}

func (p *childPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	back, title := pageTop(T("Children"), p.u.pop)
	p.title = title
	p.status = widget.NewLabel("")
	p.status.Importance = widget.HighImportance
	p.statusBt = newButtonWithIcon(T("Change status…"), theme.MediaSkipNextIcon(), p.changeStatus)
	edit := newButtonWithIcon(T("Edit"), theme.DocumentCreateIcon(), p.edit)
	printB := newButtonWithIcon(T("Print…"), theme.DocumentPrintIcon(), func() { p.u.push(newReportsPage(p.u, p.id)) })
	del := newButtonWithIcon(T("Delete"), theme.DeleteIcon(), p.delete)
	del.Importance = widget.DangerImportance
	// The name has a row of its own: never cut, whatever the language
	// makes of the buttons.
	p.title.Truncation = fyne.TextTruncateOff
	p.title.Wrapping = fyne.TextWrapWord
	header := container.NewVBox(container.NewBorder(nil, nil, back, nil, p.title),
		container.NewBorder(nil, nil, container.NewHBox(p.status, p.statusBt), container.NewHBox(edit, printB, del)))
	p.header = header

	p.profile = container.NewVBox()
	p.journey = container.NewVBox()
	p.docs = newDocTab(p)
	p.money = container.NewVBox()
	p.history = container.NewVBox()
	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(T("Profile"), theme.AccountIcon(), container.NewVScroll(container.NewPadded(p.profile))),
		container.NewTabItemWithIcon(T("Journey"), theme.HistoryIcon(), container.NewVScroll(container.NewPadded(p.journey))))
	// The medical papers only for those whose roles may see them.
	p.docsTab = container.NewTabItemWithIcon(T("Documents"), theme.FileIcon(), p.docs.root)
	if p.u.store.May(p.u.ctx, data.MayMedical) {
		p.tabs.Append(p.docsTab)
	}
	p.tabs.Append(container.NewTabItemWithIcon(T("Money"), moneyIcon, container.NewVScroll(container.NewPadded(p.money))))
	p.tabs.Append(container.NewTabItemWithIcon(T("History"), theme.ListIcon(), container.NewVScroll(container.NewPadded(p.history))))
	if !p.u.store.May(p.u.ctx, data.MayCases) {
		p.statusBt.Hide()
		edit.Hide()
		del.Hide()
	}
	p.root = container.NewBorder(container.NewPadded(header), nil, nil, nil, p.tabs)
	return p.root
}

// showTab shows the tab of that title (if the one at the keyboard has it).
func (p *childPage) showTab(title string) {
	for _, it := range p.tabs.Items {
		if it.Text == title {
			p.tabs.Select(it)
		}
	}
}

// refresh reloads the child and everything attached.
func (p *childPage) refresh() {
	p.view()
	c, err := p.u.store.Children.Get(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.child = c
	p.title.SetText(c.CaseNumber + " · " + c.FullName())
	status := StatusLabel(c.Status)
	if c.Outcome != "" {
		status += " · " + OutcomeLabel(c.Outcome)
	}
	p.status.SetText(status)
	p.header.Refresh() // the status label changed width
	if len(data.NextStatuses(c.Status)) == 0 {
		p.statusBt.Disable()
	} else {
		p.statusBt.Enable()
	}
	p.fillProfile()
	p.fillJourney()
	p.docs.refresh()
	p.fillMoney()
	p.fillHistory()
}

func (p *childPage) edit() {
	c := *p.child
	p.u.push(childForm(p.u, &c, T("Edit child"), func() { p.u.pop() }))
}

// delete moves the child to the Trash after a confirmation that says what
// stays attached.
func (p *childPage) delete() {
	n, err := p.u.store.CountDonations(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
		return
	}
	text := T("Move {{.Name}} to the Trash? Everything attached stays with the case, and Restore in the Trash brings it all back.",
		map[string]any{"Name": p.child.FullName()})
	if n > 0 {
		text += "\n\n" + TN("This child has {{.Count}} earmarked donations. They stay recorded and still count for their donors; while the case is in the Trash they do not appear in its funding.", n)
	}
	d := dialog.NewConfirm(T("Delete the case?"), text, func(ok bool) {
		if !ok {
			return
		}
		if err := p.u.store.Children.Delete(p.u.ctx, p.id); err != nil {
			p.u.showError(err)
			return
		}
		p.u.pop()
		id := p.id
		p.u.notifyTrashed(func() error { return p.u.store.Children.Restore(p.u.ctx, id) }, func() { p.u.openChild(id) })
	}, p.u.win)
	d.SetConfirmText(T("Move to Trash"))
	d.SetDismissText(T("Cancel"))
	d.Show()
}

// pageTop makes the back button and the title label of a record's page.
func pageTop(backTo string, back func()) (*button, *widget.Label) {
	b := newButtonWithIcon(backTo, theme.NavigateBackIcon(), back)
	b.Importance = widget.LowImportance
	t := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	t.Truncation = fyne.TextTruncateEllipsis
	return b, t
}

// detail is one "label: value" line of the profile.
func detail(label, value string) []fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	v := widget.NewLabel(value)
	v.Wrapping = fyne.TextWrapWord
	if value == "" {
		v.SetText("—")
		v.Importance = widget.LowImportance
	}
	return []fyne.CanvasObject{l, v}
}

func heading(text string) *widget.Label {
	h := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	return h
}

func (p *childPage) fillProfile() {
	c, lang := p.child, Language()
	today := p.u.store.Today()
	birth := c.BirthDate.Local(lang)
	if a := c.AgeOn(today); a >= 0 {
		birth += "  (" + T("age {{.Years}}", map[string]any{"Years": a}) + ")"
	}
	grid := container.New(layout.NewFormLayout())
	for _, row := range [][]fyne.CanvasObject{
		detail(T("Birth date"), birth),
		detail(T("Sex"), SexLabel(c.Sex)),
		detail(T("Name in Latin letters"), c.LatinName),
		detail(T("Region"), c.Region),
		detail(T("Settlement"), c.Settlement),
		detail(T("Address"), c.Address),
		detail(T("Diagnosis"), c.Diagnosis),
		detail(T("ICD-10"), c.ICD10),
		detail(T("Program"), c.Program),
		detail(T("Urgency"), UrgencyLabel(c.Urgency)),
		detail(T("Volunteer"), c.Volunteer),
		detail(T("Story"), c.Story),
	} {
		grid.Add(row[0])
		grid.Add(row[1])
	}
	left := container.NewVBox()
	if c.PhotoID != "" {
		photo := canvas.NewImageFromResource(theme.AccountIcon())
		photo.FillMode = canvas.ImageFillContain
		photo.SetMinSize(fyne.NewSize(150, 180))
		left.Add(container.NewHBox(photo))
		id := c.PhotoID
		background(func() image.Image {
			d, err := p.u.store.Documents.Get(p.u.ctx, id)
			if err != nil || d.Deleted() {
				return nil
			}
			img, err := p.u.store.DocumentImage(d)
			if err != nil {
				return nil
			}
			return data.Thumbnail(img, 360)
		}, func(img image.Image) {
			if img != nil {
				photo.Resource, photo.Image = nil, img
				photo.Refresh()
			}
		})
	}
	left.Add(grid)
	guardians, err := p.u.store.Guardians.ListFor(p.u.ctx, "child_id", c.ID)
	if err != nil {
		p.u.showError(err)
	}
	consents, err := p.u.store.Consents.ListFor(p.u.ctx, "child_id", c.ID)
	if err != nil {
		p.u.showError(err)
	}
	right := container.NewVBox(heading(T("Guardians")))
	if len(guardians) == 0 {
		right.Add(hint(T("No guardian yet. Add the parent or legal guardian.")))
	}
	names := map[string]string{}
	for i := range guardians {
		g := guardians[i]
		names[g.ID] = g.FullName
		line := g.FullName + " · " + RelationLabel(g.Relation)
		sub := data.JoinNonEmpty("  ·  ", g.Phones, g.Email, LanguageName(g.Language))
		right.Add(itemRow(line, sub,
			func() { p.u.push(guardianForm(p.u, &g, T("Edit guardian"), p.u.pop)) },
			func() { p.trash(T("guardian"), p.u.store.Guardians, g.ID) }))
	}
	right.Add(addButton(T("Add guardian"), func() {
		g := &data.Guardian{ChildID: c.ID, Relation: data.RelationMother}
		p.u.push(guardianForm(p.u, g, T("New guardian"), p.u.pop))
	}))
	right.Add(widget.NewSeparator())
	right.Add(heading(T("Consents")))
	if len(consents) == 0 {
		right.Add(hint(T("No consent recorded. Nothing about this child may be published.")))
	}
	for i := range consents {
		k := consents[i]
		state := T("valid")
		switch {
		case !k.WithdrawnOn.IsZero() && !today.Before(k.WithdrawnOn):
			state = T("withdrawn on {{.Date}}", map[string]any{"Date": k.WithdrawnOn.Local(lang)})
		case !k.ExpiresOn.IsZero() && k.ExpiresOn.Before(today):
			state = T("expired on {{.Date}}", map[string]any{"Date": k.ExpiresOn.Local(lang)})
		case !k.ExpiresOn.IsZero():
			state = T("valid until {{.Date}}", map[string]any{"Date": k.ExpiresOn.Local(lang)})
		}
		sub := T("granted on {{.Date}}", map[string]any{"Date": k.GrantedOn.Local(lang)})
		if n := names[k.GuardianID]; n != "" {
			sub += " · " + n
		}
		right.Add(itemRow(ConsentLabel(k.Kind)+" — "+state, sub,
			func() { p.u.push(consentForm(p.u, &k, guardians, T("Edit consent"), p.u.pop)) },
			func() { p.trash(T("consent"), p.u.store.Consents, k.ID) }))
	}
	right.Add(addButton(T("Add consent"), func() {
		k := &data.Consent{ChildID: c.ID, GrantedOn: today}
		if len(guardians) > 0 {
			k.GuardianID = guardians[0].ID
		}
		p.u.push(consentForm(p.u, k, guardians, T("New consent"), p.u.pop))
	}))
	p.profile.Objects = []fyne.CanvasObject{container.NewGridWithColumns(2, left, right)}
	p.profile.Refresh()
}

// trashable is a table whose rows go to the Trash and come back.
type trashable interface {
	Delete(ctx context.Context, id string) error
	Restore(ctx context.Context, id string) error
}

// trash moves an attached record to the Trash after asking, redraws the
// page, and offers Undo for a while.
func (p *childPage) trash(what string, t trashable, id string) {
	u := p.u
	dialog.ShowConfirm(T("Move to Trash?"), T("Move this {{.What}} to the Trash? You can restore it from there.",
		map[string]any{"What": what}), func(ok bool) {
		if !ok {
			return
		}
		if err := t.Delete(u.ctx, id); err != nil {
			u.showError(err)
			return
		}
		p.refresh()
		u.notifyTrashed(func() error { return t.Restore(u.ctx, id) }, p.refresh)
	}, u.win)
}

func (p *childPage) fillJourney() {
	events, err := p.u.store.JourneyEvents.ListFor(p.u.ctx, "child_id", p.id)
	if err != nil {
		p.u.showError(err)
	}
	box := p.journey
	box.Objects = nil
	box.Add(addButton(T("Add journey event"), func() {
		e := &data.JourneyEvent{ChildID: p.id, On: p.u.store.Today(), Kind: data.EventNote}
		p.u.push(eventForm(p.u, e, T("New journey event"), p.u.pop))
	}))
	if len(events) == 0 {
		box.Add(hint(T("The journey is empty. Add the appeal, consultations, operations and their outcome as they happen.")))
	}
	for i := len(events) - 1; i >= 0; i-- { // newest first
		e := events[i]
		line := e.On.Local(Language()) + "   " + EventLabel(e.Kind) + " — " + e.Title
		sub := data.JoinNonEmpty("  ·  ", e.Place, e.Description)
		if docs, _ := p.u.store.EventDocuments(p.u.ctx, e.ID); len(docs) > 0 {
			var names []string
			for _, d := range docs {
				names = append(names, d.Title)
			}
			sub = data.JoinNonEmpty("\n", sub, T("Documents")+": "+strings.Join(names, ", "))
		}
		box.Add(itemRow(line, sub,
			func() { p.u.push(eventForm(p.u, &e, T("Edit journey event"), p.u.pop)) },
			func() {
				p.trash(T("journey event"), p.u.store.JourneyEvents, e.ID)
			}))
	}
	box.Refresh()
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return strconv.FormatInt(n/(1<<10), 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func (p *childPage) fillHistory() {
	hist, err := p.u.store.History(p.u.ctx, p.id)
	if err != nil {
		p.u.showError(err)
	}
	box := p.history
	box.Objects = nil
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		line := StatusLabel(h.To)
		if h.From != "" {
			line = StatusLabel(h.From) + " → " + line
		} else {
			line = T("Case opened") + ": " + line
		}
		if h.Outcome != "" {
			line += " (" + OutcomeLabel(h.Outcome) + ")"
		}
		when := h.At.Local().Format("2006-01-02 15:04")
		if Language() != "en" {
			when = data.Moment(h.At.Time, Language())
		}
		box.Add(itemRow(line, data.JoinNonEmpty("  ·  ", when, h.By, h.Reason), nil, nil))
	}
	box.Refresh()
}

// itemRow is a line of a short list with optional Edit and Delete buttons.
func itemRow(title, sub string, onEdit, onDelete func()) fyne.CanvasObject {
	t := widget.NewLabel(title)
	t.Wrapping = fyne.TextWrapWord
	t.TextStyle.Bold = true
	texts := container.NewVBox(t)
	if sub != "" {
		s := widget.NewLabel(sub)
		s.Wrapping = fyne.TextWrapWord
		s.SizeName = theme.SizeNameCaptionText
		texts.Add(s)
	}
	var buttons []fyne.CanvasObject
	if onEdit != nil {
		b := newButtonWithIcon("", theme.DocumentCreateIcon(), onEdit)
		b.Importance = widget.LowImportance
		buttons = append(buttons, b)
	}
	if onDelete != nil {
		b := newButtonWithIcon("", theme.DeleteIcon(), onDelete)
		b.Importance = widget.LowImportance
		buttons = append(buttons, b)
	}
	return container.NewBorder(nil, widget.NewSeparator(), nil, container.NewHBox(buttons...), texts)
}

func addButton(text string, tapped func()) fyne.CanvasObject {
	b := newButtonWithIcon(text, theme.ContentAddIcon(), tapped)
	return container.NewHBox(b)
}

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle.Italic = true
	return l
}
