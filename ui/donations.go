package ui

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/vocab"
)

var caseNumberPrefix = regexp.MustCompile(`^\d{4}-\d{3,}`)

// childByText finds the child a volunteer typed: a case number, or words of
// a name that match exactly one child.
func (u *App) childByText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	if m := caseNumberPrefix.FindString(text); m != "" {
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
		if caseNumberPrefix.MatchString(s) && strings.Contains(s, " · ") {
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
	f.beside(widget.NewButtonWithIcon(T("New donor…"), theme.ContentAddIcon(), func() {
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
		undo := widget.NewButtonWithIcon(T("Undo"), theme.ContentUndoIcon(), nil)
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

// importPage previews a bank statement before anything is written: what it
// found, how the columns map, and what each row will become.
type importPage struct {
	u       *App
	path    string
	raw     *data.RawStatement
	st      *data.Statement
	opts    data.StatementOptions
	info    *widget.Label
	counts  *widget.Label
	table   *widget.Table
	button  *widget.Button
	selects map[string]*widget.Select
	child   *formSelectEntry
	root    fyne.CanvasObject
}

func (u *App) importStatement() { u.chooseFile([]string{".csv", ".txt"}, u.openImport) }

func (u *App) openImport(path string) {
	f, err := os.Open(path)
	if err != nil {
		u.showError(&data.FileError{Path: path, Kind: data.FileUnreadable, Err: err})
		return
	}
	raw, err := data.ReadStatement(f)
	f.Close()
	if err != nil {
		u.showError(err)
		return
	}
	p := &importPage{u: u, path: path, raw: raw}
	u.push(p)
	p.prepare()
}

func (p *importPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	p.info = widget.NewLabel("")
	p.info.Wrapping = fyne.TextWrapWord
	p.counts = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.selects = map[string]*widget.Select{}
	mapping := container.NewHBox()
	for _, k := range []struct{ key, label string }{
		{"date", T("Date")}, {"amount", T("Amount")}, {"currency", T("Currency")}, {"donor", T("Donor")}, {"reference", T("Bank reference")},
	} {
		s := widget.NewSelect(nil, nil)
		p.selects[k.key] = s
		mapping.Add(container.NewVBox(widget.NewLabel(k.label), s))
	}
	codes := append([]string{"—"}, data.CurrencyCodes()...)
	cur := widget.NewSelect(codes, nil)
	cur.SetSelected("—")
	p.selects["code"] = cur
	mapping.Add(container.NewVBox(widget.NewLabel(T("Currency of every row")), cur))
	p.child = newFormSelectEntry(nil)
	p.child.SetPlaceHolder(T("general fund"))
	p.u.childSuggestions(p.child)
	earmark := container.NewVBox(widget.NewLabel(T("For the child")), container.NewGridWrap(fyne.NewSize(280, 36), p.child))
	apply := widget.NewButtonWithIcon(T("Apply"), theme.ViewRefreshIcon(), p.reprepare)
	p.table = widget.NewTableWithHeaders(p.size, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, p.cell)
	p.table.ShowHeaderColumn = false
	p.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		titles := []string{T("Line"), T("Will be"), T("Date"), T("Amount"), T("Donor"), T("Bank reference"), T("Why")}
		if id.Col >= 0 && id.Col < len(titles) {
			o.(*widget.Label).SetText(titles[id.Col])
		}
	}
	for i, w := range []float32{60, 130, 110, 150, 220, 150, 520} {
		p.table.SetColumnWidth(i, w)
	}
	p.button = widget.NewButtonWithIcon(T("Import"), theme.ConfirmIcon(), p.doImport)
	p.button.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(T("Cancel"), theme.CancelIcon(), p.u.pop)
	top := container.NewVBox(heading(T("Import a bank statement")), p.info,
		container.NewHBox(mapping, earmark, container.NewVBox(widget.NewLabel(" "), apply)), p.counts)
	p.root = container.NewBorder(container.NewPadded(top), container.NewPadded(container.NewHBox(p.button, cancel)), nil, nil, p.table)
	return p.root
}

func (p *importPage) columnOptions() []string {
	opts := []string{"—"}
	n := 0
	for _, r := range p.raw.Records {
		n = max(n, len(r))
	}
	for i := range n {
		name := T("Column {{.N}}", map[string]any{"N": i + 1})
		if p.st != nil && i < len(p.st.Header) && p.st.Header[i] != "" {
			name += ": " + p.st.Header[i]
		}
		opts = append(opts, name)
	}
	return opts
}

func (p *importPage) prepare() {
	p.view()
	st, err := p.u.store.PrepareImport(p.u.ctx, p.raw, p.opts)
	if err != nil {
		p.info.SetText(errorText(err))
		p.info.Importance = widget.DangerImportance
		p.info.Refresh()
		p.button.Disable()
		p.st = &data.Statement{Raw: p.raw}
		p.fillSelects()
		p.table.Refresh()
		return
	}
	p.st = st
	p.opts = st.Opts
	p.info.Importance = widget.MediumImportance
	p.info.SetText(T("{{.File}}: {{.Encoding}}, separated by {{.Sep}}. Nothing is written until you press Import.",
		map[string]any{"File": p.path, "Encoding": p.raw.Encoding, "Sep": sepName(p.raw.Delimiter)}))
	p.counts.SetText(T("Will import: {{.OK}}. Already recorded: {{.Dup}}. Cannot be read: {{.Bad}}.",
		map[string]any{"OK": st.OK, "Dup": st.Duplicates, "Bad": st.Rejected}))
	if st.OK == 0 {
		p.button.Disable()
	} else {
		p.button.Enable()
	}
	p.fillSelects()
	p.table.Refresh()
}

func (p *importPage) fillSelects() {
	opts := p.columnOptions()
	for key, col := range map[string]int{"date": p.opts.DateCol, "amount": p.opts.AmountCol, "currency": p.opts.CurrencyCol,
		"donor": p.opts.DonorCol, "reference": p.opts.ReferenceCol} {
		s := p.selects[key]
		s.Options = opts
		if col < len(opts) {
			s.SetSelectedIndex(col)
		}
	}
}

// reprepare applies the mapping chosen in the menus.
func (p *importPage) reprepare() {
	get := func(key string) int { return max(p.selects[key].SelectedIndex(), 0) }
	p.opts.DateCol, p.opts.AmountCol, p.opts.CurrencyCol = get("date"), get("amount"), get("currency")
	p.opts.DonorCol, p.opts.ReferenceCol = get("donor"), get("reference")
	p.opts.Currency = ""
	if c := p.selects["code"].Selected; c != "—" {
		p.opts.Currency = c
	}
	id, err := p.u.childByText(p.child.Text)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.opts.ChildID = id
	p.prepare()
}

func (p *importPage) size() (int, int) {
	if p.st == nil {
		return 0, 7
	}
	return len(p.st.Rows), 7
}

func (p *importPage) cell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if p.st == nil || id.Row >= len(p.st.Rows) {
		l.SetText("")
		return
	}
	r := p.st.Rows[id.Row]
	l.Importance = widget.MediumImportance
	switch id.Col {
	case 0:
		l.SetText(fmt.Sprint(r.Line))
	case 1:
		switch r.State {
		case data.RowOK:
			l.SetText(T("imported"))
			l.Importance = widget.SuccessImportance
		case data.RowDuplicate:
			l.SetText(T("already recorded"))
			l.Importance = widget.WarningImportance
		default:
			l.SetText(T("left out"))
			l.Importance = widget.DangerImportance
		}
	case 2:
		l.SetText(r.Donation.ReceivedOn.Local(Language()))
	case 3:
		if r.Donation.Amount.Currency != "" {
			l.SetText(fmtMoney(r.Donation.Amount))
		} else {
			l.SetText("")
		}
	case 4:
		l.SetText(r.Donor)
	case 5:
		l.SetText(r.Donation.BankReference)
	case 6:
		l.SetText(rowReasonText(&r))
	}
}

// rowReasonText is why a row is left out, in the interface language.
func rowReasonText(r *data.StatementRow) string {
	switch r.Code {
	case "":
		return ""
	case "encoding":
		return T("This line is in another encoding than the rest of the file.")
	case "columns":
		return T("The row has no column {{.N}}.", map[string]any{"N": r.Value})
	case "in_file":
		return T("Repeats an earlier row of this file.")
	case "in_database":
		return T("This donation is already recorded.")
	}
	return "“" + r.Value + "”: " + fieldErrorText(&data.FieldError{Field: r.Field, Code: r.Code,
		Params: map[string]any{"value": r.Value, "max": data.MaxMajor}}, nil)
}

func sepName(r rune) string {
	switch r {
	case '\t':
		return T("tabs")
	case ';':
		return "«;»"
	}
	return "«,»"
}

func (p *importPage) doImport() {
	res, err := p.u.store.Import(p.u.ctx, p.st)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.u.pop()
	p.u.inform(T("Import"), T("Imported: {{.N}}. Already recorded: {{.Dup}}. Left out: {{.Bad}}. New donors: {{.New}}.",
		map[string]any{"N": res.Imported, "Dup": res.Duplicates, "Bad": res.Rejected, "New": res.NewDonors}))
}
