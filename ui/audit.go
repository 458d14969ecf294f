package ui

import (
	"bytes"
	"encoding/csv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
)

// auditPage is who did and saw what (directors and administrators):
// filtered by person, child, kind of action and dates, exported as CSV.
type auditPage struct {
	u        *App
	root     fyne.CanvasObject
	person   *widget.Select
	child    *widget.Entry
	kind     *widget.Select
	from, to *widget.Entry
	list     *widget.List
	empty    *widget.Label
	entries  []data.AuditEntry
	people   []data.Person
	office   string // this database's office: entries of others are marked
}

func newAuditPage(u *App) page { return &auditPage{u: u} }

// auditKinds are the kinds of action the filter offers, with their words.
var auditKinds = []struct{ action, label string }{
	{data.AuditViewChild, msg("Opened a child's file")},
	{data.AuditViewDocument, msg("Opened a document")},
	{data.AuditSaveDocument, msg("Saved a copy of a document")},
	{data.AuditReport, msg("Printed a report")},
	{data.AuditLetters, msg("Wrote letters")},
	{data.AuditSignIn, msg("Signed in")},
	{data.AuditSignOut, msg("Signed out")},
	{data.AuditLock, msg("Locked the window")},
	{data.AuditSnooze, msg("Put off an item of Today")},
	{data.AuditWake, msg("Showed a put-off item again")},
	{"create", msg("Added")},
	{"update", msg("Changed")},
	{"delete", msg("Moved to the Trash")},
	{"restore", msg("Restored")},
	{"status", msg("Changed a case's status")},
	{"purge", msg("Erased from the Trash")},
}

func auditActionText(a string) string {
	for _, k := range auditKinds {
		if k.action == a {
			return T(k.label)
		}
	}
	return a
}

func (p *auditPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	p.people, _ = p.u.store.People(p.u.ctx)
	if o, err := p.u.store.Office(p.u.ctx); err == nil {
		p.office = o.Code
	}
	names := []string{T("Everyone")}
	for _, pp := range p.people {
		names = append(names, pp.Name)
	}
	p.person = widget.NewSelect(names, func(string) { p.refresh() })
	p.person.SetSelectedIndex(0)
	kinds := []string{T("Every kind")}
	for _, k := range auditKinds {
		kinds = append(kinds, T(k.label))
	}
	p.kind = widget.NewSelect(kinds, func(string) { p.refresh() })
	p.kind.SetSelectedIndex(0)
	p.child = widget.NewEntry()
	p.child.SetPlaceHolder(T("Case number"))
	p.child.OnSubmitted = func(string) { p.refresh() }
	p.from, p.to = widget.NewEntry(), widget.NewEntry()
	p.from.SetPlaceHolder(T("From (date)"))
	p.to.SetPlaceHolder(T("To (date)"))
	p.from.OnSubmitted = func(string) { p.refresh() }
	p.to.OnSubmitted = func(string) { p.refresh() }
	apply := newButtonWithIcon(T("Apply"), theme.SearchIcon(), p.refresh)
	export := newButtonWithIcon(T("Export CSV…"), theme.DocumentSaveIcon(), p.export)
	p.list = widget.NewList(func() int { return len(p.entries) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewLabel("2026-12-04 10:00"), nil, widget.NewLabel("who"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := p.entries[i]
			box := o.(*fyne.Container)
			box.Objects[1].(*widget.Label).SetText(e.At.Local().Format("2006-01-02 15:04"))
			line := e.Who + " · " + auditActionText(e.Action)
			if e.Summary != "" {
				line += " · " + e.Summary
			}
			if e.Computer != "" {
				line += " · " + e.Computer
			}
			if e.Office != "" && e.Office != p.office {
				line = e.Office + " · " + line // another office's, at the head office
			}
			lbl := box.Objects[0].(*widget.Label)
			lbl.Truncation = fyne.TextTruncateEllipsis
			lbl.SetText(line)
		})
	p.empty = hint(T("Nothing recorded matches. Choose another person, kind or dates."))
	filters := container.NewGridWithColumns(5, p.person, p.kind, p.child, p.from, p.to)
	top := container.NewVBox(heading(T("Audit")),
		hint(T("Every change, every opened file and document, every report and sign-in, with who did it and on which computer. Nobody can change or delete these entries.")),
		container.NewBorder(nil, nil, nil, container.NewHBox(apply, export), filters))
	p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewStack(p.list, container.NewPadded(p.empty)))
	p.refresh()
	return p.root
}

// filter is what the fields choose.
func (p *auditPage) filter() (data.AuditFilter, error) {
	var f data.AuditFilter
	if i := p.person.SelectedIndex(); i > 0 {
		f.PersonID = p.people[i-1].ID
	}
	if i := p.kind.SelectedIndex(); i > 0 {
		f.Actions = []string{auditKinds[i-1].action}
	}
	if c := strings.TrimSpace(p.child.Text); c != "" {
		kid, err := p.u.store.ChildByCase(p.u.ctx, c)
		if err != nil {
			return f, err
		}
		f.ChildID = kid.ID
	}
	for _, d := range []struct {
		e *widget.Entry
		p *data.Date
	}{{p.from, &f.From}, {p.to, &f.To}} {
		if t := strings.TrimSpace(d.e.Text); t != "" {
			v, err := data.ParseDate(t)
			if err != nil {
				return f, err
			}
			*d.p = v
		}
	}
	return f, nil
}

func (p *auditPage) refresh() {
	if p.list == nil {
		return
	}
	f, err := p.filter()
	if err == nil {
		p.entries, err = p.u.store.AuditEntries(p.u.ctx, f)
	}
	if err != nil {
		p.u.showError(err)
		return
	}
	p.empty.Hidden = len(p.entries) > 0
	p.empty.Refresh()
	p.list.Refresh()
}

// export writes the entries shown as CSV.
func (p *auditPage) export() {
	p.u.chooseSaveAs(T("audit")+" "+p.u.store.Today().String()+".csv", []string{".csv"}, func(path string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"at", "office", "who", "computer", "action", "entity", "entity_id", "child_id", "summary"})
		for _, e := range p.entries {
			w.Write([]string{e.At.UTC().Format("2006-01-02T15:04:05Z"), e.Office, e.Who, e.Computer, e.Action, e.Entity, e.EntityID, e.ChildID, e.Summary})
		}
		w.Flush()
		err := p.u.store.CheckOutputs(p.u.ctx, data.Output{Path: path})
		if err == nil {
			err = filestore.WriteFileAtomic(path, b.Bytes())
		}
		if err == nil {
			err = p.u.store.Record(p.u.ctx, data.AuditCSV, "audit", "", "", path)
		}
		if err != nil {
			p.u.showError(err)
			return
		}
		p.u.offerOpen(T("Audit"), path, path)
	})
}
