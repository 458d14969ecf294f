package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/bank"
	"carebook/data"
	"carebook/money"
)

// statementPage previews a bank statement before anything is written: the
// format found and what the statement says about itself, how a table's
// columns map (and a name to remember them by), what each row becomes —
// new, like a recorded donation (to decide), already recorded, outgoing,
// unreadable with the reason — the new donors, and the children the
// purposes name (earmarks to confirm). Import writes it all in one go.
type statementPage struct {
	u      *App
	path   string
	src    *bank.Source
	plan   *bank.Plan
	dec    bank.Decisions
	opts   bank.Options
	failed error // why the file cannot be previewed as it is

	info, facts, counts, mapFrom *widget.Label
	before                       *widget.Label
	columns                      *fyne.Container
	selects                      map[string]*widget.Select
	currency                     *widget.Select
	headerRow                    *widget.Select
	remember                     *formEntry
	child                        *formSelectEntry
	shows                        *fyne.Container // a button per outcome
	outcome                      string
	change                       *button
	mapping                      *fyne.Container // the columns, the currency, a name: shown on demand
	bottom                       *fyne.Container
	table                        *widget.Table
	side                         *fyne.Container
	similarAll                   *widget.Check
	button                       *button
	root                         fyne.CanvasObject
}

func (u *App) importStatement() {
	u.chooseFile([]string{".csv", ".txt", ".tsv", ".xlsx", ".sta", ".mt940", ".940", ".prn", ".dat"}, u.openImport)
}

// openImport reads the statement and shows its preview.
func (u *App) openImport(path string) {
	p := &statementPage{u: u, path: path, outcome: bank.New, dec: bank.Decisions{Earmarks: map[string]bool{}, Similar: map[int]bool{}, LeaveUnnamed: map[int]bool{}}}
	p.opts = bank.Options{Layouts: bank.Remembering(u.ctx, u.store)}
	p.load(func() { u.push(p) })
}

// load reads the file and prepares the plan off the window's thread, with
// a progress bar and Cancel for large statements; shown runs once it is
// ready (or could not be read for its columns).
func (p *statementPage) load(shown func()) {
	u := p.u
	type result struct {
		src  *bank.Source
		plan *bank.Plan
		err  error
	}
	o := p.opts
	o.Today = u.store.Today()
	dec := p.dec
	runLong(u, longJob{title: T("Reading the statement…"), line: p.path, measured: true, cancel: T("Cancel")}, func(j *job) result {
		src, err := bank.Open(j.ctx, p.path, o)
		if err != nil {
			return result{src: src, err: err}
		}
		plan, err := bank.Prepare(j.ctx, u.store, src, dec, j.Progress)
		return result{src, plan, err}
	}, func(r result) {
		var fe *bank.FileError
		switch {
		case errors.Is(r.err, context.Canceled):
			return
		case r.err != nil && (!errors.As(r.err, &fe) || (fe.Code != "no_header" && fe.Code != "no_columns") || r.src == nil):
			u.showError(r.err)
			return
		}
		p.src, p.plan, p.failed = r.src, r.plan, r.err
		if shown != nil {
			shown()
		}
		p.fill()
	})
}

func (p *statementPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	small := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	p.info, p.facts, p.mapFrom, p.before = small(), small(), small(), small()
	// One line each, so that the page's top keeps its height.
	p.info.Wrapping, p.facts.Wrapping = fyne.TextWrapOff, fyne.TextWrapOff
	p.info.Truncation, p.facts.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	p.before.Importance = widget.WarningImportance
	p.counts = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.counts.Wrapping = fyne.TextWrapWord

	// A table's columns, each role a menu of the columns.
	p.selects = map[string]*widget.Select{}
	p.columns = container.NewGridWrap(fyne.NewSize(170, 64))
	p.headerRow = widget.NewSelect(nil, nil)
	p.columns.Add(container.NewVBox(widget.NewLabel(T("Header row")), p.headerRow))
	for _, role := range bank.Roles {
		s := widget.NewSelect(nil, nil)
		p.selects[role] = s
		p.columns.Add(container.NewVBox(widget.NewLabel(roleLabel(role)), s))
	}
	p.currency = widget.NewSelect(append([]string{"—"}, money.CurrencyCodes()...), nil)
	p.currency.SetSelected("—")
	p.columns.Add(container.NewVBox(widget.NewLabel(T("Account currency")), p.currency))
	p.remember = newFormEntry(false)
	p.remember.SetPlaceHolder(T("e.g. Kaspi Business"))
	apply := newButtonWithIcon(T("Apply"), theme.ViewRefreshIcon(), p.reread)
	apply.Importance = widget.HighImportance
	p.mapping = container.NewVBox(p.columns, container.NewBorder(nil, nil, nil, apply,
		container.NewVBox(widget.NewLabel(T("Remember these columns for this bank as")), p.remember)))
	p.mapping.Hide()
	p.change = newButtonWithIcon(T("Change the columns…"), theme.SettingsIcon(), func() {
		p.mapping.Show()
		p.change.Hide()
	})
	p.change.Importance = widget.LowImportance
	p.child = newFormSelectEntry(nil)
	p.child.SetPlaceHolder(T("as the purposes say"))
	p.u.childSuggestions(p.child)
	p.child.OnSubmitted = func(string) { p.reread() }

	p.shows = container.NewHBox()
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
		if id.Col > 0 && id.Col < len(statementColumns) {
			o.(*widget.Label).SetText(T(statementColumns[id.Col]))
		}
	}
	for i, w := range []float32{1, 56, 104, 130, 190, 300, 190, 260} {
		p.table.SetColumnWidth(i, w)
	}
	p.table.OnSelected = func(id widget.TableCellID) {
		p.table.UnselectAll()
		rows := p.plan.Rows[p.outcome]
		switch {
		case p.outcome == bank.Similar && id.Row < len(rows):
			line := rows[id.Row].Line
			p.dec.Similar[line] = !p.dec.Similar[line]
		case p.outcome == bank.New && id.Row < len(rows) && rows[id.Row].Unnamed:
			// A row that names no payer is imported unless unticked.
			line := rows[id.Row].Line
			p.dec.LeaveUnnamed[line] = !p.dec.LeaveUnnamed[line]
		default:
			return
		}
		p.table.RefreshItem(widget.TableCellID{Row: id.Row, Col: 0})
		p.updateButton()
	}
	p.similarAll = widget.NewCheck(T("Import all rows like a recorded donation"), func(on bool) {
		p.dec.AllSimilar = on
		p.table.Refresh()
		p.updateButton()
	})
	p.side = container.NewVBox()

	p.button = newButtonWithIcon(T("Import"), theme.ConfirmIcon(), p.doImport)
	p.button.Importance = widget.HighImportance
	cancel := newButtonWithIcon(T("Cancel"), theme.CancelIcon(), p.u.pop)
	top := container.NewVBox(heading(T("Import a bank statement")), p.info, p.facts, p.before,
		container.NewBorder(nil, nil, nil, p.change, p.mapFrom), p.mapping, p.counts, p.shows)
	side := container.NewVBox(widget.NewLabelWithStyle(T("Earmark every donation for"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.child, p.side)
	body := container.NewHSplit(p.table, container.NewVScroll(side))
	body.SetOffset(0.64)
	p.bottom = container.NewHBox(p.button, cancel)
	p.root = container.NewBorder(container.NewPadded(top), container.NewPadded(p.bottom), nil, nil, body)
	return p.root
}

// statementColumns are the preview's columns.
var statementColumns = []string{"", msg("Line"), msg("Date"), msg("Amount"), msg("Payer"), msg("Why"), msg("Donor"), msg("Purpose")}

func roleLabel(role string) string {
	switch role {
	case "date":
		return T("Date")
	case "amount":
		return T("Amount (±)")
	case "credit":
		return T("Credit (in)")
	case "debit":
		return T("Debit (out)")
	case "currency":
		return T("Currency")
	case "payer":
		return T("Payer")
	case "tax_id":
		return T("Tax number")
	case "purpose":
		return T("Purpose")
	}
	return T("Bank reference")
}

func outcomeLabel(o string) string {
	switch o {
	case bank.New:
		return T("New")
	case bank.Similar:
		return T("Like a recorded one")
	case bank.Duplicate:
		return T("Already recorded")
	case bank.Outgoing:
		return T("Outgoing")
	}
	return T("Cannot be read")
}

// fill shows the file and the plan.
func (p *statementPage) fill() {
	p.view()
	src := p.src
	p.info.SetText(TN("{{.File}}: {{.Format}}, {{.Count}} rows. Nothing is written until you press Import.", src.Rows,
		map[string]any{"File": p.path, "Format": formatText(src)}))
	p.facts.SetText(factsText(src.Facts))
	p.facts.Hidden = p.facts.Text == ""
	// A table's columns: shown for tables, with where the mapping came from.
	table := src.Format == bank.FormatTable || src.Format == bank.FormatXLSX
	p.mapFrom.Hidden, p.change.Hidden = !table, !table
	if !table || p.failed == nil {
		p.mapping.Hide()
	} else {
		p.mapping.Show()
		p.change.Hide()
	}
	if table {
		p.fillHeaderRow()
		opts := p.columnOptions()
		for _, role := range bank.Roles {
			s := p.selects[role]
			s.Options = opts
			if col := *src.Mapping.Column(role); col < len(opts) {
				s.SetSelectedIndex(col)
			}
		}
		switch {
		case p.failed != nil:
			p.mapFrom.SetText(errorText(p.failed))
			p.mapFrom.Importance = widget.DangerImportance
		case src.MappingFrom == "remembered":
			p.mapFrom.SetText(T("Columns as remembered for «{{.Name}}».", map[string]any{"Name": src.LayoutName}))
			p.mapFrom.Importance = widget.MediumImportance
		case src.MappingFrom == "given":
			p.mapFrom.SetText(T("Columns as you chose them."))
			p.mapFrom.Importance = widget.MediumImportance
		default:
			p.mapFrom.SetText(T("Columns found from the header. Correct them if a column is wrong, then press Apply."))
			p.mapFrom.Importance = widget.MediumImportance
		}
		p.mapFrom.Refresh()
	}
	p.before.Hide()
	if p.plan != nil && len(p.plan.Before) > 0 {
		b := p.plan.Before[0]
		p.before.SetText(TN("This statement was imported on {{.When}}: {{.Count}} donations then.", b.Imported,
			map[string]any{"When": b.CreatedAt.Time.Local().Format("02.01.2006")}))
		p.before.Show()
	}
	if p.plan == nil {
		p.counts.SetText("")
		p.shows.RemoveAll()
		p.side.RemoveAll()
		p.table.Refresh()
		p.updateButton()
		return
	}
	c := p.plan.Counts
	p.counts.SetText(T("New: {{.New}} (new donors: {{.Donors}}). Like a recorded donation: {{.Similar}}. Already recorded: {{.Dup}}. Outgoing, left out: {{.Out}}. Cannot be read: {{.Bad}}.",
		map[string]any{"New": c.Import, "Donors": c.NewDonors, "Similar": c.Similar, "Dup": c.Duplicate, "Out": c.Outgoing, "Bad": c.Rejected}))
	p.fillShows()
	p.fillSide()
	p.table.Refresh()
	p.updateButton()
	p.root.(*fyne.Container).Refresh() // the top's new height
}

// fillShows makes a button per outcome, with its count; the rows of the
// one pressed are shown.
func (p *statementPage) fillShows() {
	p.shows.RemoveAll()
	for _, o := range bank.Outcomes {
		o := o
		b := newButton(fmt.Sprintf("%s (%d)", outcomeLabel(o), p.plan.Counts.Of(o)), nil)
		b.OnTapped = func() { p.showOutcome(o) }
		if o == p.outcome {
			b.Importance = widget.HighImportance
		}
		p.shows.Add(b)
	}
	p.shows.Refresh()
}

// showOutcome shows the rows of one outcome.
func (p *statementPage) showOutcome(o string) {
	p.outcome = o
	// The tick column, for the rows to decide.
	if o == bank.Similar {
		p.table.SetColumnWidth(0, 36)
	} else {
		p.table.SetColumnWidth(0, 1)
	}
	p.fillShows()
	p.table.ScrollToTop()
	p.table.Refresh()
}

// fillSide lists the new donors and the earmarks to confirm.
func (p *statementPage) fillSide() {
	p.side.RemoveAll()
	pl := p.plan
	if len(pl.Earmarks) > 0 {
		p.side.Add(widget.NewLabelWithStyle(T("The purposes name these children"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		note := widget.NewLabel(T("Tick to earmark those donations for the child."))
		note.Wrapping = fyne.TextWrapWord
		p.side.Add(note)
		for _, e := range pl.Earmarks {
			id := e.ChildID
			text := TN("{{.Case}} {{.Name}}: {{.Count}} donations", e.Rows, map[string]any{"Case": e.Case, "Name": e.Name})
			check := widget.NewCheck(text, func(on bool) { p.dec.Earmarks[id] = on })
			check.Checked = p.dec.Earmarks[id]
			p.side.Add(check)
		}
	}
	if pl.Similar > 0 {
		p.side.Add(widget.NewLabelWithStyle(T("Like a recorded donation"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		note := widget.NewLabel(T("A donation of the same day and amount is recorded, but the payer or the reference differs. These rows are left out unless you tick them (show them, then click a row)."))
		note.Wrapping = fyne.TextWrapWord
		p.side.Add(note)
		p.similarAll.Checked = p.dec.AllSimilar
		p.side.Add(p.similarAll)
	}
	if len(pl.Donors) > 0 {
		p.side.Add(widget.NewLabelWithStyle(TN("New donors: {{.Count}}", pl.NewDonors), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i, d := range pl.Donors {
			if i == 200 {
				p.side.Add(widget.NewLabel(TN("… and {{.Count}} more", pl.NewDonors-200)))
				break
			}
			name := d.Name
			if d.TaxID != "" {
				name += " · " + d.TaxID
			}
			l := widget.NewLabel(name)
			l.Truncation = fyne.TextTruncateEllipsis
			p.side.Add(l)
		}
	}
	p.side.Refresh()
}

// toImport counts the donations Import would record now.
func (p *statementPage) toImport() int {
	if p.plan == nil {
		return 0
	}
	n := p.plan.Import
	if p.dec.AllSimilar {
		return n + p.plan.Similar
	}
	for _, on := range p.dec.Similar {
		if on {
			n++
		}
	}
	for _, off := range p.dec.LeaveUnnamed {
		if off {
			n--
		}
	}
	return n
}

func (p *statementPage) updateButton() {
	n := p.toImport()
	p.button.SetText(TN("Import {{.Count}} donations", n))
	if n == 0 || p.failed != nil {
		p.button.Disable()
	} else {
		p.button.Enable()
	}
	p.bottom.Refresh() // the button's new width
}

func (p *statementPage) columnOptions() []string {
	opts := []string{"—"}
	width := len(p.src.Header)
	for _, r := range p.src.Sample {
		width = max(width, len(r))
	}
	for i := range width {
		name := T("Column {{.N}}", map[string]any{"N": i + 1})
		if i < len(p.src.Header) && p.src.Header[i] != "" {
			name += ": " + p.src.Header[i]
		}
		opts = append(opts, name)
	}
	return opts
}

// fillHeaderRow offers the first rows as the table's header, the one
// found (or, when none was, the first) chosen.
func (p *statementPage) fillHeaderRow() {
	opts := []string{T("No header")}
	chosen := 0
	for i, r := range p.src.Sample {
		line := p.src.SampleLines[i]
		opts = append(opts, T("Line {{.N}}: {{.Text}}", map[string]any{"N": line, "Text": strings.Join(r, " · ")}))
		if line == p.src.HeaderLine || (p.src.HeaderLine == 0 && chosen == 0 && p.failed != nil) {
			chosen = i + 1
		}
	}
	p.headerRow.Options = opts
	p.headerRow.SetSelectedIndex(chosen)
}

// headerLine is the line of the header row chosen (0: none).
func (p *statementPage) headerLine() int {
	if i := p.headerRow.SelectedIndex(); i > 0 && i-1 < len(p.src.SampleLines) {
		return p.src.SampleLines[i-1]
	}
	return 0
}

// reread applies the columns, currency and earmark chosen, and previews again.
func (p *statementPage) reread() {
	var m bank.Mapping
	for _, role := range bank.Roles {
		*m.Column(role) = max(p.selects[role].SelectedIndex(), 0)
	}
	id, err := p.u.childByText(p.child.Text)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.dec.ChildID = id
	p.opts.Currency = ""
	if c := p.currency.Selected; c != "—" {
		p.opts.Currency = c
	}
	if m != p.src.Mapping || p.failed != nil || p.headerLine() != p.src.HeaderLine {
		if !m.Complete() {
			p.u.errorDialog(T("Choose the date column and the amount (or credit) column."))
			return
		}
		p.opts.Mapping = &m
		p.opts.HeaderLine = p.headerLine()
	}
	p.load(nil)
}

func (p *statementPage) size() (int, int) {
	if p.plan == nil {
		if p.src != nil {
			return len(p.src.Sample), len(statementColumns)
		}
		return 0, len(statementColumns)
	}
	return len(p.plan.Rows[p.outcome]), len(statementColumns)
}

func (p *statementPage) cell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.Importance = widget.MediumImportance
	if p.plan == nil {
		// The file's first rows, to choose the columns from.
		if p.src == nil || id.Row >= len(p.src.Sample) {
			l.SetText("")
			return
		}
		row := p.src.Sample[id.Row]
		switch {
		case id.Col == 1:
			l.SetText(fmt.Sprint(p.src.SampleLines[id.Row]))
		case id.Col >= 2 && id.Col-2 < len(row):
			l.SetText(row[id.Col-2])
		default:
			l.SetText("")
		}
		return
	}
	rows := p.plan.Rows[p.outcome]
	if id.Row >= len(rows) {
		l.SetText("")
		return
	}
	r := rows[id.Row]
	switch id.Col {
	case 0:
		text := ""
		switch {
		case r.Outcome == bank.Similar:
			text = "☐"
			if p.dec.ImportsSimilar(r.Line) {
				text = "☑"
			}
		case r.Unnamed:
			text = "☐"
			if p.dec.ImportsUnnamed(r.Line) {
				text = "☑"
			}
		}
		l.SetText(text)
	case 1:
		l.SetText(fmt.Sprint(r.Line))
	case 2:
		if r.Date.IsZero() {
			l.SetText("")
		} else {
			l.SetText(r.Date.Local(Language()))
		}
	case 3:
		if r.Amount.Currency == "" {
			l.SetText("")
		} else {
			l.SetText(fmtMoney(r.Amount))
		}
	case 4:
		l.SetText(r.Payer)
	case 5:
		l.SetText(p.why(r))
		if r.Outcome == bank.Rejected {
			l.Importance = widget.DangerImportance
		}
	case 6:
		switch {
		case r.Unnamed:
			l.SetText(T("the bank names no payer: an unknown donor, to match later"))
			l.Importance = widget.WarningImportance
		case r.NewDonor:
			l.SetText(T("new: {{.Name}}", map[string]any{"Name": r.DonorName}))
			l.Importance = widget.WarningImportance
		default:
			l.SetText(r.DonorName)
		}
	case 7:
		l.SetText(data.JoinNonEmpty(" · ", noteText(r.Note, r.Date), r.Purpose, r.Reference))
	}
}

// why says what happens to a row and why, in the interface language.
func (p *statementPage) why(r bank.Row) string {
	switch r.Outcome {
	case bank.Rejected:
		return problemText(r.Problem)
	case bank.Similar:
		if len(r.Like) > 0 {
			who := data.JoinNonEmpty(", ", r.Like[0].Payer, r.Like[0].DonorName)
			return T("Recorded: {{.Who}} {{.What}}", map[string]any{"Who": who, "What": data.JoinNonEmpty(" · ", r.Like[0].Purpose, r.Like[0].Reference)})
		}
	case bank.Duplicate:
		return T("This donation is already recorded.")
	case bank.Outgoing:
		if r.Reversal {
			return T("A reversal of an earlier payment.")
		}
		return T("Money that left the account.")
	case bank.New:
		if id := p.dec.ChildID; id != "" {
			return T("For the chosen child")
		}
		for _, e := range p.plan.Earmarks {
			if e.ChildID == r.Proposed {
				return T("The purpose names {{.Case}} {{.Name}}", map[string]any{"Case": e.Case, "Name": e.Name})
			}
		}
	}
	return ""
}

// formatText says in the interface language what the file was found to be.
func formatText(src *bank.Source) string {
	switch src.Format {
	case bank.Format1C:
		return T("1C exchange format {{.Version}} ({{.Encoding}})", map[string]any{"Version": src.Facts.Version, "Encoding": src.Encoding})
	case bank.FormatMT940:
		return T("SWIFT MT940 ({{.Encoding}})", map[string]any{"Encoding": src.Encoding})
	case bank.FormatXLSX:
		return T("Excel workbook, sheet «{{.Sheet}}»", map[string]any{"Sheet": src.Sheet})
	}
	return T("a table separated by {{.Sep}} ({{.Encoding}})", map[string]any{"Sep": sepName(src.Sep), "Encoding": src.Encoding})
}

func sepName(r rune) string {
	switch r {
	case '\t':
		return T("tabs")
	case ';':
		return "«;»"
	case '|':
		return "«|»"
	}
	return "«,»"
}

// factsText is what the statement says about itself.
func factsText(f bank.Facts) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+": "+v)
		}
	}
	add(T("Bank"), f.Bank)
	add(T("Account"), f.Account)
	add(T("Client"), f.Holder)
	add(T("Currency"), f.Currency)
	switch {
	case len(f.Periods) > 1:
		var ps []string
		for _, p := range f.Periods {
			ps = append(ps, p.From.Local(Language())+" – "+p.To.Local(Language()))
		}
		add(TN("{{.Count}} statements", len(f.Periods)), strings.Join(ps, ", "))
	case !f.From.IsZero():
		add(T("Period"), f.From.Local(Language())+" – "+f.To.Local(Language()))
	}
	add(T("Opening balance"), f.Opening)
	return strings.Join(parts, " · ")
}

// problemText is why a statement row cannot be imported.
func problemText(pr *bank.Problem) string {
	if pr == nil {
		return ""
	}
	v := map[string]any{"Value": pr.Value, "Digits": pr.Digits}
	switch pr.Code {
	case bank.ProblemBadDate:
		return T("«{{.Value}}» is not a date.", v)
	case bank.ProblemOldDate:
		return T("«{{.Value}}» is before 1990: a typo?", v)
	case bank.ProblemFutureDate:
		return T("«{{.Value}}» is in the future.", v)
	case bank.ProblemNoDate:
		return T("No date.")
	case bank.ProblemBadAmount:
		return T("«{{.Value}}» is not an amount.", v)
	case bank.ProblemDoubleSign:
		return T("«{{.Value}}» has two signs.", v)
	case bank.ProblemTooManyDecimals:
		return T("«{{.Value}}» has more decimals than the currency has ({{.Digits}}).", v)
	case bank.ProblemAmbiguous:
		return T("«{{.Value}}» can be read two ways (thousands or three decimals), and the rest of the column does not say which.", v)
	case bank.ProblemOverflow:
		return T("«{{.Value}}» is too large.", v)
	case bank.ProblemZero:
		return T("The amount is zero.")
	case bank.ProblemNoAmount:
		return T("No amount.")
	case bank.ProblemBothSides:
		return T("Amounts in both the credit and the debit column ({{.Value}}).", v)
	case bank.ProblemNoCurrency:
		return T("The statement does not say its currency: choose the account currency above.")
	case bank.ProblemOldCurrency:
		return T("{{.Value}} is a currency no longer in use: enter this donation by hand in today's currency.", v)
	case bank.ProblemUnknownCurrency:
		return T("Unknown currency: {{.Value}}.", v)
	case bank.ProblemCurrencyClash:
		return T("«{{.Value}}» is in another currency than the row.", v)
	case bank.ProblemNoPayer:
		return T("The bank names no payer: record this donation by hand.")
	case bank.ProblemDamagedName:
		return T("The name «{{.Value}}» was damaged by Excel (letters became ?): export the statement as XLSX or UTF-8.", v)
	case bank.ProblemBadText:
		return T("«{{.Value}}» cannot be stored: too long, or with invisible characters.", v)
	case bank.ProblemBadTaxID:
		return T("«{{.Value}}» is not a tax number (9 to 14 digits).", v)
	case bank.ProblemEncoding:
		return T("This line is in another encoding than the rest of the file.")
	case bank.ProblemUnbalanced:
		return T("A quote opens on this line and never closes.")
	case bank.ProblemColumns:
		return T("The row has no column {{.Value}}.", v)
	case bank.ProblemBadRecord:
		return T("«{{.Value}}» cannot be read.", v)
	case bank.ProblemDirection:
		return T("Payment {{.Value}} neither came into the account nor left it.", v)
	case bank.ProblemLineTooLong:
		return T("The line is longer than a megabyte.")
	}
	return pr.Error()
}

// doImport writes what the preview shows, as decided, with a progress bar.
func (p *statementPage) doImport() {
	u := p.u
	if name := strings.TrimSpace(p.remember.Text); name != "" && p.src.Signature != "" {
		if err := bank.Remember(u.ctx, u.store, name, p.src, p.opts.Currency); err != nil {
			u.showError(err)
			return
		}
	}
	type result struct {
		res *bank.Result
		err error
	}
	dec := p.dec
	plan := p.plan
	if plan == nil || plan.Source != p.src {
		plan = &bank.Plan{Source: p.src}
	}
	l := longJob{title: T("Importing…"), line: T("Nothing is recorded until the last row: Cancel leaves the database as it was."), measured: true, cancel: T("Cancel")}
	runLong(u, l, func(j *job) result {
		res, err := bank.ImportPlanned(j.ctx, u.store, plan, dec, j.Progress)
		return result{res, err}
	}, func(r result) {
		switch {
		case errors.Is(r.err, context.Canceled):
			u.inform(T("Import"), T("The import was cancelled: nothing was recorded."))
			return
		case r.err != nil:
			u.showError(r.err)
			return
		}
		u.pop()
		res := r.res
		// Counts as "label: number", which reads right at any number in
		// every language (a sentence of numbers cannot agree with each).
		u.inform(T("Import"), T("Imported: {{.N}}. New donors: {{.New}}. Earmarked: {{.Ear}}.\nLeft out — like a recorded one: {{.Similar}}; already recorded: {{.Dup}}; outgoing: {{.Out}}; cannot be read: {{.Bad}}.",
			map[string]any{"N": res.Imported, "New": res.NewDonors, "Ear": res.Earmarked, "Similar": res.SimilarLeft,
				"Dup": res.Duplicate, "Out": res.Outgoing, "Bad": res.Rejected}))
	})
}

// statementFileText says why a whole file cannot be imported.
func statementFileText(e *bank.FileError) string {
	v := map[string]any{"Name": filepath.Base(e.Path), "Size": sizeText(e.Size), "Max": sizeText(e.Max)}
	switch e.Code {
	case "too_large":
		return T("«{{.Name}}» is {{.Size}}: Carebook reads statements up to {{.Max}}. Ask the bank for a shorter period.", v)
	case "empty":
		return T("The file is empty.")
	case "xls":
		return T("«{{.Name}}» is an Excel 97–2003 workbook (.xls): open it in Excel, save it as .xlsx or CSV, and import that.", v)
	case "pdf":
		return T("«{{.Name}}» is a PDF: ask the bank for the statement as CSV, Excel (.xlsx), 1C or MT940.", v)
	case "zip":
		return T("«{{.Name}}» is a ZIP file, not an Excel workbook.", v)
	case "no_header":
		return T("No table with a date and an amount was found: choose the columns below and press Apply.")
	case "no_columns":
		return T("The header does not say which column holds the date and which the amount: choose them below and press Apply.")
	case "no_rows":
		return T("«{{.Name}}» holds no statement rows (only a header, or only totals).", v)
	case "bad_format":
		return T("«{{.Name}}» cannot be read as {{.Format}}.", map[string]any{"Name": filepath.Base(e.Path), "Format": e.What})
	}
	return T("«{{.Name}}» cannot be read.", v)
}

// noteText says how a value the bank wrote oddly was read.
func noteText(note string, d data.Date) string {
	if day, ok := strings.CutPrefix(note, "date:"); ok && len(day) == 6 {
		return T("The bank wrote {{.Written}}, a day the month does not have: read as {{.Date}}.",
			map[string]any{"Written": day[4:6] + "." + day[2:4] + ".20" + day[0:2], "Date": d.Local(Language())})
	}
	return note
}
