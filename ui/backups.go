package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/backup"
	"carebook/data"
	"carebook/data/filestore"
)

// Backups in the window: by itself at the first start of a day and when
// the window closes after changes; by hand on the Backups page, which also
// shows the last good backup, chooses the folder and the passphrase,
// checks the database and restores a backup.

// whenText is a moment as people read it: "today 10:15", "23.11.2026 10:15".
func whenText(t time.Time) string {
	t = t.Local()
	if data.DateOf(t) == data.DateOf(time.Now()) {
		return T("today {{.Time}}", map[string]any{"Time": t.Format("15:04")})
	}
	return data.Moment(t, Language())
}

// backupState is what the window knows about backups right now.
type backupState struct {
	running  context.CancelFunc // a backup in progress (nil: none)
	progress float64
	lastErr  error // the last backup's failure, until one succeeds
	// dir is a folder chosen while the database takes no changes (so
	// Settings cannot keep it): backups go there for this session.
	dir string
}

// backupDir is where backups go: the folder chosen this session, or the
// one in Settings (else the default beside the database).
func (u *App) backupDir() string {
	if u.backups.dir != "" {
		return u.backups.dir
	}
	return u.store.BackupDir(u.ctx)
}

// statusText is the line at the foot of the window about backups.
func (u *App) statusText() (string, widget.Importance) {
	if u.backups.running != nil {
		return T("Backing up… {{.Percent}}%", map[string]any{"Percent": int(u.backups.progress * 100)}), widget.LowImportance
	}
	if u.backups.lastErr != nil {
		return T("The last backup failed: see Settings → Backups"), widget.DangerImportance
	}
	last, overdue := backup.Overdue(u.ctx, u.store, time.Now())
	switch {
	case last == nil && overdue:
		return T("No backup yet: see Settings → Backups"), widget.DangerImportance
	case last == nil:
		return T("No backup yet"), widget.LowImportance
	case overdue:
		return TN("No backup for {{.Count}} days: see Settings → Backups", int(time.Since(last.At).Hours()/24)), widget.DangerImportance
	}
	return T("Last backup: {{.When}}", map[string]any{"When": whenText(last.At)}), widget.LowImportance
}

// statusBar is the foot of the window: the backups' state, a click away
// from the Backups page.
func (u *App) statusBar() fyne.CanvasObject {
	u.status = newButtonWithIcon("", theme.StorageIcon(), u.openBackups)
	u.status.Alignment = widget.ButtonAlignLeading
	u.refreshStatus()
	u.noticeText = widget.NewLabel("")
	u.noticeUndo = newButtonWithIcon(T("Undo"), theme.ContentUndoIcon(), nil)
	u.noticeUndo.Importance = widget.HighImportance
	u.notice = container.NewHBox(u.noticeText, u.noticeUndo)
	u.notice.Hide()
	u.hub.status = newButtonWithIcon("", theme.MailForwardIcon(), u.openHubStatus)
	u.hub.status.Alignment = widget.ButtonAlignLeading
	u.refreshHubStatus()
	return container.NewBorder(nil, nil, container.NewHBox(u.status, u.hub.status), container.NewHBox(u.notice, u.personButton()))
}

func (u *App) refreshStatus() {
	if u.status == nil {
		return
	}
	text, imp := u.statusText()
	u.status.SetText(text)
	u.status.Importance = imp
	u.status.Refresh()
}

// openBackups shows the Backups page, from wherever the person is.
func (u *App) openBackups() {
	u.leave(func() {
		for i, s := range u.sections {
			if s.key == "settings" {
				u.showSection(i)
			}
		}
		u.push(newBackupsPage(u))
	}, nil)
}

// backupKey is the backups' key ("" when backups are not encrypted, or
// when it cannot be read: then the reason is shown, and a backup would be
// refused rather than made in the clear).
func (u *App) backupKey() string {
	k, err := u.store.BackupKey(u.ctx)
	if err != nil {
		u.showError(err)
	}
	return k
}

// databaseID is this database's id ("" when it cannot be read).
func (u *App) databaseID() string {
	id, _ := u.store.DatabaseID(u.ctx)
	return id
}

// startBackup backs up in the background into the backup folder; progress
// shows at the foot of the window, and done hears the outcome on the UI
// thread. A backup made by hand is kept longer than Carebook's own.
func (u *App) startBackup(byHand bool, done func(*backup.Result, error)) {
	if u.backups.running != nil {
		u.backups.running()
	}
	ctx, cancel := context.WithCancel(u.ctx)
	u.backups.running, u.backups.progress = cancel, 0
	u.refreshStatus()
	dir := u.backupDir()
	type outcome struct {
		res *backup.Result
		err error
	}
	background(func() outcome {
		res, err := backup.Make(ctx, u.store, backup.Options{Dir: dir, ByHand: byHand, Progress: func(d, t int64) {
			if t > 0 && !syncLoads {
				fyne.Do(func() {
					u.backups.progress = float64(d) / float64(t)
					u.refreshStatus()
				})
			}
		}})
		return outcome{res, err}
	}, func(o outcome) {
		cancel()
		u.backups.running = nil
		if o.err != nil && !errors.Is(o.err, context.Canceled) {
			u.backups.lastErr = o.err
		} else if o.err == nil {
			u.backups.lastErr = nil
		}
		u.refreshStatus()
		u.refreshToday() // the backup is no longer overdue
		if done != nil {
			done(o.res, o.err)
		}
	})
}

// autoBackup runs at start: the day's first backup, then a warning if the
// last good one is too old.
func (u *App) autoBackup() {
	if u.store.Encrypted() && u.store.Person() == nil {
		u.session.backupOnSignIn = true // the documents open only to someone signed in
		return
	}
	warn := func() {
		if last, overdue := backup.Overdue(u.ctx, u.store, time.Now()); overdue {
			u.warnOverdue(last)
		}
	}
	if !backup.DueOnStart(u.ctx, u.store, time.Now()) {
		warn()
		return
	}
	u.startBackup(false, func(_ *backup.Result, err error) {
		if err != nil {
			warn()
		}
	})
}

func (u *App) warnOverdue(last *data.BackupRecord) {
	text := T("There is no backup of this database yet.")
	if last != nil {
		text = T("The last good backup is from {{.When}}: more than a week ago.", map[string]any{"When": whenText(last.At)})
	}
	if u.backups.lastErr != nil {
		text += "\n\n" + errorText(u.backups.lastErr)
	}
	text += "\n\n" + T("Backups go to {{.Dir}}. Check that the folder can be reached (is the USB stick connected?), or choose another in Settings → Backups.",
		map[string]any{"Dir": u.backupDir()})
	d := dialog.NewConfirm(T("Back up your data"), text, func(ok bool) {
		if ok {
			u.openBackups()
		}
	}, u.win)
	d.SetConfirmText(T("Open Backups"))
	d.SetDismissText(T("Later"))
	d.Show()
}

// backupBeforeClosing backs up, when something changed since the last
// backup, with a dialog the person may skip; then close runs.
func (u *App) backupBeforeClosing(closeWindow func()) {
	if u.backups.running != nil {
		u.backups.running()
	}
	// Encrypted documents are read for a backup only by someone signed in:
	// a window closed from the sign-in screen leaves the backup to the next.
	if !backup.DueOnClose(u.ctx, u.store) || u.store.Encrypted() && u.store.Person() == nil {
		closeWindow()
		return
	}
	bar := widget.NewProgressBar()
	var d *dialog.CustomDialog
	skipped := false
	skip := newButton(T("Skip"), func() {
		skipped = true
		if u.backups.running != nil {
			u.backups.running()
		}
	})
	d = dialog.NewCustomWithoutButtons(T("Backing up before closing…"), container.NewVBox(
		widget.NewLabel(T("Your changes are being copied to {{.Dir}}.", map[string]any{"Dir": u.backupDir()})), bar), u.win)
	d.SetButtons([]fyne.CanvasObject{skip})
	if !syncLoads {
		d.Show()
	}
	stop := make(chan struct{})
	go func() { // the bar follows the foot of the window's progress
		for {
			select {
			case <-stop:
				return
			case <-time.After(150 * time.Millisecond):
				fyne.Do(func() { bar.SetValue(u.backups.progress) })
			}
		}
	}()
	u.startBackup(false, func(_ *backup.Result, err error) {
		close(stop)
		d.Hide()
		if err != nil && !skipped {
			u.confirmText(T("The backup failed"), T("Close anyway"), T("Keep Carebook open"), errorText(err), func(anyway bool) {
				if anyway {
					closeWindow()
				}
			})
			return
		}
		closeWindow()
	})
}

// backupsPage is Settings → Backups.
type backupsPage struct {
	u       *App
	root    fyne.CanvasObject
	last    *widget.Label
	folder  *widget.Label
	sameHD  *widget.Label
	crypt   *widget.Label
	cryptBt *fyne.Container
	list    *widget.List
	items   []backup.Info
	chosen  int
	restore *button
	check   *button
	empty   fyne.CanvasObject
}

func newBackupsPage(u *App) *backupsPage { return &backupsPage{u: u, chosen: -1} }

func (p *backupsPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	u := p.u
	back := newButtonWithIcon("", theme.NavigateBackIcon(), u.pop)
	p.last = widget.NewLabel("")
	p.last.Wrapping = fyne.TextWrapWord
	p.folder = widget.NewLabel("")
	p.folder.Wrapping = fyne.TextWrapBreak
	p.sameHD = hint("")
	p.crypt = widget.NewLabel("")
	p.crypt.Wrapping = fyne.TextWrapWord
	p.cryptBt = container.NewHBox()
	now := newButtonWithIcon(T("Back up now"), theme.StorageIcon(), p.backUpNow)
	now.Importance = widget.HighImportance
	checkDB := newButtonWithIcon(T("Check the database…"), theme.ConfirmIcon(), func() { u.checkDatabase() })
	choose := newButtonWithIcon(T("Choose a folder…"), theme.FolderOpenIcon(), p.chooseFolder)
	def := newButton(T("Use the default"), func() { p.setFolder("") })
	p.list = widget.NewList(func() int { return len(p.items) },
		func() fyne.CanvasObject {
			return widget.NewLabel("23.11.2026 10:15 · 7 children · 25 documents · encrypted")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.itemText(p.items[i])) })
	p.list.OnSelected = func(i widget.ListItemID) {
		p.chosen = i
		p.restore.Enable()
		p.check.Enable()
	}
	p.restore = newButtonWithIcon(T("Restore…"), theme.HistoryIcon(), func() { p.restoreChosen() })
	p.restore.Importance = widget.DangerImportance
	p.check = newButtonWithIcon(T("Check this backup"), theme.ConfirmIcon(), func() { p.checkChosen() })
	other := newButtonWithIcon(T("Restore from another folder…"), theme.FolderOpenIcon(), p.restoreFromFolder)
	p.empty = emptyState(T("There is no backup in this folder yet."), T("Press “Back up now”."))
	top := container.NewVBox(
		container.NewBorder(nil, nil, back, nil, heading(T("Backups"))),
		p.last,
		container.NewHBox(now, checkDB),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewLabelWithStyle(T("Folder:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewHBox(choose, def), p.folder),
		p.sameHD,
		container.NewBorder(nil, nil, widget.NewLabelWithStyle(T("Encryption:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			p.cryptBt, p.crypt),
		widget.NewSeparator(),
		heading(T("Backups in this folder")),
		hint(T("Carebook keeps its own backups of today (the newest 3) and the newest of each of the last 7 days, 4 weeks and 12 months. A backup made with “Back up now” is kept for at least 30 days. Restoring keeps the current database aside: nothing is deleted.")),
	)
	bottom := container.NewHBox(p.check, p.restore, other)
	p.root = container.NewPadded(container.NewBorder(top, bottom, nil, nil, container.NewStack(p.list, container.NewCenter(p.empty))))
	p.refresh()
	return p.root
}

func (p *backupsPage) itemText(b backup.Info) string {
	parts := append([]string{whenText(b.Created)}, holds(b.Counts)...)
	if b.Encrypted {
		parts = append(parts, T("encrypted"))
	}
	if len(b.Problems) > 0 {
		parts = append(parts, TN("{{.Count}} documents could not be backed up", len(b.Problems)))
	}
	if b.DatabaseID != p.u.databaseID() {
		parts = append(parts, T("of another database"))
	}
	return strings.Join(parts, " · ")
}

// holds says what a backup holds: children, donations, documents.
func holds(counts map[string]int) []string {
	return []string{TN("{{.Count}} children", counts["children"]), TN("{{.Count}} donations", counts["donations"]),
		TN("{{.Count}} documents", counts["documents"])}
}

// refresh reads the state of the backups again.
func (p *backupsPage) refresh() {
	u := p.u
	text, _ := u.statusText()
	if last, err := u.store.LastBackup(u.ctx); err == nil && last != nil {
		text = TN("Last good backup: {{.When}}, {{.Count}} document files, checked.", last.Documents, map[string]any{"When": whenText(last.At)})
		if _, overdue := backup.Overdue(u.ctx, u.store, time.Now()); overdue {
			text = "⚠ " + text + " " + T("That is more than a week ago.")
		}
	}
	if u.backups.lastErr != nil {
		text += "\n" + T("The last attempt failed: {{.Error}}", map[string]any{"Error": errorText(u.backups.lastErr)})
	}
	p.last.SetText(text)
	dir := u.backupDir()
	p.folder.SetText(dir)
	if dir == u.store.DefaultBackupDir() {
		p.sameHD.SetText(T("This folder is on the same disk as the database. Choose a USB stick or another disk, so that a backup also survives a broken or stolen laptop."))
		p.sameHD.Show()
	} else {
		p.sameHD.Hide()
	}
	p.cryptBt.Objects = nil
	if u.backupKey() != "" {
		p.crypt.SetText(T("Backups are encrypted: restoring one on another computer needs the passphrase."))
		p.cryptBt.Add(newButton(T("Change the passphrase…"), func() { p.askPassphrase() }))
		p.cryptBt.Add(newButton(T("Stop encrypting"), p.stopEncrypting))
	} else {
		p.crypt.SetText(T("Backups are not encrypted. Encrypt them if they go on a USB stick that could be lost."))
		p.cryptBt.Add(newButtonWithIcon(T("Encrypt with a passphrase…"), theme.VisibilityOffIcon(), func() { p.askPassphrase() }))
	}
	p.cryptBt.Refresh()
	p.items, _ = backup.List(dir)
	key := u.backupKey()
	for i := range p.items {
		p.items[i].Unlock(key) // what an encrypted backup holds, where this computer's key opens it
	}
	p.chosen = -1
	p.list.UnselectAll()
	p.list.Refresh()
	p.restore.Disable()
	p.check.Disable()
	if len(p.items) == 0 {
		p.empty.Show()
	} else {
		p.empty.Hide()
	}
	u.refreshStatus()
}

func (p *backupsPage) backUpNow() {
	u := p.u
	bar := widget.NewProgressBarInfinite()
	var d *dialog.CustomDialog
	stop := newButton(T("Stop"), func() {
		if u.backups.running != nil {
			u.backups.running()
		}
	})
	d = dialog.NewCustomWithoutButtons(T("Backing up…"), container.NewVBox(widget.NewLabel(u.backupDir()), bar), u.win)
	d.SetButtons([]fyne.CanvasObject{stop})
	if !syncLoads {
		d.Show()
	}
	u.startBackup(true, func(res *backup.Result, err error) {
		d.Hide()
		p.refresh()
		if errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			u.showError(err)
			return
		}
		u.lastReport = res.Path
		text := TN("The database and {{.Count}} document files were copied to {{.Path}} and checked.", len(res.Documents), map[string]any{"Path": res.Path})
		if len(res.Problems) > 0 {
			var names []string
			for _, pr := range res.Problems {
				names = append(names, "• "+pr.Case+" · "+pr.Name)
			}
			text += "\n\n" + T("These documents could not be backed up: their files are missing or damaged on this computer. Run “Check the database”:") + "\n" + strings.Join(names, "\n")
		}
		u.inform(T("Backup"), text)
	})
}

func (p *backupsPage) chooseFolder() {
	p.u.chooseFolder(func(dir string) { p.setFolder(filepath.Join(dir, "Carebook backups")) })
}

// setFolder keeps the backup folder in Settings ("" : the default).
func (p *backupsPage) setFolder(dir string) {
	u := p.u
	if dir != "" {
		if err := u.store.CheckBackupDir(dir); err != nil {
			u.showError(err)
			return
		}
	}
	if u.store.ReadOnly() != nil {
		// Nothing can be saved: back up to that folder for this session
		// (a read-only or full disk, a damaged database: look, and copy).
		u.backups.dir = dir
		p.refresh()
		return
	}
	st, err := u.store.Settings(u.ctx)
	if err == nil {
		st.BackupFolder = dir
		err = u.store.SaveSettings(u.ctx, st)
	}
	if err != nil {
		u.showError(err)
		return
	}
	p.refresh()
}

// askPassphrase sets (or changes) the passphrase backups are encrypted with.
func (p *backupsPage) askPassphrase() {
	u := p.u
	pass, again := passwordEntry(), passwordEntry()
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	about := widget.NewLabel(T("At least {{.N}} characters. Without the passphrase nobody can read the backups, and nobody can restore them on another computer either.", map[string]any{"N": backup.MinPassphrase}))
	about.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{
		widget.NewFormItem("", about),
		widget.NewFormItem(T("Passphrase"), pass),
		widget.NewFormItem(T("Once more"), again),
		widget.NewFormItem("", msg),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm(T("Encrypt backups"), T("Encrypt"), T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		key, err := u.store.BackupKey(u.ctx)
		var sealed string
		switch {
		case err != nil: // never a new key over one that could not be read
		case pass.Text != again.Text:
			err = errPassphrasesDiffer
		case key == "":
			key, sealed, err = backup.NewKey(pass.Text)
		case len([]rune(strings.TrimSpace(pass.Text))) < backup.MinPassphrase:
			err = backup.ErrShortPassphrase
		default:
			sealed, err = backup.Seal(key, pass.Text)
		}
		if err == nil {
			err = u.store.SetBackupKey(u.ctx, key, sealed)
		}
		if err != nil {
			msg.SetText(errorText(err))
			d.Show() // keep what was typed; say what is wrong
			return
		}
		p.refresh()
		u.inform(T("Encrypt backups"), T("From now on backups are encrypted. Write the passphrase down and keep it apart from the USB stick: without it, a backup cannot be restored on another computer."))
	}, u.win)
	for _, e := range []*formEntry{pass, again} {
		e.onEscape, e.OnSubmitted = d.Hide, func(string) { d.Submit() }
	}
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

var errPassphrasesDiffer = errors.New("the two passphrases differ")

func (p *backupsPage) stopEncrypting() {
	u := p.u
	dialog.ShowConfirm(T("Stop encrypting"), T("New backups will not be encrypted. The encrypted backups already made stay encrypted and still need the passphrase."), func(ok bool) {
		if !ok {
			return
		}
		if err := u.store.SetBackupKey(u.ctx, "", ""); err != nil {
			u.showError(err)
			return
		}
		p.refresh()
	}, u.win)
}

func (p *backupsPage) chosenBackup() *backup.Info {
	if p.chosen < 0 || p.chosen >= len(p.items) {
		return nil
	}
	return &p.items[p.chosen]
}

// withKey runs next with the options to open the backup: the store's own
// key when it opens it, else the passphrase, asked for.
func (u *App) withKey(b *backup.Info, next func(backup.RestoreOptions)) {
	o := backup.RestoreOptions{Key: u.backupKey()}
	if !b.Encrypted || backup.OpensWith(b, o.Key) {
		next(o)
		return
	}
	pass := passwordEntry()
	d := dialog.NewForm(T("The backup is encrypted"), T("Open"), T("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(T("Passphrase"), pass)}, func(ok bool) {
			if ok {
				o.Passphrase = pass.Text
				next(o)
			}
		}, u.win)
	pass.onEscape, pass.OnSubmitted = d.Hide, func(string) { d.Submit() }
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
	u.win.Canvas().Focus(pass)
}

// checkChosen checks the chosen backup without restoring anything.
func (p *backupsPage) checkChosen() {
	b := p.chosenBackup()
	if b == nil {
		return
	}
	u := p.u
	u.withKey(b, func(o backup.RestoreOptions) {
		u.verifyBackup(b, o, func(b *backup.Info, problems []string) {
			if len(problems) == 0 && len(b.Problems) > 0 {
				u.inform(T("Backup"), T("The backup of {{.When}} is sound, but these document files are not in it (they were missing or damaged on the computer when it was made): {{.Names}}.",
					map[string]any{"When": whenText(b.Created), "Names": problemNames(b.Problems)}))
				return
			}
			if len(problems) == 0 {
				u.inform(T("Backup"), T("The backup of {{.When}} is sound: its database passes every check and every document file is in place.",
					map[string]any{"When": whenText(b.Created)}))
				return
			}
			u.errorDialog(damagedBackupText(b, problems))
		})
	})
}

// problemNames names documents a backup lacks: case and file name, the
// first ten and how many more.
func problemNames(ps []backup.Problem) string {
	var names []string
	for i, p := range ps {
		if i == 10 {
			names = append(names, TN("and {{.Count}} more", len(ps)-10))
			break
		}
		names = append(names, p.Case+" "+p.Name)
	}
	return strings.Join(names, ", ")
}

func damagedBackupText(b *backup.Info, problems []string) string {
	return T("The backup of {{.When}} is damaged and cannot be restored ({{.Problem}}). Choose an earlier backup.",
		map[string]any{"When": whenText(b.Created), "Problem": problems[0]})
}

// verifyBackup checks a backup in the background with a progress dialog.
func (u *App) verifyBackup(b *backup.Info, o backup.RestoreOptions, then func(b *backup.Info, problems []string)) {
	type outcome struct {
		info     *backup.Info
		problems []string
		err      error
	}
	runLong(u, longJob{title: T("Checking the backup…"), cancel: T("Cancel")}, func(j *job) outcome {
		info, problems, err := backup.Verify(j.ctx, b.Path, o)
		return outcome{info, problems, err}
	}, func(out outcome) {
		if errors.Is(out.err, context.Canceled) {
			return
		}
		if out.err != nil {
			u.showError(out.err)
			return
		}
		then(out.info, out.problems)
	})
}

func (p *backupsPage) restoreChosen() {
	if b := p.chosenBackup(); b != nil {
		p.u.askRestore(b)
	}
}

func (p *backupsPage) restoreFromFolder() {
	u := p.u
	u.chooseFolder(func(dir string) {
		b, err := backup.Find(dir)
		if err != nil {
			list, lerr := backup.List(dir)
			if lerr != nil || len(list) == 0 {
				u.showError(err)
				return
			}
			b = &list[0]
		}
		u.askRestore(b)
	})
}

// askRestore checks the backup, says what it holds and what will happen,
// and restores it when the person agrees.
func (u *App) askRestore(b *backup.Info) {
	u.withKey(b, func(o backup.RestoreOptions) {
		u.verifyBackup(b, o, func(b *backup.Info, problems []string) {
			if len(problems) > 0 {
				u.errorDialog(damagedBackupText(b, problems))
				return
			}
			text := T("The backup of {{.When}} is sound. It holds {{.What}}.",
				map[string]any{"When": whenText(b.Created), "What": strings.Join(holds(b.Counts), ", ")})
			text += "\n\n" + T("Restoring replaces what is on screen now with the backup. The current database is kept aside, beside it, and is not deleted. Changes made since the backup are only in that kept copy.")
			if len(b.Problems) > 0 {
				text += "\n\n" + T("These document files are not in the backup and will be missing after the restore: {{.Names}}.",
					map[string]any{"Names": problemNames(b.Problems)})
			}
			if b.DatabaseID != u.databaseID() {
				text += "\n\n⚠ " + T("This backup is of another database.")
			}
			d := dialog.NewConfirm(T("Restore this backup?"), text, func(ok bool) {
				if ok {
					u.restore(b, o)
				}
			}, u.win)
			d.SetConfirmText(T("Restore"))
			d.SetDismissText(T("Cancel"))
			d.Show()
		})
	})
}

// restore closes the database, restores the backup in its place and opens
// the restored one. If anything fails, the database that was open opens
// again, unchanged.
func (u *App) restore(b *backup.Info, o backup.RestoreOptions) {
	if u.Reopen == nil {
		u.showError(errors.New("this window cannot reopen its database"))
		return
	}
	if u.backups.running != nil {
		u.backups.running()
	}
	path := u.store.Path()
	if o.Unseal == nil {
		// The documents of a backup of this database open with the key of
		// the one signed in; of the demo's, with its open key.
		o.Unseal = backup.UnsealFor(u.store)
	}
	u.store.Close()
	type outcome struct {
		res *backup.Restored
		err error
	}
	runLong(u, longJob{title: T("Restoring…")}, func(j *job) outcome {
		res, err := backup.Restore(j.ctx, b.Path, path, o)
		return outcome{res, err}
	}, func(out outcome) {
		s, err := u.Reopen()
		if err != nil {
			u.showError(err)
			return
		}
		if out.err == nil {
			backup.Remember(u.ctx, s, out.res)
		}
		u.switchStore(s)
		var pe *data.PersonError
		if errors.As(out.err, &pe) && pe.Kind == data.PersonBackupKey {
			u.askBackupPerson(b, o)
			return
		}
		if out.err != nil {
			u.showError(out.err)
			return
		}
		text := T("The backup of {{.When}} was restored.", map[string]any{"When": whenText(b.Created)})
		if out.res.Aside != "" {
			text += "\n" + T("The database that was open is kept as {{.Path}}.", map[string]any{"Path": out.res.Aside})
		}
		u.inform(T("Restored"), text)
	})
}

// askBackupPerson asks who may open a backup's encrypted documents (one
// of the people of the backed-up database, or its recovery key), then
// restores it again.
func (u *App) askBackupPerson(b *backup.Info, o backup.RestoreOptions) {
	name := newFormEntry(false)
	pass := passwordEntry()
	key := newFormEntry(false)
	key.SetPlaceHolder("ABCD-EFGH-…")
	why := widget.NewLabel(personErrorText(&data.PersonError{Kind: data.PersonBackupKey}))
	why.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm(T("Whose backup is it?"), T("Restore"), T("Cancel"), []*widget.FormItem{
		widget.NewFormItem("", why),
		widget.NewFormItem(T("Name"), name),
		widget.NewFormItem(T("Password"), pass),
		widget.NewFormItem(T("or the recovery key"), key),
	}, func(ok bool) {
		if !ok {
			return
		}
		who, secret := name.Text, pass.Text
		if strings.TrimSpace(key.Text) != "" {
			who, secret = "", key.Text
		}
		o.Unseal = backup.UnsealAs(who, secret)
		u.restore(b, o)
	}, u.win)
	name.onEscape, pass.onEscape, key.onEscape = d.Hide, d.Hide, d.Hide
	pass.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}

// checkDatabase runs the full check in the background and shows what it
// found, offering to move leftover files to lost+found.
func (u *App) checkDatabase() {
	type outcome struct {
		c   *data.Checkup
		err error
	}
	runLong(u, longJob{title: T("Checking the database…"), measured: true, cancel: T("Cancel")}, func(j *job) outcome {
		c, err := u.store.Checkup(j.ctx, j.Progress)
		return outcome{c, err}
	}, func(out outcome) {
		if errors.Is(out.err, context.Canceled) {
			return
		}
		if out.err != nil {
			u.showError(out.err)
			return
		}
		u.showCheckup(out.c)
	})
}

func (u *App) showCheckup(c *data.Checkup) {
	var lines []string
	if len(c.Database) == 0 {
		lines = append(lines, "✓ "+T("The database is sound."))
	} else {
		lines = append(lines, "✗ "+T("The database is damaged: {{.Problem}}", map[string]any{"Problem": c.Database[0]}))
	}
	lines = append(lines, "✓ "+TN("{{.Count}} document files read and found right.", c.Verified))
	for _, f := range c.Files {
		lines = append(lines, "✗ "+fileErrorText(&filestore.Error{Path: f.Document.FileName, Kind: f.Err.Kind}))
	}
	left := len(c.Orphans) + len(c.Temporaries)
	if left > 0 {
		lines = append(lines, "• "+TN("{{.Count}} leftover files that no document needs (from a copy that was stopped).", left))
	}
	for _, o := range c.Unfinished {
		lines = append(lines, "• "+T("{{.Path}}: a batch of letters written {{.When}} was stopped before its letters were recorded. Do not send it: the next batch writes those letters again.",
			map[string]any{"Path": o.Path, "When": whenText(o.Started)}))
	}
	if len(c.Database)+len(c.Files) > 0 {
		lines = append(lines, "", T("Restore the last good backup to get the damaged or missing data back (Settings → Backups)."))
	}
	text := strings.Join(lines, "\n")
	if left == 0 || u.store.ReadOnly() != nil {
		u.confirmText(T("Check"), "", T("Close"), text, nil)
		return
	}
	u.confirmText(T("Check"), T("Move them to lost+found"), T("Close"), text, func(ok bool) {
		if !ok {
			return
		}
		r, err := u.store.Repair(u.ctx, c)
		if err != nil {
			u.showError(err)
			return
		}
		u.inform(T("Check"), TN("{{.Count}} files were moved to {{.Dir}}; nothing was deleted.", len(r.Moved), map[string]any{"Dir": r.Dir}))
	})
}
