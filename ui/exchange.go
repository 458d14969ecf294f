package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/exchange"
)

// exchangePage is where an office hands its work to another: the offices
// with their last exchange and a button to write a bundle for each, reading
// a bundle (a preview, then Apply), and the review queue of conflicts.
type exchangePage struct {
	u        *App
	root     fyne.CanvasObject
	offices  *fyne.Container
	preview  *fyne.Container
	queue    *fyne.Container
	progress *widget.ProgressBar
	body     *fyne.Container
	incoming *data.IncomingBundle
}

func newExchangePage(u *App) page { return &exchangePage{u: u} }

func (p *exchangePage) view() fyne.CanvasObject {
	if p.root == nil {
		p.offices = container.NewVBox()
		p.preview = container.NewVBox()
		p.queue = container.NewVBox()
		p.progress = widget.NewProgressBar()
		p.progress.Hide()
		read := newButtonWithIcon(T("Read a bundle…"), theme.DownloadIcon(), p.chooseBundle)
		intro := hint(T("A regional office works on its own for weeks, then sends its work to the head office as a bundle file (on a USB stick or by e-mail) and reads the bundle the head office sends back."))
		p.body = container.NewVBox(
			heading(T("Offices")), p.offices,
			widget.NewSeparator(),
			container.NewBorder(nil, nil, nil, read, heading(T("Bundle received"))), p.progress, p.preview,
			widget.NewSeparator(),
			heading(T("Conflicts to review")), p.queue,
		)
		p.root = container.NewBorder(container.NewPadded(intro), nil, nil, nil, container.NewVScroll(container.NewPadded(p.body)))
		p.refresh()
	}
	return p.root
}

func (p *exchangePage) refresh() {
	s, ctx := p.u.store, p.u.ctx
	self, err := s.Office(ctx)
	if err != nil {
		p.u.showError(err)
		return
	}
	all, err := s.Offices(ctx)
	if err != nil {
		p.u.showError(err)
		return
	}
	disks, _ := s.DiskStates(ctx)
	p.offices.RemoveAll()
	grid := container.NewGridWithColumns(4)
	for _, o := range all {
		name := o.Code
		if o.Name != "" {
			name += " · " + o.Name
		}
		if o.Code == self.Code {
			name += " " + T("(this office)")
		}
		regions := strings.Join(o.Regions, ", ")
		if o.Head {
			regions = T("all regions")
		}
		last := T("never exchanged")
		if !o.LastExchange.IsZero() {
			last = T("last exchange {{.When}}", map[string]any{"When": o.LastExchange.Local().Format("02.01.2006 15:04")})
		}
		var action fyne.CanvasObject = widget.NewLabel("")
		if o.Code != self.Code {
			code := o.Code
			action = newButtonWithIcon(T("Write a bundle for {{.Office}}…", map[string]any{"Office": code}), theme.UploadIcon(), func() { p.write(code) })
		}
		grid.Add(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(regions))
		when := container.NewVBox(widget.NewLabel(last))
		if d := diskWords(o.Code, disks); d != nil && (self.Head || o.Code == self.Code) {
			when.Add(d)
		}
		grid.Add(when)
		grid.Add(action)
	}
	p.offices.Add(grid)
	if self.Head {
		invite := newButtonWithIcon(T("Invite an office…"), theme.ContentAddIcon(), p.invite)
		row := container.NewHBox(invite)
		if len(all) == 1 {
			row.Add(newButtonWithIcon(T("Join a foundation…"), theme.LoginIcon(), p.join))
			p.offices.Add(hint(T("This is the only office so far. Invite a regional office; or, on a regional office's new laptop, join the foundation with the invitation from the head office.")))
		}
		p.offices.Add(row)
	}
	p.showQueue()
}

// relayout lays the page out again after a part of it grew or shrank.
func (p *exchangePage) relayout() {
	if p.body != nil {
		p.body.Refresh()
	}
}

// invite asks for the new office (code, name, regions, a passphrase told
// by phone), then where to write its invitation.
func (p *exchangePage) invite() {
	u := p.u
	code, name := widget.NewEntry(), widget.NewEntry()
	code.SetPlaceHolder("SHY")
	// The regions as the cases write them, with how many cases each has;
	// a region no case uses yet can be typed.
	counts, _ := u.store.RegionCounts(u.ctx)
	var options []string
	regionOf := map[string]string{}
	for _, rc := range counts {
		o := TN("{{.Region}} ({{.Count}} cases)", rc.Cases, map[string]any{"Region": rc.Region})
		options = append(options, o)
		regionOf[o] = rc.Region
	}
	picked := widget.NewCheckGroup(options, nil)
	other := widget.NewEntry()
	other.SetPlaceHolder(T("another region, as the cases will write it"))
	regions := container.NewVBox(picked, other)
	chosen := func() []string {
		var out []string
		for _, o := range picked.Selected {
			out = append(out, regionOf[o])
		}
		if strings.TrimSpace(other.Text) != "" {
			out = append(out, other.Text)
		}
		return out
	}
	pass, again := passwordEntry(), passwordEntry()
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	about := widget.NewLabel(T("The invitation holds the cases of these regions with their documents and donors, the foundation's settings and templates. It is sealed with the passphrase: tell it to the office by phone, never in the same e-mail as the file."))
	about.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("", about),
		widget.NewFormItem(T("Office code"), code),
		widget.NewFormItem(T("Name"), name),
		widget.NewFormItem(T("Regions"), regions),
		widget.NewFormItem(T("Passphrase"), pass),
		widget.NewFormItem(T("Once more"), again),
		widget.NewFormItem("", msg),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(T("Invite an office"), T("Write the invitation…"), T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		no := data.NewOffice{Code: code.Text, Name: name.Text, Regions: chosen()}
		var err error
		if pass.Text != again.Text {
			err = errPassphrasesDiffer
		} else {
			no, err = u.store.CheckNewOffice(u.ctx, no, pass.Text)
		}
		if err != nil {
			msg.SetText(errorText(err))
			d.Show() // keep what was typed; say what is wrong
			return
		}
		write := func() { p.writeInvitation(no, pass.Text) }
		if n, err := u.store.CasesIn(u.ctx, no.Regions); err == nil && n == 0 {
			u.confirmText(T("Invite an office"), T("Invite anyway"), T("Back"),
				T("No case is in {{.Regions}}: the invitation would hold no case. Cases write their regions like this: {{.Known}}. Invite the office anyway (for a region with no case yet)?",
					map[string]any{"Regions": strings.Join(no.Regions, ", "), "Known": strings.Join(regionNames(counts), ", ")}),
				func(ok bool) {
					if ok {
						write()
					} else {
						d.Show()
					}
				})
			return
		}
		write()
	}, u.win)
	for _, e := range []*formEntry{pass, again} {
		e.onEscape, e.OnSubmitted = d.Hide, func(string) { d.Submit() }
	}
	d.Resize(fyne.NewSize(600, 560))
	d.Show()
}

func regionNames(cs []data.RegionCount) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Region)
	}
	return out
}

// writeInvitation asks where to write the invitation, and writes it.
func (p *exchangePage) writeInvitation(no data.NewOffice, passphrase string) {
	u := p.u
	u.chooseSaveAs("invitation-"+strings.ToLower(no.Code)+".cbx", []string{".cbx"}, func(path string) {
		p.progress.SetValue(0)
		p.progress.Show()
		go func() {
			sum, err := u.store.InviteOffice(u.ctx, no, passphrase, path, func(done, total int64) {
				fyne.Do(func() { p.progress.SetValue(float64(done) / float64(max(total, 1))) })
			})
			fyne.Do(func() {
				p.progress.Hide()
				if err != nil {
					u.showError(err)
					return
				}
				u.inform(T("Invite an office"), T("The invitation for {{.Office}} holds {{.Rows}} records and {{.Files}} document files. Give the office the file, and tell the passphrase by phone. The office opens Carebook on its new laptop and presses Join a foundation on its Exchange page.",
					map[string]any{"Office": no.Code, "Rows": sum.Rows, "Files": sum.Files}))
				p.refresh()
			})
		}()
	})
}

// join makes this new, empty database the office an invitation was made
// for.
func (p *exchangePage) join() {
	u := p.u
	u.chooseFile([]string{".cbx"}, func(path string) {
		pass := passwordEntry()
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		about := widget.NewLabel(T("The head office told you the invitation's passphrase by phone."))
		about.Wrapping = fyne.TextWrapWord
		items := []*widget.FormItem{widget.NewFormItem("", about), widget.NewFormItem(T("Passphrase"), pass), widget.NewFormItem("", msg)}
		var d *dialog.FormDialog
		d = dialog.NewForm(T("Join a foundation"), T("Join"), T("Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			sum, err := u.store.JoinFoundation(u.ctx, path, pass.Text)
			var ee *data.ExchangeError
			if errors.As(err, &ee) && ee.Kind == data.ExchangeWrongPassphrase {
				msg.SetText(errorText(err))
				d.Show()
				return
			}
			if err != nil {
				u.showError(err)
				return
			}
			o, _ := u.store.Office(u.ctx)
			u.switchStore(u.store) // another foundation's settings, another office
			u.inform(T("Join a foundation"), T("This database is now the office {{.Office}}: {{.Cases}} cases arrived. Send your work to the head office from the Exchange page.",
				map[string]any{"Office": o.Code, "Cases": sum.NewCases}))
		}, u.win)
		pass.onEscape, pass.OnSubmitted = d.Hide, func(string) { d.Submit() }
		d.Resize(fyne.NewSize(520, 240))
		d.Show()
	})
}

func (p *exchangePage) write(code string) {
	name := "carebook-" + strings.ToLower(code) + "-" + p.u.store.Today().String() + ".cbx"
	p.u.chooseSaveAs(name, []string{".cbx"}, func(path string) {
		p.progress.SetValue(0)
		p.progress.Show()
		go func() {
			sum, err := p.u.store.ExportBundle(p.u.ctx, code, path, func(done, total int64) {
				fyne.Do(func() { p.progress.SetValue(float64(done) / float64(max(total, 1))) })
			})
			fyne.Do(func() {
				p.progress.Hide()
				if err != nil {
					p.u.showError(err)
					return
				}
				p.u.inform(T("Bundle written"), T("The bundle for {{.Office}} holds {{.Rows}} changes and {{.Files}} document files. Send it to the office; it reads it on its Exchange page.",
					map[string]any{"Office": code, "Rows": sum.Rows, "Files": sum.Files}))
				p.refresh()
			})
		}()
	})
}

func (p *exchangePage) chooseBundle() {
	p.u.chooseFile([]string{".cbx"}, p.read)
}

// read checks a bundle and shows what it would change.
func (p *exchangePage) read(path string) {
	if p.incoming != nil {
		p.incoming.Close()
		p.incoming = nil
	}
	b, err := p.u.store.ReadBundle(p.u.ctx, path)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.incoming = b
	p.showPreview(b.Preview, false)
}

func (p *exchangePage) showPreview(v data.ExchangePreview, applied bool) {
	p.preview.RemoveAll()
	text := T("Bundle {{.Seq}} from {{.Office}}: {{.New}} new cases, {{.Updated}} cases updated, {{.Conflicts}} conflicts, documents {{.Size}}.",
		map[string]any{"Seq": v.Seq, "Office": v.From, "New": v.NewCases, "Updated": v.UpdatedCases, "Conflicts": v.Conflicts, "Size": sizeOf(v.FileBytes)})
	if applied {
		p.preview.Add(widget.NewLabel(T("Applied.") + " " + text))
		if v.Erased > 0 {
			p.preview.Add(widget.NewLabel(T("Documents emptied from the Trash at {{.Office}} and erased here too: {{.Count}}.",
				map[string]any{"Office": v.From, "Count": v.Erased})))
		}
		p.relayout()
		return
	}
	p.preview.Add(widget.NewLabel(text))
	if v.Erased > 0 {
		p.preview.Add(widget.NewLabel(T("Documents emptied from the Trash at {{.Office}} that will be erased here too: {{.Count}}.",
			map[string]any{"Office": v.From, "Count": v.Erased})))
	}
	apply := newButtonWithIcon(T("Apply"), theme.ConfirmIcon(), p.apply)
	apply.Importance = widget.HighImportance
	cancel := newButton(T("Cancel"), func() {
		p.incoming.Close()
		p.incoming = nil
		p.preview.RemoveAll()
		p.relayout()
	})
	p.preview.Add(container.NewHBox(apply, cancel))
	p.relayout()
}

func (p *exchangePage) apply() {
	b := p.incoming
	if b == nil {
		return
	}
	p.progress.SetValue(0)
	p.progress.Show()
	go func() {
		sum, err := b.Apply(p.u.ctx, func(done, total int) {
			fyne.Do(func() { p.progress.SetValue(float64(done) / float64(max(total, 1))) })
		})
		fyne.Do(func() {
			p.progress.Hide()
			b.Close()
			p.incoming = nil
			if err != nil {
				p.preview.RemoveAll()
				p.u.showError(err)
				return
			}
			p.refresh()
			p.u.children.reload()
			p.showPreview(sum, true) // last: what it says is all done
		})
	}()
}

// showQueue lists the open conflicts, each with both values side by side.
func (p *exchangePage) showQueue() {
	p.queue.RemoveAll()
	cs, err := p.u.store.Conflicts(p.u.ctx, true)
	if err != nil {
		p.u.showError(err)
		return
	}
	if len(cs) == 0 {
		p.queue.Add(hint(T("No conflicts to review. When two offices change the same medical or money field differently, both values wait here for a person to choose.")))
		p.relayout()
		return
	}
	for _, c := range cs {
		p.queue.Add(p.conflictCard(c))
	}
	p.relayout()
}

func (p *exchangePage) conflictCard(c data.Conflict) fyne.CanvasObject {
	title := c.CaseNumber + " · " + c.ChildName
	if c.CaseNumber == "" {
		title = c.Table
	}
	side := func(x data.ConflictSide) fyne.CanvasObject {
		who := x.Office
		if !x.At.IsZero() {
			who += ", " + x.At.Local().Format("02.01.2006 15:04")
		}
		value := conflictValue(c, x.Value)
		v := widget.NewLabelWithStyle(value, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.Wrapping = fyne.TextWrapWord
		keep := newButton(T("Keep this"), func() { p.resolve(c.ID, x.Value) })
		return container.NewVBox(widget.NewLabel(who), v, keep)
	}
	if c.Kind == exchange.ConflictDeleted {
		text := T("Deleted in {{.Office}} ({{.When}}) while another office changed it: it is kept.",
			map[string]any{"Office": c.A.Office, "When": c.A.At.Local().Format("02.01.2006 15:04")})
		keep := newButton(T("Keep it"), func() { p.resolve(c.ID, "keep") })
		del := newButtonWithIcon(T("Delete it"), theme.DeleteIcon(), func() { p.resolve(c.ID, "delete") })
		return widget.NewCard(title, tableWord(c.Table), container.NewVBox(widget.NewLabel(text), container.NewHBox(keep, del)))
	}
	merged := widget.NewEntry()
	merged.SetPlaceHolder(T("or type the right value"))
	save := newButton(T("Save this value"), func() {
		if strings.TrimSpace(merged.Text) == "" {
			p.u.inform(T("Conflicts to review"), T("Type the value to keep, or press Keep this under one of the two."))
			return
		}
		p.resolve(c.ID, strings.TrimSpace(merged.Text))
	})
	sub := fieldWord(c.Field) + " · " + T("now shown: {{.Value}}", map[string]any{"Value": conflictValue(c, c.Current)})
	if c.Where != "" {
		sub = c.Where + " · " + sub
	}
	if c.Currency != "" {
		merged.SetPlaceHolder(T("or type the right amount, in {{.Currency}}", map[string]any{"Currency": c.Currency}))
	}
	body := container.NewVBox(container.NewGridWithColumns(2, side(c.A), side(c.B)), container.NewBorder(nil, nil, nil, save, merged))
	return widget.NewCard(title, sub, body)
}

func (p *exchangePage) resolve(id, value string) {
	if err := p.u.store.ResolveConflict(p.u.ctx, id, value); err != nil {
		p.u.showError(err)
		return
	}
	p.showQueue()
	p.u.children.reload()
}

// conflictValue is a conflict's value as the form shows it: money with its
// currency, a status by its name, a date as dates are written.
func conflictValue(c data.Conflict, v string) string {
	switch {
	case v == "":
		return T("(empty)")
	case c.Currency != "":
		return c.ValueText(v, Language())
	case c.Field == "status":
		return StatusLabel(data.Status(v))
	}
	if d, err := data.ParseDate(v); err == nil && len(v) == 10 {
		return d.Local(Language())
	}
	return v
}

// fieldWord names a field in the interface language, as its form does.
func fieldWord(f string) string {
	switch f {
	case "unit_price_minor":
		return T("Unit price")
	case "quantity_milli":
		return T("Quantity")
	case "received_on":
		return T("Received on")
	case "paid_on":
		return T("Paid on")
	case "diagnosis":
		return T("Diagnosis")
	case "icd10":
		return T("ICD-10")
	case "status":
		return T("Status")
	case "outcome":
		return T("Outcome")
	case "program":
		return T("Program")
	case "amount_minor":
		return T("Amount")
	}
	return f
}

func tableWord(t string) string {
	switch t {
	case "children":
		return T("Child")
	case "donors":
		return T("Donor")
	}
	return t
}

func sizeOf(n int64) string {
	switch {
	case n >= 1<<20:
		return T("{{.N}} MB", map[string]any{"N": (n + 1<<19) >> 20})
	case n >= 1<<10:
		return T("{{.N}} KB", map[string]any{"N": (n + 1<<9) >> 10})
	}
	return T("{{.N}} bytes", map[string]any{"N": n})
}

// exchangeErrorText says why a bundle was refused; nothing was changed.
func exchangeErrorText(e *data.ExchangeError) string {
	var why string
	switch e.Kind {
	case data.ExchangeNotBundle:
		why = T("This is not a Carebook bundle.")
	case data.ExchangeDamaged:
		why = T("The file is damaged or incomplete: it was changed or cut short on the way. Ask the office to send it again.")
	case data.ExchangeWrongPassphrase:
		why = T("The passphrase does not open this invitation. Check the keyboard layout and Caps Lock, and try again.")
	case data.ExchangeNotForUs, data.ExchangeOtherOffice:
		why = T("This bundle is meant for another office.")
	case data.ExchangeOtherFoundation:
		why = T("This bundle belongs to another foundation.")
	case data.ExchangeForged:
		why = T("This bundle is not signed by the office it claims to come from.")
	case data.ExchangeUnsafe:
		why = T("This bundle holds entries Carebook never writes; it may have been tampered with.")
	case data.ExchangeFileMismatch:
		why = T("A document in this bundle does not match its fingerprint.")
	case data.ExchangeNewer:
		why = T("This bundle was written by a newer Carebook. Update Carebook first.")
	case data.ExchangeNotInvitation:
		why = T("This is a bundle, not an invitation: read it with Read a bundle.")
	case data.ExchangeNotEmpty:
		return T("This database already holds cases, donors or donations; joining would replace them. Join with a new database: carebook office join --bundle FILE --db NEW.db.")
	case data.ExchangeBadCode:
		return T("An office code is 2 to 6 Latin capital letters or digits, not HQ (for example SHY).")
	case data.ExchangeNoName:
		return T("Give the office a name.")
	case data.ExchangeNoRegion:
		return T("Name at least one region the office serves.")
	case data.ExchangeShortPassphrase:
		return T("The passphrase must be at least {{.N}} characters long.", map[string]any{"N": data.MinInvitePassphrase})
	case data.ExchangeOfficeExists:
		return T("There is already an office {{.Office}}.", map[string]any{"Office": e.Detail})
	case data.ExchangeNotHead:
		return T("Only the head office invites offices.")
	case data.ExchangeToSelf:
		return T("A bundle goes to another office, not to this one.")
	case data.ExchangeAlreadyApplied:
		return T("This bundle has already been applied: nothing to do.")
	case data.ExchangeUnknownOffice:
		why = T("This bundle comes from an office this database does not know ({{.Office}}).", map[string]any{"Office": e.Detail})
	default:
		why = e.Error()
	}
	return why + " " + T("Nothing was changed.")
}

// diskWords says whether an office's computers keep the data on encrypted
// disks, as their audit logs last said (nil: nothing heard yet).
func diskWords(office string, disks []data.DiskState) *widget.Label {
	var plain, unknown []string
	n := 0
	for _, d := range disks {
		if d.Office != office {
			continue
		}
		n++
		switch d.State {
		case data.DiskNotEncrypted:
			plain = append(plain, d.Computer)
		case data.DiskEncrypted:
		default:
			unknown = append(unknown, d.Computer)
		}
	}
	var l *widget.Label
	switch {
	case n == 0:
		l = widget.NewLabel(T("Disk encryption: not heard of yet"))
	case len(plain) > 0:
		l = widget.NewLabel(T("⚠ Disk not encrypted: {{.Computers}}", map[string]any{"Computers": strings.Join(plain, ", ")}))
		l.Importance = widget.WarningImportance
	case len(unknown) > 0:
		l = widget.NewLabel(T("Disk encryption unknown: {{.Computers}}", map[string]any{"Computers": strings.Join(unknown, ", ")}))
	default:
		l = widget.NewLabel(TN("✓ Disk encrypted ({{.Count}} computers)", n))
		l.Importance = widget.SuccessImportance
	}
	l.Wrapping = fyne.TextWrapWord
	return l
}
