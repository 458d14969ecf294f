package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
)

// chooseFile asks for a file to read, starting in the last folder used and
// remembering the new one; exts (".csv") narrow the list when given.
func (u *App) chooseFile(exts []string, then func(path string)) {
	u.newFileChooser(chooseOpen, exts, then).show()
}

// chooseSaveAs asks where to write a file, proposing name, starting in the
// last folder used and remembering the new one.
func (u *App) chooseSaveAs(name string, exts []string, then func(path string)) {
	c := u.newFileChooser(chooseSave, exts, then)
	c.name.SetText(name)
	c.show()
}

// chooseFolder asks for a folder, starting in the last folder used.
func (u *App) chooseFolder(then func(dir string)) {
	u.newFileChooser(chooseFolder, nil, then).show()
}

// openFile asks the system to open a file with its program (tests replace it).
func (u *App) openFile(path string) error {
	if u.opener != nil {
		return u.opener(path)
	}
	return u.systemOpen(path)
}

// openInViewer shows a file in the system's viewer. Where no program opens
// it, the person is told so in their language and, when saveAs is given,
// offered to save a copy instead.
func (u *App) openInViewer(path string, saveAs func()) {
	err := u.openFile(path)
	if err == nil {
		return
	}
	fyne.LogError("opening "+path, err)
	text := T("No program on this computer opens “{{.Name}}”.", map[string]any{"Name": filepath.Base(path)})
	if saveAs == nil {
		u.confirmText(T("Open"), "", T("Close"), text+"\n"+T("The file is saved as {{.Path}}: open it from there with a program of your choice.", map[string]any{"Path": path}), nil)
		return
	}
	u.confirmText(T("Open"), T("Save as…"), T("Close"), text+"\n"+T("Save a copy where you like, and open it from there with a program of your choice."), func(ok bool) {
		if ok {
			saveAs()
		}
	})
}

// openDocument opens a stored document through a temporary copy under its
// original name, so the system picks the right program.
func (u *App) openDocument(d *data.Document) {
	path, err := u.store.OpenCopy(u.ctx, d)
	if err != nil {
		u.showError(err)
		return
	}
	u.lastOpened = path
	u.openInViewer(path, func() { u.saveDocumentAs(d) })
}

// saveDocumentAs writes a copy of the document where the person chooses,
// starting in the last folder used.
func (u *App) saveDocumentAs(d *data.Document) {
	u.chooseSaveAs(filestore.SafeFileName(d.FileName, "document"), nil, func(path string) {
		if err := u.store.SaveCopy(u.ctx, d, path); err != nil {
			u.showError(err)
			return
		}
		u.inform(T("Saved"), T("A copy was saved as {{.Path}}.", map[string]any{"Path": path}))
	})
}

// offerOpen says a file is ready and offers to open it.
func (u *App) offerOpen(title, text, path string) {
	u.lastReport = path
	var d *dialog.CustomDialog
	open := newButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() {
		d.Hide()
		u.openInViewer(path, nil)
	})
	printB := newButtonWithIcon(T("Print"), theme.DocumentPrintIcon(), func() {
		d.Hide()
		u.printFile(path, nil)
	})
	printB.Importance = widget.HighImportance
	// Looked at in Carebook before it is printed: every page, as printed.
	look := newButtonWithIcon(T("View"), theme.VisibilityIcon(), func() {
		d.Hide()
		printIt := newButtonWithIcon(T("Print"), theme.DocumentPrintIcon(), func() { u.printFile(path, nil) })
		u.push(newPDFViewer(u, filepath.Base(path), func() ([]byte, error) { return os.ReadFile(path) }, printIt))
	})
	d = dialog.NewCustomWithoutButtons(title, widget.NewLabel(text), u.win)
	d.SetButtons([]fyne.CanvasObject{newButtonWithIcon(T("Close"), theme.CancelIcon(), func() { d.Hide() }), open, look, printB})
	d.Show()
}
