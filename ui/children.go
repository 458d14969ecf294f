package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// childColumn is one column of the children table. key is what it sorts by,
// computed once per load (never inside a comparison).
type childColumn struct {
	title string
	width float32
	text  func(c *data.ChildSummary, today data.Date) string
	key   func(c *data.ChildSummary) string
	gap   bool // the funding gap, from the screen's funding map
}

var childColumns = []childColumn{
	{title: msg("Case"), width: 96, text: func(c *data.ChildSummary, _ data.Date) string { return c.CaseNumber },
		key: func(c *data.ChildSummary) string { return data.CaseSortKey(c.CaseNumber) }},
	{title: msg("Name"), width: 230, text: func(c *data.ChildSummary, _ data.Date) string { return c.FullName() },
		key: func(c *data.ChildSummary) string { return data.Fold(c.FullName()) }},
	{title: msg("Age"), width: 70, text: func(c *data.ChildSummary, today data.Date) string {
		if a := c.AgeOn(today); a >= 0 {
			return strconv.Itoa(a)
		}
		return ""
	}, key: func(c *data.ChildSummary) string { return invertDigits(c.BirthDate.String()) }}, // youngest first
	{title: msg("Region"), width: 150, text: func(c *data.ChildSummary, _ data.Date) string { return c.Region },
		key: func(c *data.ChildSummary) string { return data.Fold(c.Region) }},
	{title: msg("Diagnosis"), width: 205, text: func(c *data.ChildSummary, _ data.Date) string { return oneLine(c.Diagnosis) },
		key: func(c *data.ChildSummary) string { return data.Fold(c.Diagnosis) }},
	{title: msg("Status"), width: 145, text: func(c *data.ChildSummary, _ data.Date) string { return StatusLabel(c.Status) },
		key: func(c *data.ChildSummary) string {
			return fmt.Sprintf("%02d", slices.Index(data.AllStatuses, c.Status))
		}},
	{title: msg("Still missing"), width: 150, gap: true},
}

// invertDigits makes a later ISO date sort first.
func invertDigits(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '9' - (c - '0')
		}
	}
	return string(b)
}

// childrenScreen lists the children with instant search, a status filter and
// sorting by any column.
type childrenScreen struct {
	u *App

	search  *searchEntry
	status  *widget.Select
	program *widget.Select
	region  *widget.Select
	table   *widget.Table
	root    fyne.CanvasObject
	count   *widget.Label
	top     *fyne.Container // search, count and button: laid out again when the count grows
	empty   *fyne.Container
	body    *fyne.Container

	mu       sync.Mutex
	rows     []data.ChildSummary
	sortCol  int
	sortDesc bool
	gen      int // generation of the newest query, so a slow old one never wins
	timer    *time.Timer
	funding  map[string]*data.Funding
	cursor   int // the row Up and Down in the search box moved to (-1: none)
	fitter   cellFitter
	base     listed // the last list the database gave

	// OnOpen is called with a child's id when a row is chosen.
	OnOpen func(id string)
}

func newChildrenScreen(u *App) *childrenScreen {
	sc := &childrenScreen{u: u, cursor: -1}
	sc.search = newSearchEntry(sc)
	sc.search.SetPlaceHolder(T("Search by name, case number or diagnosis"))
	sc.search.OnChanged = func(string) { sc.searchChanged() }

	options := []string{T("All statuses"), T("Open cases")}
	for _, s := range data.AllStatuses {
		options = append(options, StatusLabel(s))
	}
	sc.status = widget.NewSelect(options, nil)
	sc.status.SetSelectedIndex(0)
	sc.status.OnChanged = func(string) { sc.reload() } // after the first choice, which is no change
	sc.program = widget.NewSelect([]string{T("All programs")}, nil)
	sc.program.SetSelectedIndex(0)
	sc.program.OnChanged = func(string) { sc.reload() }
	sc.region = widget.NewSelect([]string{T("All regions")}, nil)
	sc.region.SetSelectedIndex(0)
	sc.region.OnChanged = func(string) { sc.reload() }

	sc.count = widget.NewLabel("")
	sc.table = widget.NewTable(sc.size, sc.createCell, sc.updateCell)
	sc.table.ShowHeaderRow = true
	sc.table.CreateHeader = func() fyne.CanvasObject {
		b := newButton("", nil)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		return b
	}
	sc.table.UpdateHeader = sc.updateHeader
	for i, c := range childColumns {
		sc.table.SetColumnWidth(i, c.width)
	}
	sc.table.OnSelected = func(id widget.TableCellID) {
		sc.mu.Lock()
		var childID string
		if id.Row >= 0 && id.Row < len(sc.rows) {
			childID = sc.rows[id.Row].ID
		}
		sc.mu.Unlock()
		sc.table.UnselectAll()
		if childID != "" && sc.OnOpen != nil {
			sc.OnOpen(childID)
		}
	}

	sc.empty = container.NewCenter(widget.NewLabel(""))
	sc.body = container.NewStack(sc.table)
	return sc
}

func (sc *childrenScreen) view() fyne.CanvasObject {
	if sc.root == nil {
		add := newButtonWithIcon(T("New child"), theme.ContentAddIcon(), func() { sc.u.leave(sc.u.newChild, nil) })
		add.Importance = widget.HighImportance
		sc.top = container.NewBorder(nil, nil, nil, container.NewHBox(sc.count, add), sc.search)
		filters := container.NewBorder(nil, nil, widget.NewLabel(T("Show:")), nil,
			container.NewGridWithColumns(3, sc.status, sc.program, sc.region))
		sc.root = container.NewBorder(container.NewPadded(container.NewVBox(sc.top, filters)), nil, nil, nil, sc.body)
	}
	return sc.root
}

// refresh reloads the list and the filter menus (new regions, programs).
func (sc *childrenScreen) refresh() {
	for _, m := range []struct {
		sel    *widget.Select
		column string
		all    string
	}{{sc.program, "program", T("All programs")}, {sc.region, "region", T("All regions")}} {
		values, err := sc.u.valuesOf(m.column)
		if err != nil {
			sc.u.showError(err)
			continue
		}
		chosen := m.sel.Selected
		cb := m.sel.OnChanged
		m.sel.OnChanged = nil
		m.sel.Options = append([]string{m.all}, values...)
		m.sel.SetSelected(chosen)
		if m.sel.SelectedIndex() < 0 {
			m.sel.SetSelectedIndex(0)
		}
		m.sel.OnChanged = cb
	}
	sc.reload()
	background(func() map[string]*data.Funding {
		f, err := sc.u.store.FundingAll(sc.u.ctx)
		if err != nil {
			return nil
		}
		return f
	}, func(f map[string]*data.Funding) {
		sc.mu.Lock()
		sc.funding = f
		sc.mu.Unlock()
		sc.table.Refresh()
	})
}

func (sc *childrenScreen) size() (int, int) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return len(sc.rows), len(childColumns)
}

// A cell is its text over a background that marks the row the keyboard is on.
func (sc *childrenScreen) createCell() fyne.CanvasObject {
	l := widget.NewLabel("") // the text comes shortened to the column (fit.go)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.Hide()
	return container.NewStack(bg, l)
}

func cellLabel(o fyne.CanvasObject) *widget.Label {
	return o.(*fyne.Container).Objects[1].(*widget.Label)
}

func (sc *childrenScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	sc.mu.Lock()
	var text string
	if id.Row < len(sc.rows) && id.Col < len(childColumns) {
		if col := childColumns[id.Col]; col.gap {
			text = sc.gapText(sc.rows[id.Row].ID)
		} else {
			text = col.text(&sc.rows[id.Row], sc.u.store.Today())
		}
		text = sc.fitter.fit(text, childColumns[id.Col].width)
	}
	onCursor := id.Row == sc.cursor
	sc.mu.Unlock()
	// A label measures (shapes) its text again on every SetText, even the
	// same text: a refresh of the table must not pay that for every cell.
	if l := cellLabel(o); l.Text != text {
		l.SetText(text)
	}
	if bg := o.(*fyne.Container).Objects[0]; onCursor != bg.Visible() {
		if onCursor {
			bg.Show()
		} else {
			bg.Hide()
		}
	}
}

// moveCursor moves the keyboard's row by delta, within the list.
func (sc *childrenScreen) moveCursor(delta int) {
	sc.mu.Lock()
	n := len(sc.rows)
	if n == 0 {
		sc.mu.Unlock()
		return
	}
	sc.cursor = max(0, min(n-1, sc.cursor+delta))
	row := sc.cursor
	sc.mu.Unlock()
	sc.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
	sc.table.Refresh()
}

// openChosen opens the row the keyboard is on, or the only child the
// search finds.
func (sc *childrenScreen) openChosen() {
	if sc.timer != nil && sc.timer.Stop() {
		sc.reloadNow() // Enter came before the pause in typing
	}
	sc.mu.Lock()
	id := ""
	switch {
	case sc.cursor >= 0 && sc.cursor < len(sc.rows):
		id = sc.rows[sc.cursor].ID
	case len(sc.rows) == 1:
		id = sc.rows[0].ID
	}
	sc.mu.Unlock()
	if id != "" && sc.OnOpen != nil {
		sc.OnOpen(id)
	}
}

// reloadNow queries on this thread: for Enter, which must act on what was typed.
func (sc *childrenScreen) reloadNow() {
	f := sc.filter()
	rows, err := sc.u.store.ListChildSummaries(sc.u.ctx, f)
	if err != nil {
		sc.u.showError(err)
		return
	}
	sc.mu.Lock()
	sc.gen++
	gen := sc.gen
	sc.mu.Unlock()
	sc.show(gen, rows, f)
}

// searchEntry is the children's search box: Up and Down move in the list,
// Enter opens the child.
type searchEntry struct {
	widget.Entry
	sc *childrenScreen
}

func newSearchEntry(sc *childrenScreen) *searchEntry {
	e := &searchEntry{sc: sc}
	e.ExtendBaseWidget(e)
	return e
}

func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.sc.moveCursor(1)
	case fyne.KeyUp:
		e.sc.moveCursor(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.sc.openChosen()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut lets the window's own shortcuts through.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if !forwardShortcut(e, s) {
		e.Entry.TypedShortcut(s)
	}
}

func (sc *childrenScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*button)
	if id.Col < 0 || id.Col >= len(childColumns) {
		b.SetText("")
		return
	}
	title := T(childColumns[id.Col].title)
	b.SetIcon(nil)
	if id.Col == sc.sortCol {
		if sc.sortDesc {
			b.SetIcon(theme.MoveDownIcon())
		} else {
			b.SetIcon(theme.MoveUpIcon())
		}
	}
	b.SetText(title)
	col := id.Col
	b.OnTapped = func() { sc.sortBy(col) }
}

// sortBy sorts by a column; choosing the same column again reverses it.
func (sc *childrenScreen) sortBy(col int) {
	sc.mu.Lock()
	if sc.sortCol == col {
		sc.sortDesc = !sc.sortDesc
	} else {
		sc.sortCol, sc.sortDesc = col, false
	}
	sc.sortLocked()
	sc.mu.Unlock()
	sc.table.Refresh()
}

// gapText is the funding gap shown in the list: what is still missing in the
// base currency, "funded" when nothing is, and a mark when a rate is missing.
func (sc *childrenScreen) gapText(id string) string {
	f := sc.funding[id]
	if f == nil || f.Target.Minor == 0 {
		return ""
	}
	t := T("funded")
	if f.Gap.Minor > 0 {
		t = fmtMoney(f.Gap)
	}
	if !f.Complete() {
		t += " *"
	}
	return t
}

func (sc *childrenScreen) sortLocked() {
	key := childColumns[sc.sortCol].key
	if childColumns[sc.sortCol].gap {
		key = func(c *data.ChildSummary) string {
			if f := sc.funding[c.ID]; f != nil && f.Target.Minor > 0 {
				return fmt.Sprintf("%020d", f.Gap.Minor)
			}
			return ""
		}
	}
	type keyed struct {
		key string
		row data.ChildSummary
	}
	ks := make([]keyed, len(sc.rows))
	for i := range sc.rows {
		ks[i] = keyed{key(&sc.rows[i]), sc.rows[i]}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		r := strings.Compare(a.key, b.key)
		if r == 0 {
			r = strings.Compare(data.CaseSortKey(a.row.CaseNumber), data.CaseSortKey(b.row.CaseNumber))
		}
		if sc.sortDesc {
			return -r
		}
		return r
	})
	for i := range ks {
		sc.rows[i] = ks[i].row
	}
}

// reloadSoon waits for a pause in typing before querying.
func (sc *childrenScreen) reloadSoon() {
	if syncLoads {
		sc.reload()
		return
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.timer != nil {
		sc.timer.Stop()
	}
	sc.timer = time.AfterFunc(120*time.Millisecond, func() { fyne.Do(sc.reload) })
}

// filter is what the search box and menus ask for.
func (sc *childrenScreen) filter() data.ChildFilter {
	f := data.ChildFilter{Search: sc.search.Text}
	switch i := sc.status.SelectedIndex(); {
	case i == 1:
		for _, st := range data.AllStatuses {
			if st.IsOpen() {
				f.Statuses = append(f.Statuses, st)
			}
		}
	case i > 1:
		f.Statuses = []data.Status{data.AllStatuses[i-2]}
	}
	if sc.program.SelectedIndex() > 0 {
		f.Program = sc.program.Selected
	}
	if sc.region.SelectedIndex() > 0 {
		f.Region = sc.region.Selected
	}
	return f
}

// reload queries the store off the UI thread and shows the result, unless
// a newer query has been started meanwhile.
// listed is a list of children as the database gave it for a filter.
type listed struct {
	f    data.ChildFilter
	rows []data.ChildSummary
	ok   bool
}

// searchChanged follows the search box. A search that narrows the last list
// the database gave (one more letter, or back to fewer but still within it)
// is answered from that list at once; any other asks the database after a
// pause in typing.
func (sc *childrenScreen) searchChanged() {
	f := sc.filter()
	rows, ok := sc.narrowed(f)
	if !ok {
		sc.reloadSoon()
		return
	}
	sc.mu.Lock()
	if sc.timer != nil {
		sc.timer.Stop()
	}
	sc.gen++
	gen := sc.gen
	sc.mu.Unlock()
	sc.show(gen, rows, f)
}

// narrowed takes the children f finds from the last list, when they are
// all in it: the same menus, a search within its search.
func (sc *childrenScreen) narrowed(f data.ChildFilter) ([]data.ChildSummary, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	b := sc.base
	if !b.ok || f.Program != b.f.Program || f.Region != b.f.Region || f.Deleted != b.f.Deleted ||
		f.Limit != 0 || b.f.Limit != 0 || !slices.Equal(f.Statuses, b.f.Statuses) ||
		!data.SearchNarrows(f.Search, b.f.Search) {
		return nil, false
	}
	words := data.SearchWords(f.Search)
	var out []data.ChildSummary
	for i := range b.rows {
		if b.rows[i].Matches(words) {
			out = append(out, b.rows[i])
		}
	}
	return out, true
}

func (sc *childrenScreen) reload() {
	f := sc.filter()
	sc.mu.Lock()
	sc.gen++
	gen := sc.gen
	sc.mu.Unlock()
	type result struct {
		rows []data.ChildSummary
		err  error
	}
	background(func() result {
		rows, err := sc.u.store.ListChildSummaries(sc.u.ctx, f)
		return result{rows, err}
	}, func(r result) {
		if r.err != nil {
			sc.u.showError(r.err)
			return
		}
		sc.mu.Lock()
		if gen == sc.gen {
			sc.base = listed{f, r.rows, true}
		}
		sc.mu.Unlock()
		sc.show(gen, r.rows, f)
	})
}

func (sc *childrenScreen) show(gen int, rows []data.ChildSummary, f data.ChildFilter) {
	sc.mu.Lock()
	if gen != sc.gen {
		sc.mu.Unlock()
		return
	}
	sc.rows = rows
	sc.sortLocked()
	sc.cursor = -1
	n := len(rows)
	sc.mu.Unlock()
	sc.count.SetText(T("Shown: {{.Count}}", map[string]any{"Count": n}))
	if sc.top != nil {
		sc.top.Refresh()
	}
	switch {
	case n > 0:
		sc.body.Objects = []fyne.CanvasObject{sc.table}
	case f.Search == "" && len(f.Statuses) == 0 && f.Program == "" && f.Region == "":
		sc.body.Objects = []fyne.CanvasObject{emptyState(T("No children yet."), T("Add the first case with New child (Ctrl+N)."))}
	default:
		sc.body.Objects = []fyne.CanvasObject{emptyState(T("No child matches."), T("Check the spelling or clear the search and filter."))}
	}
	sc.body.Refresh()
	sc.table.Refresh()
}

// emptyState is what a screen shows instead of an empty list: what is going
// on, and what to do next.
func emptyState(title, hint string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	h := widget.NewLabelWithStyle(hint, fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewCenter(container.NewVBox(t, h))
}

// oneLine is a multi-line text in one line of a list.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
