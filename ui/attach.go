package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/internal/vocab"
)

// pendingFile is one file waiting on the attach sheet, with its details.
type pendingFile struct {
	path   string
	doc    data.Document
	form   *form
	status *widget.Label
}

// attachSheet gathers files for one child (from dialogs, a folder, or
// dropped on the window), lets the volunteer describe each, and attaches
// them all at once.
type attachSheet struct {
	u       *App
	child   *childPage
	pending []*pendingFile
	box     *fyne.Container
	scroll  *container.Scroll
	root    fyne.CanvasObject
	// For a required paper's line: the kind its files are given, and the
	// consent the first of them is the signed form of.
	kind    data.DocumentKind
	consent string
}

// openAttachSheet shows the sheet for the child (or adds to the open one).
func (u *App) openAttachSheet(p *childPage, paths []string) {
	if s, ok := u.top().(*attachSheet); ok {
		s.add(paths)
		return
	}
	s := &attachSheet{u: u, child: p}
	u.push(s)
	s.add(paths)
}

func (s *attachSheet) view() fyne.CanvasObject {
	if s.root != nil {
		return s.root
	}
	title := heading(T("Attach documents to {{.Name}}", map[string]any{"Name": s.child.child.FullName()}))
	addFiles := newButtonWithIcon(T("Add a file…"), theme.FileIcon(), s.pickFile)
	addFolder := newButtonWithIcon(T("Add files from a folder…"), theme.FolderIcon(), s.pickFolder)
	hint := widget.NewLabel(T("You can also drop several files on this window."))
	hint.SizeName = theme.SizeNameCaptionText
	s.box = container.NewVBox()
	s.scroll = container.NewVScroll(container.NewPadded(s.box))
	attach := newButtonWithIcon(T("Attach all"), theme.ConfirmIcon(), s.trySave)
	attach.Importance = widget.HighImportance
	cancel := newButtonWithIcon(T("Cancel"), theme.CancelIcon(), s.cancel)
	s.root = container.NewBorder(
		container.NewPadded(container.NewVBox(title, container.NewHBox(addFiles, addFolder, hint))),
		container.NewPadded(container.NewHBox(attach, cancel)), nil, nil, s.scroll)
	s.redraw()
	return s.root
}

// attachPaper opens the sheet for one line of the required papers: its
// files are of that kind, and (for a consent recorded without its form)
// the first one becomes the consent's signed form. It asks for the file
// at once.
func (u *App) attachPaper(p *childPage, it data.ChecklistItem) {
	s := &attachSheet{u: u, child: p, kind: it.Kind, consent: it.ConsentID}
	u.push(s)
	s.pickFile()
}

// add puts files on the sheet; folders and files already there are skipped.
func (s *attachSheet) add(paths []string) {
	for _, p := range paths {
		if slices.ContainsFunc(s.pending, func(x *pendingFile) bool { return x.path == p }) {
			continue
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			s.addFolder(p)
			continue
		}
		name := filepath.Base(p)
		kind := data.GuessKind(name)
		if s.kind != "" {
			kind = s.kind
		}
		pf := &pendingFile{path: p, doc: data.Document{
			ChildID: s.child.id, FileName: name, Kind: kind,
			Title: strings.TrimSuffix(name, filepath.Ext(name)),
		}}
		f := newForm(s.u, name)
		v, l := choices(data.AllDocumentKinds, vocab.DocumentKindText)
		f.choice("kind", T("Kind"), (*string)(&pf.doc.Kind), v, l, true)
		f.text("title", T("Title"), &pf.doc.Title, true, false)
		f.date("issued_on", T("Issued on"), &pf.doc.IssuedOn, false)
		f.text("issuer", T("Issued by (clinic, office)"), &pf.doc.Issuer, false, false)
		f.text("note", T("Note"), &pf.doc.Note, false, false)
		f.view()                      // builds the fields
		for _, ff := range f.fields { // Esc and Ctrl+S act on the whole sheet
			if h, ok := ff.focus.(interface{ hooks() *keyHooks }); ok {
				h.hooks().onEscape, h.hooks().onSave = s.cancel, s.trySave
			}
		}
		pf.form = f
		pf.status = widget.NewLabel("")
		pf.status.Wrapping = fyne.TextWrapWord
		pf.status.Hide()
		s.pending = append(s.pending, pf)
	}
	if s.box != nil {
		s.redraw()
	}
}

// addFolder adds every file directly inside a folder (not its subfolders).
func (s *attachSheet) addFolder(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.u.showError(&filestore.Error{Path: dir, Kind: filestore.Unreadable, Err: err})
		return
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	s.add(files)
}

func (s *attachSheet) redraw() {
	s.box.Objects = nil
	if len(s.pending) == 0 {
		s.box.Add(emptyState(T("No files chosen yet."), T("Add files with the buttons above or drop them here.")))
	}
	for _, pf := range s.pending {
		remove := newButtonWithIcon("", theme.ContentRemoveIcon(), func() { s.remove(pf) })
		remove.Importance = widget.LowImportance
		name := widget.NewLabelWithStyle(pf.doc.FileName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		size := ""
		if fi, err := os.Stat(pf.path); err == nil {
			size = sizeText(fi.Size())
		}
		head := container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), container.NewHBox(widget.NewLabel(size), remove), name)
		grid := container.New(layout.NewFormLayout())
		for _, ff := range pf.form.fields {
			grid.Add(widget.NewLabel(strings.TrimSuffix(ff.label, " *")))
			grid.Add(container.NewVBox(ff.obj, ff.err))
		}
		s.box.Add(container.NewVBox(head, pf.status, grid, widget.NewSeparator()))
	}
	s.box.Refresh()
	s.scroll.Refresh()
}

func (s *attachSheet) remove(pf *pendingFile) {
	for i, x := range s.pending {
		if x == pf {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			break
		}
	}
	s.redraw()
}

func (s *attachSheet) pickFile() {
	s.u.chooseFile(nil, func(path string) { s.add([]string{path}) })
}

func (s *attachSheet) pickFolder() {
	s.u.chooseFolder(s.addFolder)
}

// dirty: files on the sheet would be lost by leaving.
func (s *attachSheet) dirty() bool { return len(s.pending) > 0 }

func (s *attachSheet) cancel() {
	if !s.dirty() {
		s.u.pop()
		return
	}
	confirmDiscard(s.u.win, func() {
		s.pending = nil
		s.u.pop()
	})
}

// linkConsent makes the document the signed form of the sheet's consent.
func (s *attachSheet) linkConsent(ctx context.Context, docID string) error {
	c, err := s.u.store.Consents.Get(ctx, s.consent)
	if err != nil {
		return err
	}
	c.DocumentID = docID
	if err := s.u.store.Consents.Update(ctx, c); err != nil {
		return err
	}
	s.consent = "" // one form per consent
	return nil
}

// trySave checks every file's details, then attaches them one by one with a
// progress bar. Files that fail stay on the sheet with the reason.
func (s *attachSheet) trySave() {
	ok := true
	for _, pf := range s.pending {
		pf.form.clearErrors()
		var problems []*data.FieldError
		for _, ff := range pf.form.fields {
			if err := ff.apply(); err != nil {
				problems = append(problems, data.FieldErrors(err)...)
			}
		}
		if strings.TrimSpace(pf.doc.Title) == "" {
			problems = append(problems, &data.FieldError{Field: "title", Code: data.CodeRequired})
		}
		if len(problems) > 0 {
			pf.form.showErrors(&data.ValidationError{Fields: problems})
			pf.form.banner.Hide()
			ok = false
		}
	}
	if !ok || len(s.pending) == 0 {
		s.redraw()
		return
	}
	jobs := append([]*pendingFile(nil), s.pending...)
	runLong(s.u, longJob{title: T("Attaching documents…"), measured: true}, func(j *job) []error {
		errs := make([]error, len(jobs))
		for i, pf := range jobs {
			doc := pf.doc
			errs[i] = s.u.store.AttachPath(j.ctx, &doc, pf.path)
			if errs[i] == nil && s.consent != "" && doc.Kind == data.DocConsentForm {
				errs[i] = s.linkConsent(j.ctx, doc.ID)
			}
			j.Progress(i+1, len(jobs))
		}
		return errs
	}, func(errs []error) {
		var left []*pendingFile
		for i, err := range errs {
			if err != nil {
				jobs[i].status.SetText(errorText(err))
				jobs[i].status.Importance = widget.DangerImportance
				jobs[i].status.Show()
				left = append(left, jobs[i])
			}
		}
		s.pending = left
		if len(left) == 0 {
			s.u.pop()
			s.child.tabs.Select(s.child.docsTab)
			return
		}
		s.redraw()
	})
}
