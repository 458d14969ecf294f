package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/reports"
)

// Who is at the keyboard. A database without people shows everything and
// asks, once, for its first person (who becomes director and administrator
// and is shown the recovery key). A database with people opens at the
// sign-in screen; the desk then shows what that person's roles allow. After
// some minutes without input, and on Ctrl+L, the window locks: only the
// lock screen shows. The same person unlocks and finds their desk as they
// left it; another may sign in instead and gets a desk of their own, while
// the first one's is kept for them.

// session is the window's side of signing in.
type session struct {
	mu        sync.Mutex
	lastInput time.Time
	locked    bool
	shown     fyne.CanvasObject // the desk's window content while the lock screen shows
	kept      map[string]desk   // the desks of people who locked and let another sign in
	keptView  map[string]fyne.CanvasObject
	print     string // what the focused field held at the last look (see watch)
	stopIdle  chan struct{}
	// backupOnSignIn: the backup due at start waits for someone to sign in.
	backupOnSignIn bool
	hubOnSignIn    bool // and so does the hub's sync
	watching       bool // the idle lock is watching
	// now is the clock the lock goes by; tests replace it.
	now func() time.Time
}

func (u *App) clock() time.Time {
	if u.session.now != nil {
		return u.session.now()
	}
	return time.Now()
}

// touch notes that the person did something.
func (u *App) touch() {
	u.session.mu.Lock()
	u.session.lastInput = u.clock()
	u.session.mu.Unlock()
}

// gate shows what the window shows before the desk: the first person's
// form, or the sign-in screen.
func (u *App) gate() {
	u.touch()
	has, err := u.store.HasPeople(u.ctx)
	switch {
	case err != nil:
		return // the desk shows, and the error with the first action
	case !has && u.store.ReadOnly() == nil:
		u.win.SetContent(u.firstPersonScreen())
	case has && u.store.Person() == nil:
		u.win.SetContent(u.signInScreen(""))
	default:
		u.applyPersonLanguage()
		u.sealLeftFiles()
		u.watchIdle() // signed in already (the demo): the lock watches from the start
		u.noteDisk()
	}
}

// screenBox shows a narrow column of widgets in the middle of an otherwise
// empty window (the sign-in, lock and first-person screens).
func screenBox(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&column{w: 460}, container.NewVBox(objs...))
}

// column lays out its one object w wide (less on a narrow window),
// centred, a third of the way down: wrapped text is measured at that
// width, so nothing overlaps.
type column struct{ w float32 }

func (c *column) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	return fyne.NewSize(min(s.Width, c.w), s.Height)
}

func (c *column) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(c.w, size.Width-32)
	objs[0].Resize(fyne.NewSize(w, size.Height))
	h := objs[0].MinSize().Height // now measured at width w
	objs[0].Resize(fyne.NewSize(w, h))
	objs[0].Move(fyne.NewPos((size.Width-w)/2, max(16, (size.Height-h)/3)))
}

// firstPersonScreen asks who looks after this database.
func (u *App) firstPersonScreen() fyne.CanvasObject {
	name := widget.NewEntry()
	name.SetPlaceHolder(T("Your name, as colleagues know it"))
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	pw1.SetPlaceHolder(T("Password (at least {{.N}} characters)", map[string]any{"N": data.MinPassword}))
	pw2.SetPlaceHolder(T("The same password again"))
	problem := problemLabel()
	var create *button
	submit := func() {
		switch {
		case pw1.Text != pw2.Text:
			say(problem, T("The two passwords differ. Type the same password twice."))
			return
		}
		p, key, err := u.store.AddFirstPerson(u.ctx, name.Text, Language(), pw1.Text)
		if err != nil {
			say(problem, errorText(err))
			return
		}
		u.showRecoveryKey(p, key)
	}
	pw2.OnSubmitted = func(string) { submit() }
	create = newButtonWithIcon(T("Start"), theme.ConfirmIcon(), submit)
	create.Importance = widget.HighImportance
	intro := widget.NewLabel(T("Carebook keeps children's medical papers: each person who uses it signs in with a password of their own. You are the first: you will be this database's director and administrator, and you add the others in Settings → People."))
	intro.Wrapping = fyne.TextWrapWord
	s := screenBox(heading(T("Who looks after this database?")), intro,
		widget.NewForm(widget.NewFormItem(T("Name"), name), widget.NewFormItem(T("Password"), pw1), widget.NewFormItem(T("Again"), pw2)),
		problem, container.NewHBox(layoutSpacer(), create))
	fyne.Do(func() { u.win.Canvas().Focus(name) })
	return s
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// problemLabel is where a screen says, in red, what went wrong; hidden
// until then.
func problemLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// say shows text in a problem label.
func say(l *widget.Label, text string) {
	l.SetText(text)
	l.Show()
}

// showRecoveryKey shows the recovery key, once, with the sheet to print.
func (u *App) showRecoveryKey(p *data.Person, key string) {
	keyText := widget.NewLabelWithStyle(key, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	text := widget.NewLabel(T("This is the recovery key. With it, a forgotten password of the last administrator can be replaced. It is shown only now: save the sheet, print it and keep it in the safe."))
	text.Wrapping = fyne.TextWrapWord
	kept := widget.NewCheck(T("I have saved or written down the recovery key"), nil)
	cont := newButtonWithIcon(T("Continue"), theme.NavigateNextIcon(), func() {
		u.signedIn()
	})
	cont.Importance = widget.HighImportance
	cont.Disable()
	kept.OnChanged = func(b bool) {
		if b {
			cont.Enable()
		} else {
			cont.Disable()
		}
	}
	sheet := newButtonWithIcon(T("Save the recovery sheet (PDF)…"), theme.DocumentSaveIcon(), func() {
		u.chooseSaveAs(T("recovery key")+".pdf", []string{".pdf"}, func(path string) {
			st, _ := u.store.Settings(u.ctx)
			var b bytes.Buffer
			err := reports.RecoverySheet(&b, reports.RecoveryOptions{Lang: Language(), Foundation: st.FoundationName,
				Database: filepath.Base(u.store.Path()), Person: p.Name, Key: key})
			if err == nil {
				if err = u.store.CheckOutputs(u.ctx, data.Output{Path: path}); err == nil {
					err = filestore.WriteFileAtomic(path, b.Bytes())
				}
			}
			if err != nil {
				u.showError(err)
				return
			}
			kept.SetChecked(true)
			u.offerOpen(T("Recovery key"), path, path)
		})
	})
	u.win.SetContent(screenBox(heading(T("Recovery key")), text, widget.NewCard("", "", keyText), sheet, kept,
		container.NewHBox(layoutSpacer(), cont)))
}

// signInScreen asks who is at the keyboard. first, when set, is the person
// chosen at first.
func (u *App) signInScreen(first string) fyne.CanvasObject {
	people, err := u.store.People(u.ctx)
	if err != nil {
		return screenBox(widget.NewLabel(errorText(err)))
	}
	var names []string
	for _, p := range people {
		if p.Active {
			names = append(names, p.Name)
		}
	}
	who := widget.NewSelect(names, nil)
	who.PlaceHolder = T("Choose your name")
	if first != "" {
		who.SetSelected(first)
	} else if len(names) == 1 {
		who.SetSelected(names[0])
	}
	pw := widget.NewPasswordEntry()
	problem := problemLabel()
	submit := func() {
		if who.Selected == "" {
			say(problem, T("Choose your name."))
			return
		}
		if _, err := u.store.SignIn(u.ctx, who.Selected, pw.Text); err != nil {
			pw.SetText("")
			say(problem, errorText(err))
			return
		}
		u.signedIn()
	}
	pw.OnSubmitted = func(string) { submit() }
	who.OnChanged = func(string) { u.win.Canvas().Focus(pw) }
	in := newButtonWithIcon(T("Sign in"), theme.LoginIcon(), submit)
	in.Importance = widget.HighImportance
	forgot := widget.NewLabel(T("Forgot your password? An administrator sets a new one in Settings → People."))
	forgot.Wrapping = fyne.TextWrapWord
	forgot.Importance = widget.LowImportance
	s := screenBox(heading(T("Sign in to Carebook")),
		widget.NewForm(widget.NewFormItem(T("Name"), who), widget.NewFormItem(T("Password"), pw)),
		problem, container.NewHBox(layoutSpacer(), in), forgot)
	if who.Selected != "" {
		fyne.Do(func() { u.win.Canvas().Focus(pw) })
	}
	return s
}

// signedIn shows the person who just signed in their desk: the one they
// left when they locked the window, or a new one.
func (u *App) signedIn() {
	p := u.store.Person()
	u.touch()
	u.session.mu.Lock()
	u.session.locked = false
	u.session.mu.Unlock()
	if p != nil {
		if d, ok := u.session.kept[p.ID]; ok {
			u.desk = d
			view := u.session.keptView[p.ID]
			delete(u.session.kept, p.ID)
			delete(u.session.keptView, p.ID)
			u.win.SetContent(view)
			u.refreshPerson()
			return
		}
	}
	u.applyPersonLanguage()
	u.sealLeftFiles()
	cur := u.current
	u.buildDesk()
	u.current = min(cur, len(u.sections)-1)
	u.openDesk()
	u.children.reload()
	u.watchIdle()
	u.noteDisk()
	if u.session.backupOnSignIn {
		u.session.backupOnSignIn = false
		u.autoBackup()
	}
	if u.session.hubOnSignIn {
		u.session.hubOnSignIn = false
		u.startHub()
	}
}

// sealLeftFiles encrypts the document files still in the clear: all of them
// when the first person was just added, else those a stop or a restore left.
func (u *App) sealLeftFiles() {
	if n, err := u.store.PlainFiles(u.ctx); err != nil || n == 0 {
		return
	}
	runLong(u, longJob{title: T("Encrypting the documents…"), line: T("Each file is encrypted beside itself and only then replaces the plain one: stopping loses nothing."), measured: true, cancel: T("Cancel")},
		func(j *job) error {
			_, err := u.store.SealFiles(j.ctx, j.Progress)
			return err
		}, func(err error) {
			if err != nil && !errors.Is(err, context.Canceled) {
				u.showError(err)
			}
		})
}

// applyPersonLanguage switches to the signed-in person's language.
func (u *App) applyPersonLanguage() {
	if p := u.store.Person(); p != nil && p.Lang != "" && p.Lang != Language() {
		SetLanguage(p.Lang)
		u.win.SetMainMenu(u.mainMenu())
	}
}

// lock hides everything behind the lock screen (Ctrl+L, or minutes without
// input). The desk stays as it is, unsaved typing included.
func (u *App) lock() {
	p := u.store.Person()
	u.session.mu.Lock()
	if u.session.locked || p == nil {
		u.session.mu.Unlock()
		return
	}
	u.session.locked = true
	u.session.shown = u.win.Content()
	u.session.mu.Unlock()
	u.store.Record(u.ctx, data.AuditLock, "person", p.ID, "", p.Name)
	u.win.SetContent(u.lockScreen(p))
}

// Locked says whether the lock screen shows (tests).
func (u *App) Locked() bool {
	u.session.mu.Lock()
	defer u.session.mu.Unlock()
	return u.session.locked
}

// lockScreen lets the same person back in, or another sign in.
func (u *App) lockScreen(p *data.Person) fyne.CanvasObject {
	pw := widget.NewPasswordEntry()
	problem := problemLabel()
	unlock := func() {
		if err := u.store.CheckPassword(u.ctx, pw.Text); err != nil {
			pw.SetText("")
			say(problem, errorText(err))
			return
		}
		u.unlock()
	}
	pw.OnSubmitted = func(string) { unlock() }
	in := newButtonWithIcon(T("Unlock"), theme.LoginIcon(), unlock)
	in.Importance = widget.HighImportance
	other := newButtonWithIcon(T("Someone else signs in…"), theme.AccountIcon(), func() { u.switchPerson(p) })
	other.Importance = widget.LowImportance
	said := widget.NewLabel(T("Carebook is locked. {{.Name}} is signed in; what was open stays as it was.", map[string]any{"Name": p.Name}))
	said.Wrapping = fyne.TextWrapWord
	s := screenBox(container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())), heading(T("Locked")), said,
		widget.NewForm(widget.NewFormItem(T("Password"), pw)), problem, container.NewHBox(other, layoutSpacer(), in))
	fyne.Do(func() { u.win.Canvas().Focus(pw) })
	return s
}

// unlock shows the desk again as it was.
func (u *App) unlock() {
	u.session.mu.Lock()
	shown := u.session.shown
	u.session.locked = false
	u.session.shown = nil
	u.session.mu.Unlock()
	u.touch()
	u.win.SetContent(shown)
}

// switchPerson keeps the locked person's desk for them and asks who signs
// in instead.
func (u *App) switchPerson(p *data.Person) {
	u.session.mu.Lock()
	if u.session.kept == nil {
		u.session.kept, u.session.keptView = map[string]desk{}, map[string]fyne.CanvasObject{}
	}
	u.session.kept[p.ID] = u.desk
	u.session.keptView[p.ID] = u.session.shown
	u.session.shown = nil
	u.session.mu.Unlock()
	u.store.SignOut(u.ctx)
	u.win.SetContent(u.signInScreen(""))
}

// signOut leaves nobody signed in (the foot's menu).
func (u *App) signOut() {
	u.leave(func() {
		u.store.SignOut(u.ctx)
		u.session.mu.Lock()
		u.session.locked = false
		u.session.mu.Unlock()
		u.win.SetContent(u.signInScreen(""))
	}, nil)
}

// personButton is the foot's "who is signed in", with Lock and Sign out.
func (u *App) personButton() fyne.CanvasObject {
	p := u.store.Person()
	if p == nil {
		return container.NewStack()
	}
	text := p.Name
	if p.Demo {
		text = T("{{.Name}} (demo director)", map[string]any{"Name": p.Name})
	}
	var b *button
	b = newButtonWithIcon(text, theme.AccountIcon(), func() {
		items := []*fyne.MenuItem{
			fyne.NewMenuItem(T("Lock (Ctrl+L)"), u.lock),
			fyne.NewMenuItem(T("Sign out"), u.signOut),
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), u.win.Canvas(), pos)
	})
	b.Importance = widget.LowImportance
	return b
}

func (u *App) refreshPerson() {}

// watchIdle locks the window after the minutes the settings say without
// input. What counts as input: typing anywhere, moving between pages, a
// change in the field that has the cursor, and on Windows any key or mouse
// movement the system saw.
func (u *App) watchIdle() {
	u.session.watching = true
	if u.session.stopIdle != nil || syncLoads { // tests call checkIdle themselves
		return
	}
	stop := make(chan struct{})
	u.session.stopIdle = stop
	go func() {
		t := time.NewTicker(15 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-u.ctx.Done():
				return
			case <-t.C:
				fyne.Do(u.checkIdle)
			}
		}
	}()
}

// checkIdle locks the window when nobody has touched it for long enough.
func (u *App) checkIdle() {
	mins := u.store.LockMinutes(u.ctx)
	if mins == 0 || u.store.Person() == nil || u.Locked() {
		return
	}
	if f, ok := u.win.Canvas().Focused().(interface{ SelectedText() string }); ok {
		state := fmt.Sprintf("%p", f)
		if e, ok := f.(*formEntry); ok {
			state += e.Text
		} else if e, ok := f.(*widget.Entry); ok {
			state += e.Text
		}
		if state != u.session.print {
			if u.session.print != "" { // typed since the last look
				u.touch()
			}
			u.session.print = state
		}
	}
	u.session.mu.Lock()
	last := u.session.lastInput
	u.session.mu.Unlock()
	idle := u.clock().Sub(last)
	if sys, ok := systemIdle(); ok && sys < idle {
		idle = sys
	}
	if idle >= time.Duration(mins)*time.Minute {
		u.lock()
	}
}
