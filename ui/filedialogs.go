package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// chooseFile asks for a file to read, starting in the last folder used and
// remembering the new one; exts (".csv") narrow the list when given.
func (u *App) chooseFile(exts []string, then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		u.rememberFolder(path)
		then(path)
	}, u.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	u.startIn(d)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// chooseSaveAs asks where to write a file, proposing name, starting in the
// last folder used and remembering the new one.
func (u *App) chooseSaveAs(name string, exts []string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		u.rememberFolder(path)
		then(path)
	}, u.win)
	d.SetFileName(name)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	u.startIn(d)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// openInViewer shows a file in the system's viewer.
func (u *App) openInViewer(path string) {
	if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		u.showError(err)
	}
}

// openDocument opens a stored document through a temporary copy under its
// original name, so the system picks the right program.
func (u *App) openDocument(d *data.Document) {
	path, err := u.store.OpenCopy(d)
	if err != nil {
		u.showError(err)
		return
	}
	u.lastOpened = path
	u.openInViewer(path)
}

// offerOpen says a file is ready and offers to open it.
func (u *App) offerOpen(title, text, path string) {
	u.lastReport = path
	var d *dialog.CustomDialog
	open := widget.NewButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() {
		d.Hide()
		u.openInViewer(path)
	})
	open.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(title, widget.NewLabel(text), u.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(T("Close"), func() { d.Hide() }), open})
	d.Show()
}
