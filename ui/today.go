package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/backup"
	"carebook/data"
)

// todayPage is where Carebook opens: what needs doing, in groups, for the
// one at the keyboard, each item one click from where it is done and each
// one able to be put off for a while with a note.
type todayPage struct {
	u     *App
	root  fyne.CanvasObject
	body  *fyne.Container
	items []data.TodayItem
	// rows are the items as shown (tests tap them).
	rows []*todayRow
	// shown is how many items of each kind are drawn: a large foundation
	// may have thousands of one kind, drawn a page at a time as asked.
	shown map[string]int
}

// todayPageRows is how many items of a kind Today draws at first, and how
// many more each "Show more" adds.
const (
	todayFirstRows = 5
	todayMoreRows  = 50
)

// todayRow is one item on the screen.
type todayRow struct {
	item   data.TodayItem
	text   string
	open   *button
	snooze *button
}

func newTodayPage(u *App) page { return &todayPage{u: u} }

// todayGroups are Today's groups in the order shown, with their titles.
var todayGroups = []struct {
	key, title string
	icon       func() fyne.Resource // asked when drawn: the theme is the app's
}{
	{data.TodayPapers, msg("Papers"), theme.FileIcon},
	{data.TodayMoney, msg("Money"), func() fyne.Resource { return moneyIcon }},
	{data.TodayCases, msg("Cases"), theme.AccountIcon},
	{data.TodayFoundation, msg("The foundation"), theme.HomeIcon},
}

func (p *todayPage) view() fyne.CanvasObject {
	if p.root == nil {
		p.body = container.NewVBox()
		title := heading(T("Today"))
		when := widget.NewLabel(data.DateOf(p.u.store.Now()).Local(Language()))
		again := newButtonWithIcon(T("Refresh"), theme.ViewRefreshIcon(), p.refresh)
		top := container.NewBorder(nil, nil, container.NewHBox(title, when), again)
		p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(p.body)))
	}
	return p.root
}

func (p *todayPage) refresh() {
	p.view()
	u := p.u
	items, err := u.store.TodayList(u.ctx, backup.Today(u.ctx, u.store, time.Now())...)
	if err != nil {
		p.body.RemoveAll()
		p.body.Add(widget.NewLabel(errorText(err)))
		p.body.Refresh()
		return
	}
	p.items = items
	if p.shown == nil { // kept across refreshes: what was shown more stays shown
		p.shown = map[string]int{}
	}
	p.draw()
}

// draw lays the items out, each kind's first few and a "Show more" for
// the rest.
func (p *todayPage) draw() {
	p.body.RemoveAll()
	p.rows = nil
	var snoozed []data.TodayItem
	shown := 0
	for _, g := range todayGroups {
		n := 0
		byKind, left := map[string][]fyne.CanvasObject{}, map[string]int{}
		var kinds []string
		for _, it := range p.items {
			if it.Group != g.key {
				continue
			}
			if it.Snoozed() {
				snoozed = append(snoozed, it)
				continue
			}
			n += it.Count
			if _, ok := p.shown[it.Kind]; !ok {
				p.shown[it.Kind] = todayFirstRows
			}
			if !slices.Contains(kinds, it.Kind) {
				kinds = append(kinds, it.Kind)
			}
			if len(byKind[it.Kind]) < p.shown[it.Kind] {
				byKind[it.Kind] = append(byKind[it.Kind], p.row(it))
			} else {
				left[it.Kind]++
			}
		}
		var rows []fyne.CanvasObject
		for _, k := range kinds {
			rows = append(rows, byKind[k]...)
			if left[k] > 0 {
				more := newButtonWithIcon(TN("Show more — {{.Count}} not shown", left[k]), theme.MoreHorizontalIcon(), func() {
					p.shown[k] += todayMoreRows
					p.draw()
				})
				more.Importance = widget.LowImportance
				rows = append(rows, container.NewHBox(more))
			}
		}
		if n == 0 {
			continue
		}
		shown += len(rows)
		head := container.NewHBox(widget.NewIcon(g.icon()), heading(T(g.title)), countBadge(n))
		p.body.Add(head)
		p.body.Add(container.NewVBox(rows...))
		p.body.Add(widget.NewSeparator())
	}
	if shown == 0 {
		p.body.Add(emptyState(T("Nothing needs doing today."),
			T("Papers running out, letters to write, estimates in draft, cases waiting and the foundation's own work show here as they come.")))
	}
	if len(snoozed) > 0 {
		var rows []fyne.CanvasObject
		for _, it := range snoozed {
			rows = append(rows, p.row(it))
		}
		acc := widget.NewAccordion(widget.NewAccordionItem(
			TN("{{.Count}} put off for later", len(snoozed)), container.NewVBox(rows...)))
		p.body.Add(acc)
	}
	p.body.Refresh()
}

// refreshToday lists Today again if it is on screen: something it speaks
// of has changed behind it (a backup made, the hub synced).
func (u *App) refreshToday() {
	if p, ok := u.top().(*todayPage); ok {
		p.refresh()
	}
}

// countBadge is a group's count beside its title.
func countBadge(n int) *widget.Label {
	l := widget.NewLabel(fmt.Sprint(n))
	l.Importance = widget.HighImportance
	return l
}

// row is one item: what it is, the button that goes where it is done, and
// Snooze (or, put off, when it shows again and Show now).
func (p *todayPage) row(it data.TodayItem) fyne.CanvasObject {
	r := &todayRow{item: it, text: todayText(it, p.u.store.Today())}
	label := widget.NewLabel(r.text)
	label.Wrapping = fyne.TextWrapWord
	r.open = newButtonWithIcon(todayAction(it), theme.NavigateNextIcon(), func() { p.open(it) })
	var right fyne.CanvasObject
	if it.Snoozed() {
		label.SetText(r.text + "\n" + T("Put off until {{.Date}} by {{.Who}}: {{.Note}}",
			map[string]any{"Date": it.SnoozedUntil.Local(Language()), "Who": it.SnoozedBy, "Note": it.SnoozeNote}))
		r.snooze = newButtonWithIcon(T("Show now"), theme.VisibilityIcon(), func() { p.wake(it) })
	} else {
		r.snooze = newButtonWithIcon(T("Snooze…"), theme.HistoryIcon(), func() { p.askSnooze(it) })
	}
	right = container.NewHBox(r.open, r.snooze)
	p.rows = append(p.rows, r)
	return container.NewBorder(nil, nil, nil, right, label)
}

// todayText says an item in a sentence of the interface's language.
func todayText(it data.TodayItem, today data.Date) string {
	lang := Language()
	who := strings.TrimSpace(it.Case + " " + it.Name)
	v := map[string]any{"Case": who, "Date": it.Due.Local(lang), "Detail": it.Detail}
	switch it.Kind {
	case data.TodayPapersMissing:
		var kinds []string
		for _, k := range strings.Split(it.Detail, ", ") {
			kinds = append(kinds, DocumentKindLabel(data.DocumentKind(k)))
		}
		v["Kinds"] = strings.Join(kinds, ", ")
		return T("{{.Case}}: papers missing — {{.Kinds}}", v)
	case data.TodayPaperStale:
		v["Kind"] = DocumentKindLabel(data.DocumentKind(it.Detail))
		if it.Due.Before(today) {
			return T("{{.Case}}: {{.Kind}} went stale on {{.Date}}", v)
		}
		return T("{{.Case}}: {{.Kind}} goes stale on {{.Date}}", v)
	case data.TodayConsentExpiring:
		v["Kind"] = ConsentLabel(data.ConsentKind(it.Detail))
		return T("{{.Case}}: the consent “{{.Kind}}” ends on {{.Date}}", v)
	case data.TodayConsentWithdrawn:
		v["Kind"] = ConsentLabel(data.ConsentKind(it.Detail))
		return T("{{.Case}}: the consent “{{.Kind}}” was withdrawn on {{.Date}}", v)
	case data.TodayEstimateDraft:
		return T("{{.Case}}: the estimate of {{.Detail}} is still a draft", v)
	case data.TodayEstimateExpired:
		return T("{{.Case}}: the accepted estimate of {{.Detail}} expired on {{.Date}}", v)
	case data.TodayReadyForFunded:
		return T("{{.Case}}: the gap is closed — ready for Funded", v)
	case data.TodayUnthanked:
		return TN("{{.Count}} donations not thanked after {{.Days}} days", it.Count, map[string]any{"Days": it.Detail})
	case data.TodayNoDonor:
		return TN("{{.Count}} donations of an unknown donor to match", it.Count)
	case data.TodayStatusTooLong:
		v["Status"] = StatusLabel(data.Status(it.Detail))
		return T("{{.Case}}: in {{.Status}} since {{.Date}}, longer than usual", v)
	case data.TodayAssigned:
		v["Status"] = StatusLabel(data.Status(it.Detail))
		return T("{{.Case}}: your case, in {{.Status}}", v)
	case data.TodayConflicts:
		return TN("{{.Count}} conflicts between offices to review", it.Count)
	case data.TodayOfficeSilent:
		if it.Due.IsZero() {
			return T("Office {{.Detail}}: no exchange yet", v)
		}
		return T("Office {{.Detail}}: not heard from since {{.Date}}", v)
	case data.TodayBackupOverdue:
		if it.Due.IsZero() {
			return T("No backup has been made yet")
		}
		return T("No good backup since {{.Date}}", v)
	case data.TodayHubUnsynced:
		if it.Due.IsZero() {
			return T("Not synced with the hub yet")
		}
		return T("Not synced with the hub since {{.Date}}", v)
	}
	return it.Kind
}

// todayAction names where an item's button goes.
func todayAction(it data.TodayItem) string {
	switch it.Kind {
	case data.TodayPapersMissing, data.TodayPaperStale:
		return T("Documents")
	case data.TodayEstimateDraft, data.TodayEstimateExpired, data.TodayReadyForFunded:
		return T("Money")
	case data.TodayUnthanked, data.TodayNoDonor:
		return T("Letters")
	case data.TodayConflicts, data.TodayOfficeSilent:
		return T("Exchange")
	case data.TodayHubUnsynced:
		return T("Hub")
	case data.TodayBackupOverdue:
		return T("Backups")
	}
	return T("Open")
}

// open goes where an item is done.
func (p *todayPage) open(it data.TodayItem) {
	u := p.u
	switch it.Kind {
	case data.TodayUnthanked, data.TodayNoDonor:
		u.showSectionKey("letters")
	case data.TodayConflicts, data.TodayOfficeSilent:
		u.showSectionKey("exchange")
	case data.TodayHubUnsynced:
		u.showSectionKey("settings")
		u.push(hubPage(u))
	case data.TodayBackupOverdue:
		u.openBackups()
	default:
		if it.ChildID == "" {
			return
		}
		u.openChild(it.ChildID)
		cp, ok := u.top().(*childPage)
		if !ok {
			return
		}
		switch it.Kind {
		case data.TodayPapersMissing, data.TodayPaperStale:
			cp.showTab(T("Documents"))
		case data.TodayEstimateDraft, data.TodayEstimateExpired, data.TodayReadyForFunded:
			cp.showTab(T("Money"))
		}
	}
}

// snoozeChoices are how long an item may be put off from the screen.
var snoozeChoices = []struct {
	label string
	days  int
}{
	{msg("Until tomorrow"), 1},
	{msg("For a week"), 7},
	{msg("For two weeks"), 14},
	{msg("For a month"), 30},
	{msg("For three months"), 91},
}

// askSnooze puts an item off: for how long, and why (the note is kept
// with it, and in the audit log).
func (p *todayPage) askSnooze(it data.TodayItem) {
	u := p.u
	var labels []string
	for _, c := range snoozeChoices {
		labels = append(labels, T(c.label))
	}
	how := widget.NewSelect(labels, nil)
	how.SetSelectedIndex(1)
	note := newFormEntry(true)
	note.SetPlaceHolder(T("Why: who is waiting for what (kept with the item and in the audit log)"))
	note.SetMinRowsVisible(3)
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	about := widget.NewLabel(todayText(it, u.store.Today()))
	about.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("", about),
		widget.NewFormItem(T("Put off"), how),
		widget.NewFormItem(T("Note"), note),
		widget.NewFormItem("", problem),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(T("Snooze"), T("Snooze"), T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		days := snoozeChoices[max(how.SelectedIndex(), 0)].days
		if err := u.store.Snooze(u.ctx, it, u.store.Today().AddDays(days), note.Text); err != nil {
			problem.SetText(errorText(err))
			d.Show() // keep what was typed; say what is wrong
			return
		}
		p.refresh()
		u.notify(T("Put off until {{.Date}}.", map[string]any{"Date": u.store.Today().AddDays(days).Local(Language())}), func() {
			u.store.Wake(u.ctx, it)
			p.refresh()
		})
	}, u.win)
	note.onEscape = d.Hide
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
	u.win.Canvas().Focus(note)
}

// wake shows a put-off item again at once.
func (p *todayPage) wake(it data.TodayItem) {
	if err := p.u.store.Wake(p.u.ctx, it); err != nil {
		p.u.showError(err)
		return
	}
	p.refresh()
}

// snoozeErrorText says why a snooze was refused.
func snoozeErrorText(e *data.SnoozeError) string {
	if e.Code == data.CodeRequired {
		return T("Say why it is put off: a note is needed, so that nothing is hidden without a trace.")
	}
	return T("Choose a day after today, at most a year ahead.")
}
