package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// peoplePage lists who may sign in, with their roles (administrators):
// add a person, change roles, set a new password, deactivate; and how many
// minutes without input lock the window.
type peoplePage struct {
	u    *App
	box  *fyne.Container
	root fyne.CanvasObject
}

func newPeoplePage(u *App) page { return &peoplePage{u: u} }

// RoleLabel is a role in the interface language.
func RoleLabel(r data.Role) string {
	switch r {
	case data.RoleVolunteer:
		return T("volunteer")
	case data.RoleFundraiser:
		return T("fundraiser")
	case data.RoleDirector:
		return T("director")
	case data.RoleAdmin:
		return T("administrator")
	}
	return string(r)
}

func rolesLabel(roles []data.Role) string {
	var s []string
	for _, r := range roles {
		s = append(s, RoleLabel(r))
	}
	return strings.Join(s, ", ")
}

func (p *peoplePage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	back, _ := pageTop(T("Settings"), p.u.pop)
	add := newButtonWithIcon(T("Add a person…"), theme.ContentAddIcon(), func() { p.edit(nil) })
	add.Importance = widget.HighImportance
	mins := p.u.store.LockMinutes(p.u.ctx)
	lockSel := widget.NewSelect([]string{"5", "10", "15", "30", "60", T("never")}, nil)
	if mins == 0 {
		lockSel.SetSelected(T("never"))
	} else {
		lockSel.SetSelected(strconv.Itoa(mins))
	}
	lockSel.OnChanged = func(v string) {
		n, _ := strconv.Atoi(v)
		if err := p.u.store.SetLockMinutes(p.u.ctx, n); err != nil {
			p.u.showError(err)
		}
	}
	p.box = container.NewVBox()
	top := container.NewVBox(container.NewHBox(back), heading(T("People")),
		hint(T("Each person signs in with a password of their own and sees what their roles allow: a volunteer the children's files, a fundraiser donors and donations, a director everything and the reports, an administrator people and settings.")),
		container.NewBorder(nil, nil, widget.NewLabel(T("Lock the window after this many minutes without input:")), add, container.NewHBox(lockSel)))
	p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(p.box)))
	p.refresh()
	return p.root
}

func (p *peoplePage) refresh() {
	if p.box == nil {
		return
	}
	people, err := p.u.store.People(p.u.ctx)
	if err != nil {
		p.u.showError(err)
		return
	}
	p.box.Objects = nil
	for _, person := range people {
		person := person
		name := widget.NewLabelWithStyle(person.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		info := rolesLabel(person.Roles)
		if !person.Active {
			info += " · " + T("deactivated")
		}
		today := p.u.store.Today()
		switch {
		case person.Expired(today):
			info += " · " + T("access ended {{.Date}}", map[string]any{"Date": person.Until.Local(Language())})
		case !person.Until.IsZero():
			info += " · " + T("until {{.Date}}", map[string]any{"Date": person.Until.Local(Language())})
		}
		edit := newButtonWithIcon(T("Roles…"), theme.DocumentCreateIcon(), func() { p.edit(&person) })
		pw := newButtonWithIcon(T("New password…"), theme.LoginIcon(), func() { p.newPassword(&person) })
		label := T("Deactivate")
		if !person.Active {
			label = T("Activate")
		}
		act := newButton(label, func() {
			if err := p.u.store.SetActive(p.u.ctx, person.ID, !person.Active); err != nil {
				p.u.showError(err)
			}
			p.refresh()
		})
		until := newButtonWithIcon(T("Until…"), theme.HistoryIcon(), func() { p.until(&person) })
		p.box.Add(container.NewBorder(nil, nil, name, container.NewHBox(edit, until, pw, act), widget.NewLabel(info)))
	}
	p.box.Refresh()
}

// roleChecks is one check per role, ticked for roles.
func roleChecks(roles []data.Role) (*widget.CheckGroup, func() []data.Role) {
	var labels []string
	for _, r := range data.AllRoles {
		labels = append(labels, RoleLabel(r))
	}
	g := widget.NewCheckGroup(labels, nil)
	for _, r := range roles {
		g.Selected = append(g.Selected, RoleLabel(r))
	}
	return g, func() []data.Role {
		var out []data.Role
		for i, l := range labels {
			for _, sel := range g.Selected {
				if sel == l {
					out = append(out, data.AllRoles[i])
				}
			}
		}
		return out
	}
}

// edit adds a person (nil) or changes one's roles.
func (p *peoplePage) edit(person *data.Person) {
	u := p.u
	var roles []data.Role
	if person != nil {
		roles = person.Roles
	}
	checks, chosen := roleChecks(roles)
	name := widget.NewEntry()
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	items := []*widget.FormItem{}
	title := T("Roles of {{.Name}}", map[string]any{"Name": ""})
	if person == nil {
		title = T("Add a person")
		items = append(items, widget.NewFormItem(T("Name"), name), widget.NewFormItem(T("Password"), pw1), widget.NewFormItem(T("Again"), pw2))
	} else {
		title = T("Roles of {{.Name}}", map[string]any{"Name": person.Name})
	}
	items = append(items, widget.NewFormItem(T("Roles"), checks))
	d := dialog.NewForm(title, T("Save"), T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		var err error
		switch {
		case person != nil:
			err = u.store.SetRoles(u.ctx, person.ID, chosen())
		case pw1.Text != pw2.Text:
			err = errPassphrasesDiffer
		default:
			_, err = u.store.AddPerson(u.ctx, data.NewPerson{Name: name.Text, Roles: chosen(), Password: pw1.Text})
		}
		if err != nil {
			u.showError(err)
		}
		p.refresh()
	}, u.win)
	d.Resize(fyne.NewSize(460, d.MinSize().Height))
	d.Show()
}

// until sets the last day a person may sign in (a visiting volunteer, a
// student on placement); empty: no end.
func (p *peoplePage) until(person *data.Person) {
	u := p.u
	day := newFormEntry(false)
	day.SetPlaceHolder(dateHint())
	day.SetText(person.Until.Local(Language()))
	why := widget.NewLabel(T("From the day after it, {{.Name}} cannot sign in; what they did keeps their name. Leave it empty for no end.", map[string]any{"Name": person.Name}))
	why.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm(T("Access of {{.Name}}", map[string]any{"Name": person.Name}), T("Save"), T("Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", why), widget.NewFormItem(T("Last day"), day)}, func(ok bool) {
			if !ok {
				return
			}
			var until data.Date
			if strings.TrimSpace(day.Text) != "" {
				d, err := data.ParseDate(day.Text)
				if err != nil {
					u.showError(err)
					return
				}
				until = d
			}
			if err := u.store.SetUntil(u.ctx, person.ID, until); err != nil {
				u.showError(err)
			}
			p.refresh()
		}, u.win)
	day.onEscape, day.OnSubmitted = d.Hide, func(string) { d.Submit() }
	d.Resize(fyne.NewSize(460, d.MinSize().Height))
	d.Show()
}

// newPassword sets a new password for someone who forgot theirs.
func (p *peoplePage) newPassword(person *data.Person) {
	u := p.u
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	d := dialog.NewForm(T("New password for {{.Name}}", map[string]any{"Name": person.Name}), T("Save"), T("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(T("Password"), pw1), widget.NewFormItem(T("Again"), pw2)}, func(ok bool) {
			if !ok {
				return
			}
			if pw1.Text != pw2.Text {
				u.showError(errPassphrasesDiffer)
				return
			}
			if err := u.store.SetPassword(u.ctx, person.ID, pw1.Text); err != nil {
				u.showError(err)
				return
			}
			u.inform(T("People"), T("{{.Name}} signs in with the new password from now on.", map[string]any{"Name": person.Name}))
		}, u.win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
}
