// Package ui is Carebook's desktop interface, in Fyne. It receives an open
// store and never opens a database itself, and it holds no SQL.
package ui

import (
	"context"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/assets"
	"carebook/data"
	"carebook/data/filestore"
	"carebook/pdfview"
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
	// ctx is the window's: every job started from it is cancelled when the
	// window closes.
	ctx    context.Context
	cancel context.CancelFunc

	desk    // the sections and pages of the one signed in
	session // who is at the keyboard, the lock, the desks kept for others

	bannerText *widget.Label // why nothing can be changed (nil: everything can)
	status     *button       // the foot of the window: backups
	notice     *fyne.Container
	noticeText *widget.Label
	noticeUndo *button
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

// desk is what one person works with: the sections their roles allow and
// the pages open in them, unsaved forms included. Locking keeps it as it
// is; another person signing in gets a desk of their own.
type desk struct {
	sections []section
	nav      *widget.List
	current  int
	stack    []page
	body     *fyne.Container
	split    *container.Split

	children *childrenScreen
	donors   *donorsScreen
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
	u := &App{app: a, store: s, first: s}
	u.ctx, u.cancel = context.WithCancel(context.Background())
	a.Settings().SetTheme(carebookTheme{})
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	u.win = a.NewWindow(u.windowTitle())
	u.buildDesk()
	u.win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.win.SetCloseIntercept(u.close)
	u.win.SetOnDropped(u.dropped)
	w := a.Preferences().FloatWithFallback(prefWidth, 1280)
	h := a.Preferences().FloatWithFallback(prefHeight, 720)
	u.win.Resize(fyne.NewSize(float32(max(w, 800)), float32(max(h, 560))))
	u.openDesk()
	u.gate()
	return u
}

// buildDesk makes the sections the one at the keyboard may use, and their
// list; openDesk shows the section last used.
func (u *App) buildDesk() {
	u.children = newChildrenScreen(u)
	u.children.OnOpen = u.openChild
	u.donors = newDonorsScreen(u)
	u.sections = nil
	for _, sec := range []struct {
		section
		may []data.Permission // any one of them; none: everyone
	}{
		{section{"today", msg("Today"), theme.CalendarIcon(), func() page { return newTodayPage(u) }}, nil},
		{section{"children", msg("Children"), theme.AccountIcon(), func() page { return u.children }}, nil},
		{section{"donors", msg("Donors"), heartIcon, func() page { return u.donors }}, []data.Permission{data.MayMoney}},
		{section{"letters", msg("Letters"), theme.MailComposeIcon(), func() page { return newLettersPage(u) }}, []data.Permission{data.MayMoney}},
		{section{"reports", msg("Reports"), theme.DocumentPrintIcon(), func() page { return newReportsPage(u, "") }}, nil},
		{section{"settings", msg("Settings"), theme.SettingsIcon(), func() page { return newSettingsPage(u) }}, []data.Permission{data.MayAdminister, data.MayDirect}},
		{section{"trash", msg("Trash"), theme.DeleteIcon(), func() page { return newTrashPage(u) }}, []data.Permission{data.MayCases, data.MayMoney}},
		{section{"audit", msg("Audit"), theme.VisibilityIcon(), func() page { return newAuditPage(u) }}, []data.Permission{data.MayDirect, data.MayAdminister}},
		{section{"exchange", msg("Exchange"), theme.MailForwardIcon(), func() page { return newExchangePage(u) }}, []data.Permission{data.MayDirect, data.MayAdminister}},
		{section{"dashboard", msg("Dashboard"), theme.GridIcon(), func() page { return newDashboardPage(u) }}, []data.Permission{data.MayDirect}},
	} {
		if u.mayAny(sec.may...) {
			u.sections = append(u.sections, sec.section)
		}
	}
	u.stack, u.current = nil, 0
	u.body = container.NewStack()
	u.nav = widget.NewList(
		func() int { return len(u.sections) },
		func() fyne.CanvasObject {
			return newNavRow(u.navTapped)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*navRow)
			row.id = i
			row.box.Objects[0].(*widget.Icon).SetResource(u.sections[i].icon)
			row.box.Objects[1].(*widget.Label).SetText(T(u.sections[i].title))
		})
	u.nav.OnSelected = func(i widget.ListItemID) {
		if i == u.current && len(u.stack) == 1 {
			return
		}
		u.leave(func() { u.showSection(i) }, func() { u.nav.Select(u.current) })
	}
	u.split = container.NewHSplit(u.nav, u.body)
	u.split.SetOffset(0.14)
}

// navTapped is a click on a section in the sidebar: the current one, from
// a page opened over it (a child's page, a form), goes back to it (a list
// does not hear a click on the item already chosen); another is chosen.
func (u *App) navTapped(i int) {
	if i == u.current && len(u.stack) > 1 {
		u.leave(func() { u.showSection(i) }, nil)
		return
	}
	u.nav.Select(i)
}

// navRow is a section's row in the sidebar; it hears every click on it.
type navRow struct {
	widget.BaseWidget
	box    *fyne.Container
	id     int
	tapped func(int)
}

func newNavRow(tapped func(int)) *navRow {
	r := &navRow{box: container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Rehabilitation")), tapped: tapped}
	r.ExtendBaseWidget(r)
	return r
}

func (r *navRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// Tapped chooses the row's section.
func (r *navRow) Tapped(*fyne.PointEvent) { r.tapped(r.id) }

// openDesk shows the desk in the window, at the section last used.
func (u *App) openDesk() {
	u.win.SetContent(u.content())
	start := 0
	for i, s := range u.sections {
		if s.key == u.app.Preferences().String(prefSection) {
			start = i
		}
	}
	u.showSection(start)
}

// mayAny says whether the one at the keyboard holds any of perms (or
// perms is empty).
func (u *App) mayAny(perms ...data.Permission) bool {
	if len(perms) == 0 {
		return true
	}
	for _, p := range perms {
		if u.store.May(u.ctx, p) {
			return true
		}
	}
	return false
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
	cur := u.current
	u.buildDesk()
	u.current = min(cur, len(u.sections)-1)
	u.win.SetContent(u.content())
	u.win.SetTitle(u.windowTitle())
	u.showSection(u.current)
	u.children.reload()
	u.startHub()
	u.gate() // a restored database: who is at the keyboard is asked again
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
	if !syncLoads {
		// The PDF renderer starts once the window has settled, so that the
		// first paper opened is drawn at once (its first start after an
		// update compiles it: seconds, on one core).
		time.AfterFunc(5*time.Second, func() { pdfview.Warm() })
	}
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
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrl}, func(fyne.Shortcut) { u.lock() })
	c.SetOnTypedRune(func(rune) { u.touch() })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		u.touch()
		if dialogKey(c, k) {
			return
		}
		if p, ok := u.top().(interface{ typedKey(*fyne.KeyEvent) bool }); ok && c.Focused() == nil && p.typedKey(k) {
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
		if u.current != u.sectionIndex("children") || len(u.stack) != 1 {
			u.showSectionKey("children")
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
			confirmDanger(u.win, T("Discard changes?"), T("This form has changes that are not saved. Leave it and lose them?"),
				T("Discard"), T("Keep editing"), next, stay)
			return
		}
	}
	next()
}

// showSectionKey shows the section of that key, if the one at the
// keyboard has it.
func (u *App) showSectionKey(key string) {
	for i, s := range u.sections {
		if s.key == key {
			u.showSection(i)
			return
		}
	}
}

// sectionIndex is where the section of that key is in the sidebar (-1: not there).
func (u *App) sectionIndex(key string) int {
	for i, s := range u.sections {
		if s.key == key {
			return i
		}
	}
	return -1
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
	u.touch()
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
			u.cancel()
			u.win.Close()
		})
	}, nil)
}
