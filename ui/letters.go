package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/internal/vocab"
	"carebook/reports"
)

// lettersPage is the Letters screen: the donations still waiting for a
// thank-you, oldest first, so no donor is forgotten.
type lettersPage struct {
	u       *App
	count   *widget.Label
	bar     *fyne.Container // the count and the buttons
	list    *widget.List
	body    *fyne.Container
	waiting []data.Donation
	names   map[string]string
	root    fyne.CanvasObject
}

func newLettersPage(u *App) page { return &lettersPage{u: u} }

func (p *lettersPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	p.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.list = widget.NewList(func() int { return len(p.waiting) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(p.waiting) {
			return
		}
		d := p.waiting[i]
		who := p.names[d.DonorID]
		days := int(time.Since(d.ReceivedOn.Time()).Hours() / 24)
		o.(*widget.Label).SetText(fmt.Sprintf("%s   %s   %s   %s", d.ReceivedOn.Local(Language()), fmtMoney(d.Amount), who,
			T("days waiting: {{.Days}}", map[string]any{"Days": days})))
	})
	write := newButtonWithIcon(T("Write thank-you letters…"), theme.MailComposeIcon(), func() {
		p.u.push(newLetterBatchPage(p.u, data.TemplateDonationThanks, ""))
	})
	write.Importance = widget.HighImportance
	receipts := newButtonWithIcon(T("Receipts…"), theme.DocumentIcon(), func() {
		p.u.push(newLetterBatchPage(p.u, data.TemplateReceipt, ""))
	})
	templates := newButtonWithIcon(T("Letter templates…"), theme.DocumentCreateIcon(), func() { p.u.push(newTemplatesPage(p.u)) })
	p.bar = container.NewHBox(p.count, write, receipts, templates)
	top := container.NewVBox(heading(T("Waiting for a thank-you")), p.bar)
	p.body = container.NewStack(p.list)
	p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, p.body)
	return p.root
}

func (p *lettersPage) refresh() {
	p.view()
	w, err := p.u.store.Unthanked(p.u.ctx)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.waiting, p.names = w, p.u.donorNames()
	p.count.SetText(T("Donations not yet thanked: {{.Count}}", map[string]any{"Count": len(w)}))
	p.bar.Refresh() // laid out again around the count's new width
	if len(w) == 0 {
		p.body.Objects = []fyne.CanvasObject{emptyState(T("Every donation has been thanked."), T("New donations will appear here until a letter thanks them."))}
	} else {
		p.body.Objects = []fyne.CanvasObject{p.list}
	}
	p.body.Refresh()
	p.list.Refresh()
}

// letterBatchPage chooses a batch, previews it, and writes it.
type letterBatchPage struct {
	*form
	opts    *reports.LetterOptions
	plan    *reports.LetterPlan
	preview *fyne.Container
	write   *button
	folder  *widget.Label
	child   string
}

func newLetterBatchPage(u *App, kind data.TemplateKind, childID string) *letterBatchPage {
	o := &reports.LetterOptions{Lang: Language()}
	o.Kind = kind
	o.To = u.store.Today()
	o.From = o.To.AddDays(-30)
	if w, err := u.store.Unthanked(u.ctx); err == nil && len(w) > 0 {
		o.From = w[0].ReceivedOn
	}
	bp := &letterBatchPage{form: newForm(u, T("Letters to donors")), opts: o}
	f := bp.form
	if childID != "" {
		if c, err := u.store.Children.Get(u.ctx, childID); err == nil {
			bp.child = c.CaseNumber + " · " + c.FullName()
		}
	}
	v, l := choices(data.AllTemplateKinds, vocab.TemplateKindText)
	f.choice("kind", T("Letter"), (*string)(&o.Kind), v, l, true)
	f.date("from", T("Donations received from"), &o.From, false)
	f.date("to", T("To"), &o.To, false)
	child := f.suggest("child_id", T("Or a child"), &bp.child, nil)
	f.explain(T("Every donor of this child (case number or name), whatever the period."))
	u.childSuggestions(child)
	f.check("include", T("Also donations that already have such a letter"), &o.IncludeCovered)
	bp.folder = widget.NewLabel(T("(not chosen)"))
	pick := newButtonWithIcon(T("Choose a folder…"), theme.FolderIcon(), bp.pickFolder)
	clear := newButtonWithIcon("", theme.ContentClearIcon(), func() { o.PerDonorDir = ""; bp.folder.SetText(T("(not chosen)")) })
	bp.preview = container.NewVBox()
	bp.write = newButtonWithIcon(T("Write the letters…"), theme.MailSendIcon(), bp.askWhere)
	bp.write.Importance = widget.SuccessImportance
	bp.write.Disable()
	f.below = []fyne.CanvasObject{
		container.NewHBox(widget.NewLabelWithStyle(T("Also one PDF per donor, for e-mail, in:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), bp.folder, pick, clear),
		widget.NewSeparator(), heading(T("Preview")), bp.preview}
	// Beside Preview at the foot of the page, where no long preview can
	// push it out of sight.
	f.extra = []fyne.CanvasObject{bp.write}
	f.submit = bp.makePlan
	f.done = func() {}
	f.cancelled = u.pop
	f.view()
	f.save.SetText(T("Preview"))
	f.save.SetIcon(theme.SearchIcon())
	bp.preview.Add(hint(T("Choose the letters and press Preview: nothing is written before you confirm.")))
	return bp
}

func (bp *letterBatchPage) pickFolder() {
	bp.u.chooseFolder(func(dir string) {
		bp.opts.PerDonorDir = dir
		bp.folder.SetText(dir)
	})
}

// makePlan works out the batch and shows who gets a letter and who not.
func (bp *letterBatchPage) makePlan() error {
	u, o := bp.u, bp.opts
	o.ChildID = ""
	if strings.TrimSpace(bp.child) != "" {
		id, err := u.childByText(bp.child)
		if err != nil {
			return err
		}
		o.ChildID = id
	}
	plan, err := reports.PlanLetters(u.ctx, u.store, *o)
	if err != nil {
		return err
	}
	bp.plan = plan
	box := bp.preview
	box.Objects = nil
	if len(plan.Letters) == 0 {
		box.Add(hint(T("No donation is waiting for this letter. Nothing would be written.")))
		bp.write.Disable()
	} else {
		box.Add(widget.NewLabelWithStyle(T("Letters: {{.Letters}}, covering donations: {{.Donations}}.",
			map[string]any{"Letters": len(plan.Letters), "Donations": plan.Donations}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		bp.write.Enable()
	}
	for _, l := range plan.Letters {
		var notes []string
		for _, w := range l.Warnings {
			notes = append(notes, letterWarningText(w, l.Lang))
		}
		box.Add(itemRow(l.Donor.DisplayName+" — "+reportLangName(l.Lang),
			data.JoinNonEmpty("  ·  ", T("donations: {{.Count}}", map[string]any{"Count": len(l.Donations)}), strings.Join(notes, "; ")), nil, nil))
	}
	for _, sk := range plan.Skipped {
		who, why := sk.Who, T("the donor is in the Trash")
		if sk.Reason == "no_donor" {
			who, why = T("cash box"), T("no donor to write to")
		}
		r := widget.NewLabel(T("Skipped: {{.Who}} (donations: {{.Count}}): {{.Why}}", map[string]any{"Who": who, "Count": sk.Donations, "Why": why}))
		r.Importance = widget.WarningImportance
		box.Add(r)
	}
	bp.relayout()
	return nil
}

func letterWarningText(code, lang string) string {
	name := reportLangName(lang)
	switch code {
	case "no_language":
		return T("no preferred language: written in {{.Lang}}", map[string]any{"Lang": name})
	case "no_template_language":
		return T("no letters in the donor's language: written in {{.Lang}}", map[string]any{"Lang": name})
	case "name_characters":
		return T("the name has characters the letter font cannot print; they print as ?")
	}
	return code
}

func (bp *letterBatchPage) askWhere() {
	name := filestore.SafeFileName(fmt.Sprintf("%s %s.pdf", bp.opts.Kind, bp.u.store.Today()), "letters.pdf")
	bp.u.chooseSaveAs(name, []string{".pdf"}, bp.writeTo)
}

// writeTo writes the batch with a progress dialog; the donations are marked
// only when everything was written.
func (bp *letterBatchPage) writeTo(path string) {
	u := bp.u
	plan, o := bp.plan, *bp.opts
	o.Out = path
	runLong(u, longJob{title: T("Writing the letters…")}, func(j *job) any {
		res, err := reports.WriteLetters(j.ctx, u.store, plan, o)
		if err != nil {
			return err
		}
		return res
	}, func(v any) {
		if err, ok := v.(error); ok {
			u.showError(err)
			return
		}
		res := v.(*reports.LetterResult)
		bp.write.Disable()
		bp.plan = nil
		text := T("Letters written: {{.Letters}}. Donations marked as thanked: {{.Donations}}.", map[string]any{"Letters": res.Letters, "Donations": res.Donations})
		if len(res.Files) > 0 {
			text += "\n" + T("One file per donor is in {{.Dir}}.", map[string]any{"Dir": filepath.Dir(res.Files[0])})
		}
		for _, o := range res.Unfinished {
			text += "\n\n" + T("{{.Path}} (written {{.When}}) was not finished: Carebook was stopped before its letters were recorded. Its letters are in this batch again; do not send the earlier file.",
				map[string]any{"Path": o.Path, "When": whenText(o.Started)})
		}
		u.offerOpen(T("The letters are ready"), text, path)
	})
}

// templatesPage lists the letter templates and the shipped defaults.
type templatesPage struct {
	u    *App
	box  *fyne.Container
	root fyne.CanvasObject
}

func newTemplatesPage(u *App) *templatesPage { return &templatesPage{u: u} }

func (p *templatesPage) view() fyne.CanvasObject {
	if p.root == nil {
		p.box = container.NewVBox()
		back := newButtonWithIcon(T("Letters"), theme.NavigateBackIcon(), p.u.pop)
		back.Importance = widget.LowImportance
		top := container.NewVBox(container.NewHBox(back), heading(T("Letter templates")),
			hint(T("Each kind of letter has a text per language. Carebook ships good ones; a template you save here is used instead.")))
		p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(p.box)))
		p.refresh()
	}
	return p.root
}

func (p *templatesPage) refresh() {
	if p.box == nil {
		return
	}
	saved, _ := p.u.store.Templates.All(p.u.ctx)
	p.box.Objects = nil
	for _, k := range data.AllTemplateKinds {
		for i, lang := range reportLangs {
			var own *data.LetterTemplate
			for j := range saved {
				if saved[j].Kind == k && string(saved[j].Language) == lang {
					own = &saved[j]
				}
			}
			title := label(vocab.TemplateKindText, k) + " — " + reportLangNames[i]
			sub := T("the text shipped with Carebook")
			t := &data.LetterTemplate{Kind: k, Language: data.Language(lang), Name: title, Body: reports.DefaultTemplate(k, lang)}
			if own != nil {
				t, sub = own, T("your own text")+": "+own.Name
			}
			p.box.Add(itemRow(title, sub, func() { p.u.push(newTemplateEditor(p.u, t)) }, nil))
		}
	}
	p.box.Refresh()
}

// newTemplateEditor edits a template with the list of merge fields and a
// live preview on a real donor's donations.
func newTemplateEditor(u *App, src *data.LetterTemplate) *form {
	t := *src
	f := newForm(u, T("Letter template"))
	f.text("name", T("Name"), &t.Name, true, false)
	body := f.text("body", T("Text"), &t.Body, true, true)
	body.SetMinRowsVisible(16)
	preview := widget.NewLabel("")
	preview.Wrapping = fyne.TextWrapWord
	st, _ := u.store.Settings(u.ctx)
	samples := sampleLetters(u, string(t.Language), 60)
	var sample *reports.PlannedLetter
	if len(samples) > 0 {
		sample = &samples[0].letter
	}
	update := func() {
		if sample == nil {
			preview.SetText(T("No donation to show the letter on yet."))
			return
		}
		sample.Template = body.Text
		text, err := data.RenderTemplate(body.Text, reports.LetterDataFor(u.ctx, u.store, st, t.Kind, *sample, time.Now(), 1))
		if err != nil {
			preview.SetText(errorText(err))
			preview.Importance = widget.DangerImportance
		} else {
			preview.SetText(text)
			preview.Importance = widget.MediumImportance
		}
		preview.Refresh()
	}
	body.OnChanged = func(string) { update() }
	fields := container.NewGridWrap(fyne.NewSize(170, 36))
	for _, name := range data.LetterFields {
		snippet := "{{." + name + "}}"
		switch name {
		case "Donations":
			snippet = "{{range .Donations}}\n  • {{.Date}} — {{.Amount}}{{end}}"
		case "Events":
			snippet = "{{range .Events}}\n  • {{.Date}} — {{.Title}}{{end}}"
		}
		b := newButton(name, func() { insertAtCursor(body, snippet); u.win.Canvas().Focus(body) })
		b.Importance = widget.LowImportance
		fields.Add(b)
	}
	var labels []string
	for _, s := range samples {
		labels = append(labels, s.label)
	}
	choose := widget.NewSelect(labels, func(l string) {
		for i := range samples {
			if samples[i].label == l {
				sample = &samples[i].letter
			}
		}
		update()
	})
	if len(labels) > 0 {
		choose.SetSelectedIndex(0)
	}
	f.below = []fyne.CanvasObject{widget.NewSeparator(), heading(T("Fields you can use")), fields,
		widget.NewSeparator(), container.NewBorder(nil, nil, heading(T("Preview")), nil, choose), preview}
	f.submit = func() error {
		if t.ID == "" {
			return u.store.Templates.Create(u.ctx, &t)
		}
		return u.store.Templates.Update(u.ctx, &t)
	}
	f.done = u.pop
	f.cancelled = u.pop
	f.view()
	update()
	return f
}

// insertAtCursor puts text where the cursor is in a multi-line entry.
func insertAtCursor(e *formEntry, text string) {
	lines := strings.Split(e.Text, "\n")
	row, col := e.CursorRow, e.CursorColumn
	if row >= len(lines) {
		e.SetText(e.Text + text)
		return
	}
	r := []rune(lines[row])
	col = min(col, len(r))
	lines[row] = string(r[:col]) + text + string(r[col:])
	e.SetText(strings.Join(lines, "\n"))
}

// sample is a real donor's letter to preview a template on.
type sample struct {
	label  string // the donation, as the chooser lists it
	letter reports.PlannedLetter
}

// sampleLetters are letters on the newest donations with a known donor
// (at most max), for the template editor's preview.
func sampleLetters(u *App, lang string, max int) []sample {
	dons, err := u.store.Donations.All(u.ctx)
	if err != nil {
		return nil
	}
	var out []sample
	for i := len(dons) - 1; i >= 0 && len(out) < max; i-- {
		d := dons[i]
		if d.DonorID == "" {
			continue
		}
		donor, err := u.store.Donors.Get(u.ctx, d.DonorID)
		if err != nil {
			continue
		}
		pl := reports.PlannedLetter{Donor: donor, Lang: lang, Donations: []data.DonationForLetter{d.ForLetter()}}
		if d.ChildID != "" {
			pl.Child, _ = u.store.Children.Get(u.ctx, d.ChildID)
		}
		label := d.ReceivedOn.Local(Language()) + " · " + donor.DisplayName + " · " + d.Amount.Format(Language())
		out = append(out, sample{label: label, letter: pl})
	}
	return out
}
