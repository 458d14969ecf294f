package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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
