package ui

import (
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"carebook/internal/diskcrypt"
)

// safetyPage says how the children's data is protected on this computer:
// the documents encrypted, the window's lock, and whether the disk itself
// is encrypted, with how to turn that on when it is not.
type safetyPage struct {
	u    *App
	root fyne.CanvasObject
	disk *widget.Label
	how  *widget.Label
}

func newSafetyPage(u *App) page { return &safetyPage{u: u} }

func (p *safetyPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	u := p.u
	back, _ := pageTop(T("Settings"), u.pop)
	docs := T("The documents are not encrypted yet: they will be when the database gets its first person.")
	if u.store.Encrypted() {
		docs = T("The documents are encrypted on disk: only a person signed in, whose roles allow it, can read them.")
		if n, _ := u.store.PlainFiles(u.ctx); n > 0 {
			docs += " " + TN("{{.Count}} files are still waiting to be encrypted.", n)
		}
	}
	lock := T("The window never locks by itself.")
	if m := u.store.LockMinutes(u.ctx); m > 0 {
		lock = TN("The window locks after {{.Count}} minutes without input, and on Ctrl+L.", m)
	}
	p.disk = widget.NewLabel(T("Asking the system whether the disk is encrypted…"))
	p.disk.Wrapping = fyne.TextWrapWord
	p.how = widget.NewLabel("")
	p.how.Wrapping = fyne.TextWrapWord
	p.how.Hide()
	wrap := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	body := container.NewVBox(heading(T("Safety")), wrap(docs), wrap(lock), widget.NewSeparator(), p.disk, p.how)
	p.root = container.NewBorder(container.NewPadded(container.NewHBox(back)), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
	dir := filepath.Dir(u.store.Path())
	background(func() diskcrypt.State {
		st, system := diskStatus(dir)
		_ = u.store.RecordDisk(u.ctx, string(st), system)
		return st
	}, p.show)
	return p.root
}

// diskStatus asks the system about the disk a folder is on (tests fake it).
var diskStatus = diskcrypt.Status

// noteDisk records, in the background, what the system says of the disk
// the database is on: the audit log takes it to the head office, which so
// knows which offices' laptops are encrypted.
func (u *App) noteDisk() {
	dir := filepath.Dir(u.store.Path())
	background(func() error {
		st, system := diskStatus(dir)
		return u.store.RecordDisk(u.ctx, string(st), system)
	}, func(error) {})
}

// show says what the system said of the disk.
func (p *safetyPage) show(s diskcrypt.State) {
	switch s {
	case diskcrypt.Encrypted:
		p.disk.SetText(T("✓ The disk Carebook keeps its data on is encrypted: a stolen laptop gives nothing away."))
		p.disk.Importance = widget.SuccessImportance
	case diskcrypt.NotEncrypted:
		p.disk.SetText(T("The disk Carebook keeps its data on is not encrypted. The documents are, but the database itself (names, diagnoses, families) can be read by anyone who takes the laptop or its disk."))
		p.disk.Importance = widget.WarningImportance
		p.how.SetText(diskHowTo())
		p.how.Show()
	default:
		p.disk.SetText(T("Carebook could not find out whether the disk is encrypted. Ask whoever looks after this computer."))
		p.how.SetText(diskHowTo())
		p.how.Show()
	}
	p.disk.Refresh()
}

// diskHowTo says how to encrypt the disk on this system.
func diskHowTo() string {
	switch runtime.GOOS {
	case "windows":
		return T("On Windows: Settings → Privacy & security → Device encryption (or, on Windows Pro, Control Panel → BitLocker Drive Encryption → Turn on BitLocker). Keep the recovery key Windows shows in the safe, with Carebook's.")
	case "darwin":
		return T("On a Mac: System Settings → Privacy & Security → FileVault → Turn On.")
	}
	return T("On Linux the disk is encrypted when the system is installed (LUKS, «Encrypt the new installation»): ask whoever set up this computer.")
}
