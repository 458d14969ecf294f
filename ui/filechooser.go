package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
)

// Carebook's own file chooser: Fyne's names its places and titles in
// English only ("Home", "Computer", "Open File"), and a volunteer reads
// Kazakh. It lists the usual places, the drives and USB sticks, the
// folders first and then the files a task can use.

// chooserMode says what a chooser picks.
type chooserMode int

const (
	chooseOpen   chooserMode = iota // an existing file
	chooseSave                      // a new (or replaced) file
	chooseFolder                    // a folder
)

type fileChooser struct {
	u       *App
	mode    chooserMode
	exts    []string // lower-case extensions the files must have (empty: any)
	then    func(path string)
	dir     string
	entries []os.DirEntry
	chosen  int // the file selected in the list (-1: none)

	d       *dialog.CustomDialog
	where   *widget.Label
	list    *widget.List
	name    *formEntry // the file's name, when saving
	problem *widget.Label
	ok      *button
}

// place is a folder of the chooser's side bar.
type place struct {
	name string
	path string
	icon fyne.Resource
}

// places are the usual folders, then the disks and USB sticks.
func places() []place {
	var out []place
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, place{T("Home folder"), home, theme.HomeIcon()})
	}
	for _, f := range []struct {
		kind userDir
		name string
	}{{dirDocuments, T("Documents")}, {dirDesktop, T("Desktop")}, {dirDownloads, T("Downloads")}} {
		if p := userFolder(f.kind); p != "" {
			out = append(out, place{f.name, p, theme.FolderIcon()})
		}
	}
	return append(out, disks()...)
}

// userDir is one of the folders every desktop gives a person.
type userDir int

const (
	dirDocuments userDir = iota
	dirDesktop
	dirDownloads
)

// isDir reports whether path names an existing folder.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// startFolder is where a chooser opens when no folder was used before: the
// person's Documents (wherever their system keeps it, and whatever it is
// called in their language), else their home folder.
func startFolder() string {
	if d := userFolder(dirDocuments); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return home
}

// newFileChooser builds a chooser starting in the last folder used (else
// Documents, else the home folder).
func (u *App) newFileChooser(mode chooserMode, exts []string, then func(string)) *fileChooser {
	c := &fileChooser{u: u, mode: mode, then: then, chosen: -1}
	for _, e := range exts {
		c.exts = append(c.exts, strings.ToLower(e))
	}
	start := u.app.Preferences().String(prefLastFolder)
	if !isDir(start) {
		start = startFolder()
	}
	title, okText := T("Open a file"), T("Open")
	switch mode {
	case chooseSave:
		title, okText = T("Save as"), T("Save")
	case chooseFolder:
		title, okText = T("Choose a folder"), T("Choose this folder")
	}
	c.where = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.where.Wrapping = fyne.TextWrapBreak
	up := newButtonWithIcon(T("Up"), theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Wrapping = fyne.TextWrapWord
	c.problem.Hide()
	c.list = widget.NewList(func() int { return len(c.entries) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			e := c.entries[i]
			icon := theme.FileIcon()
			if e.IsDir() {
				icon = theme.FolderIcon()
			}
			box.Objects[1].(*widget.Icon).SetResource(icon)
			box.Objects[0].(*widget.Label).SetText(e.Name())
		})
	c.list.OnSelected = c.selected
	var side []fyne.CanvasObject
	for _, p := range places() {
		b := newButtonWithIcon(p.name, p.icon, func() { c.open(p.path) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		side = append(side, b)
	}
	newFolder := newButtonWithIcon(T("New folder…"), theme.FolderNewIcon(), c.newFolder)
	top := container.NewBorder(nil, nil, up, newFolder, c.where)
	var bottom []fyne.CanvasObject
	if mode == chooseSave {
		c.name = newFormEntry(false)
		c.name.OnSubmitted = func(string) { c.confirm() }
		bottom = append(bottom, container.NewBorder(nil, nil, widget.NewLabelWithStyle(T("File name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, c.name))
	}
	bottom = append(bottom, c.problem)
	sidebar := container.NewBorder(nil, nil, nil, widget.NewSeparator(), container.NewVScroll(container.NewVBox(side...)))
	body := container.NewBorder(top, container.NewVBox(bottom...), sidebar, nil, c.list)
	c.d = dialog.NewCustomWithoutButtons(title, body, u.win)
	c.ok = newButtonWithIcon(okText, theme.ConfirmIcon(), c.confirm)
	c.ok.Importance = widget.HighImportance
	cancel := newButtonWithIcon(T("Cancel"), theme.CancelIcon(), func() { c.d.Hide() })
	c.d.SetButtons([]fyne.CanvasObject{cancel, c.ok})
	if c.name != nil {
		c.name.onEscape = c.d.Hide
	}
	c.open(start)
	return c
}

// show opens the chooser over the window.
func (c *fileChooser) show() {
	c.d.Resize(fyne.NewSize(860, 560))
	c.d.Show()
	if c.name != nil {
		c.u.win.Canvas().Focus(c.name)
	}
}

// open lists a folder: its folders, then the files the task can use.
func (c *fileChooser) open(dir string) {
	if dir == "" {
		return
	}
	all, err := os.ReadDir(dir)
	if err != nil {
		c.problem.SetText(T("This folder cannot be opened. Choose another.") + " (" + dir + ")")
		c.problem.Show()
		return
	}
	c.problem.Hide()
	c.dir, c.chosen = dir, -1
	c.entries = c.entries[:0]
	for _, e := range all {
		name := e.Name()
		if strings.HasPrefix(name, ".") || hiddenEntry(dir, e) {
			continue
		}
		isDir := e.IsDir()
		if !isDir && e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.IsDir() {
				isDir = true
			}
		}
		switch {
		case isDir:
		case c.mode == chooseFolder:
			continue
		case len(c.exts) > 0 && !slices.Contains(c.exts, strings.ToLower(filepath.Ext(name))):
			continue
		}
		c.entries = append(c.entries, e)
	}
	slices.SortFunc(c.entries, func(a, b os.DirEntry) int {
		if a.IsDir() != b.IsDir() {
			if a.IsDir() {
				return -1
			}
			return 1
		}
		return strings.Compare(data.Fold(a.Name()), data.Fold(b.Name()))
	})
	c.where.SetText(dir)
	c.list.UnselectAll()
	c.list.Refresh()
	c.list.ScrollToTop()
}

// selected opens a folder, or chooses a file (a second tap on the same file
// takes it, as a double click would).
func (c *fileChooser) selected(i widget.ListItemID) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	path := filepath.Join(c.dir, e.Name())
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		c.open(path)
		return
	}
	if c.chosen == i {
		c.confirm()
		return
	}
	c.chosen = i
	if c.name != nil {
		c.name.SetText(e.Name())
	}
}

// confirm takes what is chosen.
func (c *fileChooser) confirm() {
	var path string
	switch c.mode {
	case chooseFolder:
		path = c.dir
	case chooseOpen:
		if c.chosen < 0 {
			c.problem.SetText(T("Choose a file in the list."))
			c.problem.Show()
			return
		}
		path = filepath.Join(c.dir, c.entries[c.chosen].Name())
	case chooseSave:
		name := strings.TrimSpace(c.name.Text)
		if name == "" {
			c.problem.SetText(T("Type a name for the file."))
			c.problem.Show()
			return
		}
		if len(c.exts) > 0 && filepath.Ext(name) == "" {
			name += c.exts[0]
		}
		path = filepath.Join(c.dir, filestore.SafeFileName(name, "carebook"))
		if fi, err := os.Stat(path); err == nil {
			if fi.IsDir() {
				c.open(path)
				return
			}
			c.u.confirmText(T("Replace the file?"), T("Replace"), T("Cancel"),
				T("“{{.Name}}” already exists in this folder. Replace it?", map[string]any{"Name": filepath.Base(path)}), func(ok bool) {
					if ok {
						c.done(path)
					}
				})
			return
		}
	}
	c.done(path)
}

func (c *fileChooser) done(path string) {
	c.d.Hide()
	dir := path
	if c.mode != chooseFolder {
		dir = filepath.Dir(path)
	}
	c.u.app.Preferences().SetString(prefLastFolder, dir)
	c.then(path)
}

// newFolder makes a folder here and opens it.
func (c *fileChooser) newFolder() {
	name := newFormEntry(false)
	var d *dialog.FormDialog
	d = dialog.NewForm(T("New folder"), T("Create"), T("Cancel"), []*widget.FormItem{widget.NewFormItem(T("Name"), name)}, func(ok bool) {
		n := filestore.SafeFileName(strings.TrimSpace(name.Text), "")
		if !ok || n == "" {
			return
		}
		p := filepath.Join(c.dir, n)
		if err := os.Mkdir(p, 0o700); err != nil && !os.IsExist(err) {
			c.problem.SetText(T("The folder cannot be made here. Choose another place."))
			c.problem.Show()
			return
		}
		c.open(p)
	}, c.u.win)
	name.onEscape, name.OnSubmitted = d.Hide, func(string) { d.Submit() }
	d.Resize(fyne.NewSize(420, 160))
	d.Show()
	c.u.win.Canvas().Focus(name)
}
