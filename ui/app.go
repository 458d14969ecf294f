// Package ui is Carebook's desktop interface, in Fyne. It receives an open
// store and never opens a database itself, and it holds no SQL.
package ui

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/assets"
	"carebook/backup"
	"carebook/bank"
	"carebook/data"
	"carebook/data/filestore"
	"carebook/hub"
	"carebook/reports"
)

// page is what fills the main area: a list, a child's page, a form.
type page interface {
	view() fyne.CanvasObject
}

// A page that can hold unsaved changes says so; leaving it then asks first.
type dirtier interface{ dirty() bool }

// A page that saves on Ctrl+S.
type saver interface{ trySave() }

// A page that reloads its data when it is shown again.
type refresher interface{ refresh() }

// section is an entry of the sidebar.
type section struct {
	key   string
	title string
	icon  fyne.Resource
	root  func() page
}

// App is the main window on one database.
type App struct {
	app   fyne.App
	win   fyne.Window
	store *data.Store
	ctx   context.Context

	sections []section
	nav      *widget.List
	current  int
	stack    []page
	body     *fyne.Container

	children *childrenScreen
	donors   *donorsScreen

	bannerText *widget.Label // why nothing can be changed (nil: everything can)
	split      *container.Split
	status     *widget.Button // the foot of the window: backups
	notice     *fyne.Container
	noticeText *widget.Label
	noticeUndo *widget.Button
	noticeGen  int
	backups    backupState
	hub        hubState

	// Reopen opens the database again after a restore (set by main).
	Reopen func() (*data.Store, error)
	first  *data.Store // the store the window was given (its opener closes it)

	thumbs     thumbCache
	opener     func(path string) error // opens a file with its program; nil: the system's
	lastOpened string                  // the last temporary copy opened in a viewer (tests read it)
	lastReport string                  // the last report written
}

// Preference keys.
const (
	prefWidth      = "window.width"
	prefHeight     = "window.height"
	prefSection    = "window.section"
	prefLanguage   = "language"
	prefLastFolder = "files.lastFolder"
)

// New builds the main window on the store. The caller shows it.
func New(a fyne.App, s *data.Store) *App {
	u := &App{app: a, store: s, first: s, ctx: context.Background()}
	a.Settings().SetTheme(carebookTheme{})
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	u.win = a.NewWindow(u.windowTitle())
	u.children = newChildrenScreen(u)
	u.children.OnOpen = u.openChild
	u.donors = newDonorsScreen(u)
	u.sections = []section{
		{"children", msg("Children"), theme.AccountIcon(), func() page { return u.children }},
		{"donors", msg("Donors"), heartIcon, func() page { return u.donors }},
		{"letters", msg("Letters"), theme.MailComposeIcon(), func() page { return newLettersPage(u) }},
		{"reports", msg("Reports"), theme.DocumentPrintIcon(), func() page { return newReportsPage(u, "") }},
		{"settings", msg("Settings"), theme.SettingsIcon(), func() page { return newSettingsPage(u) }},
		{"trash", msg("Trash"), theme.DeleteIcon(), func() page { return newTrashPage(u) }},
		{"exchange", msg("Exchange"), theme.MailForwardIcon(), func() page { return newExchangePage(u) }},
	}
	u.body = container.NewStack()
	u.nav = widget.NewList(
		func() int { return len(u.sections) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Rehabilitation"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.sections[i].icon)
			box.Objects[1].(*widget.Label).SetText(T(u.sections[i].title))
		})
	u.nav.OnSelected = func(i widget.ListItemID) {
		if i == u.current && len(u.stack) == 1 {
			return
		}
		u.leave(func() { u.showSection(i) }, func() { u.nav.Select(u.current) })
	}
	u.split = container.NewHSplit(u.nav, u.body)
	u.split.SetOffset(0.14)
	u.win.SetContent(u.content())
	u.win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.win.SetCloseIntercept(u.close)
	u.win.SetOnDropped(u.dropped)
	w := a.Preferences().FloatWithFallback(prefWidth, 1280)
	h := a.Preferences().FloatWithFallback(prefHeight, 720)
	u.win.Resize(fyne.NewSize(float32(max(w, 800)), float32(max(h, 560))))
	start := 0
	for i, s := range u.sections {
		if s.key == a.Preferences().String(prefSection) {
			start = i
		}
	}
	u.showSection(start)
	return u
}

// content is the window: a banner when nothing can be changed, the sections
// and the page, and the backups' state at the foot.
func (u *App) content() fyne.CanvasObject {
	return container.NewBorder(u.banner(), u.statusBar(), nil, nil, u.split)
}

// applyLanguage switches the interface language at once: the screens are
// built again in it.
func (u *App) applyLanguage(code string) {
	SetLanguage(code)
	u.win.SetMainMenu(u.mainMenu())
	u.switchStore(u.store)
	u.nav.Refresh()
}

// switchStore shows another store (the database restored in place of the
// one that was open), building the screens again.
func (u *App) switchStore(s *data.Store) {
	u.store = s
	u.thumbs = thumbCache{}
	u.children = newChildrenScreen(u)
	u.children.OnOpen = u.openChild
	u.donors = newDonorsScreen(u)
	u.win.SetContent(u.content())
	u.win.SetTitle(u.windowTitle())
	u.showSection(u.current)
	u.children.reload()
	u.startHub()
}

func (u *App) windowTitle() string {
	title := "Carebook"
	if st, err := u.store.Settings(u.ctx); err == nil && st.FoundationName != "" {
		title += " — " + st.FoundationName
	}
	if u.store.IsDemo(u.ctx) {
		title += " " + T("(demo data)")
	}
	return title
}

// Window is the main window.
func (u *App) Window() fyne.Window { return u.win }

// Start loads the screens' data in the background and clears copies of
// documents left in the temporary folder by an earlier session.
func (u *App) Start() {
	go filestore.CleanOpenCopies(12 * time.Hour)
	u.children.reload()
	u.autoBackup()
	u.startHub()
}

// dropped attaches files dropped on the window to the child on screen.
func (u *App) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	for i := len(u.stack) - 1; i >= 0; i-- {
		switch p := u.stack[i].(type) {
		case *attachSheet:
			p.add(paths)
			return
		case *childPage:
			if i == len(u.stack)-1 {
				u.openAttachSheet(p, paths)
				return
			}
		}
	}
	u.inform(T("Attach documents"), T("Open a child's page first, then drop the files on it."))
}

// ShowAndRun shows the window and runs the app until it closes.
func (u *App) ShowAndRun() {
	u.Start()
	u.win.ShowAndRun()
	if u.store != u.first {
		u.store.Close()
	}
}

func (u *App) mainMenu() *fyne.MainMenu {
	// Fyne draws a menu item's shortcut flush against the menu's edge,
	// where some screens clip it: the shortcut is named in the label
	// instead, and the window itself listens for it (addShortcuts).
	newChild := fyne.NewMenuItem(withShortcut(T("New child"), "N"), func() { u.leave(u.newChild, nil) })
	newDonor := fyne.NewMenuItem(T("New donor"), func() { u.leave(u.newDonor, nil) })
	find := fyne.NewMenuItem(withShortcut(T("Find a child"), "F"), u.find)
	save := fyne.NewMenuItem(withShortcut(T("Save"), "S"), u.saveCurrent)
	var goItems []*fyne.MenuItem
	for i, s := range u.sections {
		goItems = append(goItems, fyne.NewMenuItem(T(s.title), func() {
			u.leave(func() { u.showSection(i) }, nil)
		}))
	}
	return fyne.NewMainMenu(
		fyne.NewMenu(T("File"), newChild, newDonor, fyne.NewMenuItemSeparator(), save),
		fyne.NewMenu(T("Go"), append([]*fyne.MenuItem{find, fyne.NewMenuItemSeparator()}, goItems...)...),
	)
}

// withShortcut names a menu item's shortcut after its label.
func withShortcut(label, key string) string {
	if runtime.GOOS == "darwin" {
		return label + "   ⌘" + key
	}
	return label + "   (Ctrl+" + key + ")"
}

// addShortcuts makes the shortcuts work; a focused field hands them on
// (forwardShortcut).
func (u *App) addShortcuts() {
	c := u.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}, func(fyne.Shortcut) { u.leave(u.newChild, nil) })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}, func(fyne.Shortcut) { u.find() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}, func(fyne.Shortcut) { u.saveCurrent() })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if dialogKey(c, k) {
			return
		}
		if k.Name == fyne.KeyEscape {
			u.escape()
		}
	})
}

// find goes to the children list and puts the cursor in its search box.
func (u *App) find() {
	u.leave(func() {
		if u.current != 0 || len(u.stack) != 1 {
			u.showSection(0)
		}
		u.win.Canvas().Focus(u.children.search)
	}, nil)
}

func (u *App) saveCurrent() {
	if s, ok := u.top().(saver); ok {
		s.trySave()
	}
}

// escape leaves the page on top (a form asks first if it changed).
func (u *App) escape() {
	if f, ok := u.top().(interface{ cancel() }); ok {
		f.cancel()
		return
	}
	if len(u.stack) > 1 {
		u.pop()
	}
}

func (u *App) top() page {
	if len(u.stack) == 0 {
		return nil
	}
	return u.stack[len(u.stack)-1]
}

// leave runs next unless a page on the stack holds unsaved changes; then it
// asks first, and runs stay if the person keeps editing.
func (u *App) leave(next, stay func()) {
	for _, p := range u.stack {
		if d, ok := p.(dirtier); ok && d.dirty() {
			d := dialog.NewConfirm(T("Discard changes?"), T("This form has changes that are not saved. Leave it and lose them?"),
				func(ok bool) {
					if ok {
						next()
					} else if stay != nil {
						stay()
					}
				}, u.win)
			d.SetConfirmText(T("Discard"))
			d.SetDismissText(T("Keep editing"))
			d.Show()
			return
		}
	}
	next()
}

func (u *App) showSection(i int) {
	u.current = i
	u.stack = []page{u.sections[i].root()}
	u.app.Preferences().SetString(prefSection, u.sections[i].key)
	u.nav.Select(i)
	u.render()
	if r, ok := u.top().(refresher); ok {
		r.refresh()
	}
}

// push shows a page over the current one (a child's page, a form).
func (u *App) push(p page) {
	u.stack = append(u.stack, p)
	u.render()
	if f, ok := p.(*form); ok {
		f.focusFirst()
	}
}

// pop returns to the page underneath, which reloads its data.
func (u *App) pop() {
	if len(u.stack) <= 1 {
		return
	}
	u.stack = u.stack[:len(u.stack)-1]
	u.render()
	if r, ok := u.top().(refresher); ok {
		r.refresh()
	}
}

func (u *App) render() {
	u.body.Objects = []fyne.CanvasObject{u.top().view()}
	u.body.Refresh()
}

// close asks before unsaved changes are lost, backs up when something
// changed since the last backup, and remembers the window.
func (u *App) close() {
	u.leave(func() {
		u.backupBeforeClosing(func() {
			sz := u.win.Canvas().Size()
			u.app.Preferences().SetFloat(prefWidth, float64(sz.Width))
			u.app.Preferences().SetFloat(prefHeight, float64(sz.Height))
			filestore.CleanOpenCopies(time.Minute)
			u.hub.mu.Lock()
			if u.hub.stop != nil {
				u.hub.stop()
			}
			u.hub.mu.Unlock()
			u.win.Close()
		})
	}, nil)
}

// showError shows a failure in the interface language, never a crash.
func (u *App) showError(err error) {
	if err == nil {
		return
	}
	u.errorDialog(errorText(err))
}

// errorText is the sentence a person reads for an error.
func errorText(err error) string {
	var te *data.TransitionError
	var ve *data.ValidationError
	var fe *filestore.Error
	var ite *data.ImageTooLargeError
	var se *data.CSVError
	var bf2 *bank.FileError
	var mr *data.MissingRateError
	var nc *reports.ErrNoStoryConsent
	var oe *reports.OutcomeError
	var field *data.FieldError
	var out *data.OutputError
	var ro *data.ReadOnlyError
	var le *data.LockedError
	var oe2 *data.OpenError
	var bf *backup.FolderError
	var ee *data.ExchangeError
	var bc *backup.CheckError
	var nb *backup.NotABackupError
	switch {
	case errors.As(err, &ee):
		return exchangeErrorText(ee)
	case errors.As(err, &bf):
		return T("The backup folder {{.Dir}} cannot be used. Is the USB stick or disk connected? ({{.Error}})", map[string]any{"Dir": bf.Dir, "Error": bf.Err})
	case errors.As(err, &bc):
		problem := ""
		if len(bc.Problems) > 0 {
			problem = bc.Problems[0]
		}
		return T("The backup did not pass its check and was not kept; the earlier backups are unchanged. ({{.Problem}})", map[string]any{"Problem": problem})
	case errors.As(err, &nb):
		return T("{{.Path}} is not a Carebook backup.", map[string]any{"Path": nb.Path})
	case errors.Is(err, backup.ErrWrongPassphrase):
		return T("The passphrase does not open these backups. Check the keyboard layout and Caps Lock, and try again.")
	case errors.Is(err, backup.ErrNeedPassphrase):
		return T("The backup is encrypted: its passphrase is needed.")
	case errors.Is(err, backup.ErrShortPassphrase):
		return T("The passphrase must be at least {{.N}} characters long.", map[string]any{"N": backup.MinPassphrase})
	case errors.Is(err, errPassphrasesDiffer):
		return T("The two passphrases differ. Type the same passphrase twice.")
	case errors.As(err, &ro):
		return readOnlyText(ro)
	case errors.As(err, &le):
		return lockedText(le)
	case errors.As(err, &oe2):
		return startupErrorText(oe2)
	case errors.Is(err, data.ErrBusy):
		return T("Another Carebook is writing to this database (an import, or a batch of letters?). Nothing was changed and what you typed is still here: try again in a moment.")
	case errors.Is(err, data.ErrDiskFull):
		return T("The disk is full: nothing was changed. Free some space, then try again.")
	case data.IsDamaged(err):
		return T("The database is damaged: nothing was changed. Check it, and restore the last good backup.")
	case errors.As(err, &out):
		p := map[string]any{"Path": out.Path, "Other": out.Other}
		switch out.Clash {
		case data.ClashDatabase:
			return T("{{.Path}} is part of the Carebook database. Nothing was written: choose another file name.", p)
		case data.ClashDocuments:
			return T("{{.Path}} is inside the folder where Carebook keeps the documents. Nothing was written: choose another folder.", p)
		case data.ClashBackups:
			return T("{{.Path}} is inside the backup folder. Nothing was written: choose another folder.", p)
		case data.ClashFolder:
			return T("{{.Path}} is a folder. Nothing was written: give a file name.", p)
		}
		return T("{{.Path}} would be written twice (also as {{.Other}}). Nothing was written: give each file its own name.", p)
	case errors.As(err, &te):
		switch te.Need {
		case data.NeedReason:
			return T("Please give a reason for this change.")
		case data.NeedOutcome:
			return T("Please choose how the case ended.")
		case data.NeedLive:
			return T("The case is in the Trash. Restore it first.")
		case data.NeedPapers:
			return missingPapersText(te.Missing)
		}
		return T("A case cannot move from “{{.From}}” to “{{.To}}”.", map[string]any{
			"From": StatusLabel(te.From), "To": StatusLabel(te.To)})
	case errors.Is(err, data.ErrConflict):
		return T("Someone else changed this since you opened it. Your text is still in the form: copy what you need, then reopen it.")
	case errors.Is(err, data.ErrNotFound):
		return T("This record no longer exists or is in the Trash.")
	case errors.As(err, &fe):
		return fileErrorText(fe)
	case errors.As(err, &ite):
		return T("The image is {{.Width}} × {{.Height}} pixels: too large to show safely.", map[string]any{"Width": ite.Width, "Height": ite.Height})
	case errors.As(err, &ve):
		var parts []string
		for _, fe := range ve.Fields {
			parts = append(parts, fieldErrorText(fe, nil))
		}
		return strings.Join(parts, "\n")
	case errors.As(err, &field):
		return fieldErrorText(field, nil)
	case errors.As(err, &se):
		if se.Code == "empty" {
			return T("The file is empty.")
		}
		return T("The file cannot be read.")
	case errors.As(err, &bf2):
		return statementFileText(bf2)
	case errors.Is(err, bank.ErrChanged):
		return T("The statement file changed since it was read: open it again.")
	case errors.As(err, &mr):
		return T("No {{.Currency}} rate on or before {{.Date}}: those amounts stay in their own currency and are left out of the totals. Enter the rate in Settings → Exchange rates.",
			map[string]any{"Currency": mr.Currency, "Date": mr.On.Local(Language())})
	case errors.As(err, &nc):
		return T("Case {{.Case}} has no valid consent to publish the story, so no appeal sheet can be printed. Record the family's consent first.",
			map[string]any{"Case": nc.CaseNumber})
	case errors.As(err, &oe):
		if oe.CaseNumber == "" {
			return T("A letter about the outcome is written for one child: choose the child.")
		}
		return T("Case {{.Case}} has no outcome yet (it is at “{{.Status}}”).", map[string]any{"Case": oe.CaseNumber, "Status": StatusLabel(oe.Status)})
	case errors.Is(err, reports.ErrNothingToWrite):
		return T("No donation is waiting for this letter. Nothing would be written.")
	case errors.As(err, new(*hub.AddressError)):
		return hubAddressText(err)
	case errors.As(err, new(*hub.UnreachableError)):
		return hubUnreachableText(err)
	case errors.Is(err, hub.ErrOlder):
		return T("The hub is older than this Carebook: the head office brings it up to date (carebook hub init). Nothing was sent; this computer keeps working offline.")
	case errors.Is(err, hub.ErrNewer):
		return T("The hub was set up by a newer Carebook: update Carebook on this computer. Nothing was sent.")
	case errors.Is(err, hub.ErrOtherFoundation):
		return T("This hub belongs to another foundation: check the hub address in Settings → Hub. Nothing was sent.")
	}
	return T("Something went wrong: {{.Error}}", map[string]any{"Error": err.Error()})
}

// fileErrorText says in the interface language why a file was refused.
func fileErrorText(fe *filestore.Error) string {
	p := map[string]any{"Name": filepath.Base(fe.Path), "Limit": fe.Limit >> 20}
	switch fe.Kind {
	case filestore.IsFolder:
		return T("“{{.Name}}” is a folder. Choose the files inside it instead.", p)
	case filestore.Unreadable:
		return T("“{{.Name}}” cannot be read. Check that it exists and that you may open it.", p)
	case filestore.TooLarge:
		return T("“{{.Name}}” is larger than {{.Limit}} MB, the limit set in Settings.", p)
	case filestore.Empty:
		return T("“{{.Name}}” is empty.", p)
	case filestore.Vanished:
		return T("“{{.Name}}” could not be read to the end. Was it moved, or the USB stick pulled out? Nothing was stored.", p)
	case filestore.DiskFull:
		return T("The disk is full: “{{.Name}}” was not stored. Free some space and try again.", p)
	case filestore.Missing:
		return T("The file of “{{.Name}}” is missing from the files folder. Run the check, or restore the folder from a backup.", p)
	case filestore.Altered:
		return T("The file of “{{.Name}}” was changed on disk and no longer matches. Restore it from a backup.", p)
	case filestore.NotWritable:
		return T("Cannot write into {{.Path}}. Choose a folder you may write to (is the USB stick full or read-only?).", map[string]any{"Path": fe.Path})
	}
	return T("“{{.Name}}” could not be stored. Nothing was changed.", p)
}

// syncLoads makes list loads run on the calling goroutine (tests set it, so
// that no load outlives its test).
var syncLoads = false

// background runs work off the UI thread and then done on it (both at once
// under tests).
func background[T any](work func() T, done func(T)) {
	if syncLoads {
		done(work())
		return
	}
	loads.Add(1)
	go func() {
		defer loads.Done()
		v := work()
		fyne.Do(func() { done(v) })
	}()
}

// loads counts the background loads not yet shown.
var loads sync.WaitGroup
