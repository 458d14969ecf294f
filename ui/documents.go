package ui

import (
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/pdfpages"
	"carebook/internal/vocab"
	"carebook/pdfview"
)

// thumbCache keeps decoded thumbnails by file hash.
type thumbCache struct {
	mu sync.Mutex
	m  map[string]image.Image
}

func (c *thumbCache) get(sha string) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	img, ok := c.m[sha]
	return img, ok
}

func (c *thumbCache) put(sha string, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]image.Image{}
	}
	c.m[sha] = img
}

// docTab is the Documents tab of a child's page: the checklist, the list of
// papers with thumbnails, and a preview of the one chosen.
type docTab struct {
	p         *childPage
	docs      []data.Document
	list      *widget.List
	checklist *fyne.Container
	preview   *fyne.Container
	chosen    int
	root      fyne.CanvasObject
}

func newDocTab(p *childPage) *docTab {
	t := &docTab{p: p, chosen: -1}
	t.checklist = container.NewVBox()
	t.preview = container.NewStack()
	t.list = widget.NewList(func() int { return len(t.docs) }, t.createRow, t.updateRow)
	t.list.OnSelected = func(i widget.ListItemID) { t.choose(i) }
	attach := newButtonWithIcon(T("Attach files…"), theme.ContentAddIcon(), func() { p.u.openAttachSheet(p, nil) })
	attach.Importance = widget.HighImportance
	dropHint := widget.NewLabel(T("or drop files on this window"))
	dropHint.SizeName = theme.SizeNameCaptionText
	top := container.NewVBox(t.checklist, container.NewHBox(attach, dropHint))
	split := container.NewHSplit(t.list, container.NewPadded(t.preview))
	split.SetOffset(0.45)
	t.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	return t
}

func (t *docTab) createRow() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(theme.FileIcon())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(44, 44))
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.SizeName = theme.SizeNameCaptionText
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, icon, nil, container.NewVBox(title, sub))
}

func (t *docTab) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(t.docs) {
		return
	}
	d := t.docs[i]
	box := o.(*fyne.Container)
	texts := box.Objects[0].(*fyne.Container)
	icon := box.Objects[1].(*canvas.Image)
	texts.Objects[0].(*widget.Label).SetText(d.Title)
	texts.Objects[1].(*widget.Label).SetText(data.JoinNonEmpty("  ·  ", DocumentKindLabel(d.Kind), d.IssuedOn.Local(Language()), d.Issuer))
	icon.Image, icon.Resource = nil, docIcon(&d)
	if d.IsImage() || d.IsPDF() {
		key := d.SHA256 + "#" + d.Pages // a letter's pages of its batch
		if img, ok := t.p.u.thumbs.get(key); ok && img != nil {
			icon.Image, icon.Resource = img, nil
		} else if !ok {
			t.p.u.thumbs.put(key, nil) // in flight: a redraw meanwhile does not decode it again
			background(func() image.Image { return t.thumbnail(&d) }, func(img image.Image) {
				t.p.u.thumbs.put(key, img)
				t.list.RefreshItem(i)
			})
		}
	}
	icon.Refresh()
}

// thumbnail is a document's picture in the list: the image, or a PDF's
// first page (nil when it cannot be drawn: the list shows its icon).
func (t *docTab) thumbnail(d *data.Document) image.Image {
	u := t.p.u
	if d.IsImage() {
		img, err := u.store.DocumentImage(d)
		if err != nil {
			return nil
		}
		return data.Thumbnail(img, 96)
	}
	b, err := u.store.DocumentBytes(u.ctx, d)
	if err != nil {
		return nil
	}
	doc, err := pdfview.Open(b)
	if err != nil {
		return nil
	}
	defer doc.Close()
	img, err := doc.Render(u.ctx, 0, 96)
	if err != nil {
		return nil
	}
	return img
}

func docIcon(d *data.Document) fyne.Resource {
	switch {
	case d.IsPDF():
		return theme.FileTextIcon()
	case d.IsImage():
		return theme.FileImageIcon()
	}
	return theme.FileIcon()
}

// refresh reloads the documents and the checklist.
func (t *docTab) refresh() {
	u := t.p.u
	docs, err := u.store.Documents.ListFor(u.ctx, "child_id", t.p.id)
	if err != nil {
		u.showError(err)
	}
	t.docs = docs
	t.list.UnselectAll()
	t.chosen = -1
	t.list.Refresh()
	t.fillChecklist()
	if len(docs) == 0 {
		t.preview.Objects = []fyne.CanvasObject{emptyState(T("No documents yet."),
			T("Attach scans and photos with Attach files…, or drop them on this window."))}
	} else {
		t.preview.Objects = []fyne.CanvasObject{emptyState(T("Choose a document to see it here."), "")}
	}
	t.preview.Refresh()
}

func (t *docTab) fillChecklist() {
	u := t.p.u
	items, err := u.store.Checklist(u.ctx, t.p.id)
	if err != nil {
		u.showError(err)
		return
	}
	// The lines wrap onto more rows rather than run off the window's edge.
	row := container.New(layout.NewRowWrapLayout(), widget.NewLabelWithStyle(T("Required papers:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, it := range items {
		l := widget.NewLabel("")
		name := DocumentKindLabel(it.Kind)
		until := it.ValidUntil.Local(Language())
		attach := false
		switch it.State {
		case data.CheckMissing:
			l.SetText("✗ " + name + " — " + T("missing"))
			l.Importance = widget.DangerImportance
			attach = true
		case data.CheckPaperMissing:
			what := T("the consent is recorded")
			if it.Estimate != "" {
				what = T("the estimate of {{.Clinic}} is recorded", map[string]any{"Clinic": it.Estimate})
			}
			l.SetText("✗ " + name + " — " + T("{{.What}}; its scanned paper is missing", map[string]any{"What": what}))
			l.Importance = widget.DangerImportance
			attach = true
		case data.CheckExpired:
			l.SetText("✗ " + name + " — " + T("expired on {{.Date}}", map[string]any{"Date": until}))
			l.Importance = widget.DangerImportance
			attach = true
		case data.CheckExpiring:
			l.SetText("! " + name + " — " + T("valid until {{.Date}}", map[string]any{"Date": until}))
			l.Importance = widget.WarningImportance
		default:
			l.SetText("✓ " + name)
			l.Importance = widget.SuccessImportance
		}
		if attach && t.p.u.store.May(t.p.u.ctx, data.MayMedical) {
			item := it
			b := newButtonWithIcon(T("Attach…"), theme.ContentAddIcon(), func() { t.p.u.attachPaper(t.p, item) })
			b.Importance = widget.LowImportance
			row.Add(container.NewHBox(l, b))
		} else {
			row.Add(l)
		}
	}
	t.checklist.Objects = []fyne.CanvasObject{row}
	t.checklist.Refresh()
}

// choose shows a document in the preview pane with what can be done with it.
func (t *docTab) choose(i int) {
	if i < 0 || i >= len(t.docs) {
		return
	}
	t.chosen = i
	d := t.docs[i]
	u := t.p.u
	u.store.ViewedDocument(u.ctx, &d) // the preview shows it
	about := sizeText(d.Size)
	if r, err := pdfpages.ParseRange(d.Pages); err == nil { // a letter: its pages of the batch
		about = TN("{{.Count}} pages of a printed batch", r.Pages())
	}
	info := widget.NewLabel(data.JoinNonEmpty("\n",
		DocumentKindLabel(d.Kind),
		d.FileName+" · "+about,
		data.JoinNonEmpty(" · ", d.IssuedOn.Local(Language()), d.Issuer),
		d.Note))
	info.Wrapping = fyne.TextWrapWord
	title := heading(d.Title)
	title.Wrapping = fyne.TextWrapWord
	open := newButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() { t.open(&d) })
	open.Importance = widget.HighImportance
	saveCopy := newButtonWithIcon(T("Save a copy…"), theme.DownloadIcon(), func() { t.saveCopy(&d) })
	edit := newButtonWithIcon(T("Edit"), theme.DocumentCreateIcon(), func() {
		doc := d
		u.push(documentForm(u, &doc, T("Edit document"), u.pop))
	})
	del := newButtonWithIcon(T("Delete"), theme.DeleteIcon(), func() {
		t.p.trash(T("document"), u.store.Documents, d.ID)
	})
	// The buttons wrap onto a second row rather than widen the window.
	buttons := container.New(layout.NewRowWrapLayout(), open, saveCopy, edit, del)
	if d.Kind == data.DocPhoto && d.IsImage() && t.p.child.PhotoID != d.ID {
		buttons.Add(newButtonWithIcon(T("Use as the child's photo"), theme.AccountIcon(), func() {
			c := *t.p.child
			c.PhotoID = d.ID
			if err := u.store.Children.Update(u.ctx, &c); err != nil {
				u.showError(err)
				return
			}
			t.p.refresh()
		}))
	}
	var view fyne.CanvasObject = layout.NewSpacer()
	detail := widget.NewLabel("")
	switch {
	case d.IsImage():
		img := canvas.NewImageFromResource(theme.FileImageIcon())
		img.FillMode = canvas.ImageFillContain // scaled into the room there is: never growing the window
		img.SetMinSize(fyne.NewSize(96, 96))
		view = img
		background(func() any {
			im, err := u.store.DocumentImage(&d)
			if err != nil {
				return err
			}
			return data.Thumbnail(im, 1600)
		}, func(v any) {
			switch v := v.(type) {
			case image.Image:
				img.Resource, img.Image = nil, v
				img.Refresh()
			case error:
				detail.SetText(errorText(v))
				detail.Importance = widget.DangerImportance
				detail.Refresh()
			}
		})
	case d.IsPDF():
		// The first page, drawn inside Carebook; View turns the pages.
		look := newButtonWithIcon(T("View"), theme.VisibilityIcon(), func() { t.view(&d) })
		look.Importance = widget.HighImportance
		open.Importance = widget.MediumImportance
		buttons.Objects = append([]fyne.CanvasObject{look}, buttons.Objects...)
		icon := canvas.NewImageFromResource(theme.FileTextIcon())
		icon.FillMode = canvas.ImageFillContain
		icon.SetMinSize(fyne.NewSize(96, 96))
		view = icon
		type first struct {
			pages int
			page  image.Image
		}
		background(func() any {
			b, err := u.store.DocumentBytes(u.ctx, &d)
			if err != nil {
				return err
			}
			doc, err := pdfview.Open(b)
			if err != nil {
				return err
			}
			defer doc.Close()
			img, err := doc.Render(u.ctx, 0, 900)
			if err != nil {
				return err
			}
			return first{doc.Pages(), img}
		}, func(v any) {
			switch v := v.(type) {
			case first:
				detail.SetText(TN("PDF of {{.Count}} pages", v.pages))
				icon.Resource, icon.Image = nil, v.page
				icon.Refresh()
			case error:
				detail.SetText(errorText(v))
				detail.Importance = widget.WarningImportance
			}
			detail.Refresh()
		})
	}
	t.preview.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(title, info, detail, buttons), nil, nil, nil, view)}
	t.preview.Refresh()
}

// view shows a PDF in Carebook's own viewer.
func (t *docTab) view(d *data.Document) {
	u := t.p.u
	u.store.ViewedDocument(u.ctx, d)
	doc := *d
	save := newButtonWithIcon(T("Save a copy…"), theme.DownloadIcon(), func() { t.saveCopy(&doc) })
	u.push(newPDFViewer(u, d.Title, func() ([]byte, error) { return u.store.DocumentBytes(u.ctx, &doc) }, save))
}

// open shows the document in the system's viewer through a temporary copy
// with the original name, so the right program opens it.
func (t *docTab) open(d *data.Document) { t.p.u.openDocument(d) }

// saveCopy writes the document where the person chooses.
func (t *docTab) saveCopy(d *data.Document) { t.p.u.saveDocumentAs(d) }

// documentForm edits a document's details (not its file).
func documentForm(u *App, d *data.Document, title string, done func()) *form {
	f := newForm(u, title)
	v, l := choices(data.AllDocumentKinds, vocab.DocumentKindText)
	f.choice("kind", T("Kind"), (*string)(&d.Kind), v, l, true)
	f.text("title", T("Title"), &d.Title, true, false)
	f.date("issued_on", T("Issued on"), &d.IssuedOn, false)
	f.text("issuer", T("Issued by (clinic, office)"), &d.Issuer, false, false)
	f.text("note", T("Note"), &d.Note, false, true)
	f.validate = func() error { return u.store.Documents.Validate(d) }
	f.submit = func() error { return u.store.Documents.Update(u.ctx, d) }
	f.done = done
	f.cancelled = u.pop
	return f
}
