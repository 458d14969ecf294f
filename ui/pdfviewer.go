package ui

import (
	"context"
	"errors"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/pdfview"
)

// pdfViewer shows a PDF inside Carebook, a page at a time: a scanned
// paper of a child's, or a report or a batch of letters before it is
// printed. ← → (or Page Up/Down) turn pages, + and − zoom.
type pdfViewer struct {
	u     *App
	title string
	load  func() ([]byte, error)
	// actions are the buttons beside the page turning (Save a copy…).
	actions []fyne.CanvasObject

	doc    *pdfview.Doc
	page   int     // shown, 0-based
	zoom   float32 // 1: the page as wide as the window
	root   fyne.CanvasObject
	img    *canvas.Image
	scroll *container.Scroll
	where  *widget.Label
	prev   *button
	next   *button
	msg    *widget.Label
}

// zoomSteps are the zooms + and − step through.
var zoomSteps = []float32{0.5, 0.75, 1, 1.5, 2, 3}

func newPDFViewer(u *App, title string, load func() ([]byte, error), actions ...fyne.CanvasObject) *pdfViewer {
	return &pdfViewer{u: u, title: title, load: load, zoom: 1, actions: actions}
}

func (v *pdfViewer) view() fyne.CanvasObject {
	if v.root != nil {
		return v.root
	}
	back, title := pageTop(T("Back"), v.close)
	title.SetText(v.title)
	v.where = widget.NewLabel("")
	v.prev = newButtonWithIcon(T("Previous page"), theme.NavigateBackIcon(), func() { v.turn(-1) })
	v.next = newButtonWithIcon(T("Next page"), theme.NavigateNextIcon(), func() { v.turn(1) })
	smaller := newButtonWithIcon("", theme.ZoomOutIcon(), func() { v.zoomBy(-1) })
	larger := newButtonWithIcon("", theme.ZoomInIcon(), func() { v.zoomBy(1) })
	fit := newButtonWithIcon(T("Fit width"), theme.ViewFullScreenIcon(), func() { v.zoom = 1; v.show() })
	v.msg = widget.NewLabel(T("Drawing the page…"))
	v.msg.Wrapping = fyne.TextWrapWord
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	// The page lies on a grey desk, so that its white edge shows.
	desk := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	v.scroll = container.NewScroll(container.NewStack(desk, container.NewPadded(container.NewCenter(v.img))))
	bar := container.NewHBox(v.prev, v.where, v.next, widget.NewSeparator(), smaller, fit, larger)
	bar.Objects = append(bar.Objects, v.actions...)
	top := container.NewVBox(container.NewBorder(nil, nil, back, nil, title), bar, v.msg)
	v.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, v.scroll)
	v.open()
	return v.root
}

// open reads and opens the PDF, then shows its first page.
func (v *pdfViewer) open() {
	type opened struct {
		doc *pdfview.Doc
		err error
	}
	background(func() opened {
		b, err := v.load()
		if err != nil {
			return opened{nil, err}
		}
		d, err := pdfview.Open(b)
		return opened{d, err}
	}, func(o opened) {
		if o.err != nil {
			v.fail(o.err)
			return
		}
		v.doc = o.doc
		v.show()
	})
}

func (v *pdfViewer) fail(err error) {
	v.msg.SetText(errorText(err))
	v.msg.Importance = widget.DangerImportance
	v.msg.Show()
	v.msg.Refresh()
	v.prev.Disable()
	v.next.Disable()
}

// pageWidth is how wide the page is drawn, in the window's units.
func (v *pdfViewer) pageWidth() float32 {
	w := v.u.win.Canvas().Size().Width - 260 // the sidebar and margins
	return max(w, 300) * v.zoom
}

// show draws the current page.
func (v *pdfViewer) show() {
	if v.doc == nil {
		return
	}
	n := v.doc.Pages()
	v.where.SetText(T("Page {{.Page}} of {{.Pages}}", map[string]any{"Page": v.page + 1, "Pages": n}))
	v.prev.Enable()
	v.next.Enable()
	if v.page == 0 {
		v.prev.Disable()
	}
	if v.page == n-1 {
		v.next.Disable()
	}
	width := v.pageWidth()
	scale := v.u.win.Canvas().Scale()
	page, doc := v.page, v.doc
	background(func() any {
		img, err := doc.Render(context.Background(), page, int(width*scale))
		if err != nil {
			return err
		}
		return img
	}, func(r any) {
		if page != v.page || doc != v.doc {
			return // turned on meanwhile
		}
		switch r := r.(type) {
		case error:
			v.fail(r)
		case image.Image:
			v.msg.Hide()
			b := r.Bounds()
			v.img.Image = r
			v.img.SetMinSize(fyne.NewSize(float32(b.Dx())/scale, float32(b.Dy())/scale))
			v.img.Refresh()
			v.scroll.ScrollToTop()
		}
	})
}

func (v *pdfViewer) turn(by int) {
	if v.doc == nil {
		return
	}
	p := min(max(v.page+by, 0), v.doc.Pages()-1)
	if p != v.page {
		v.page = p
		v.show()
	}
}

func (v *pdfViewer) zoomBy(step int) {
	i := 0
	for j, z := range zoomSteps {
		if z <= v.zoom {
			i = j
		}
	}
	i = min(max(i+step, 0), len(zoomSteps)-1)
	if zoomSteps[i] != v.zoom {
		v.zoom = zoomSteps[i]
		v.show()
	}
}

// typedKey turns pages and zooms from the keyboard.
func (v *pdfViewer) typedKey(k *fyne.KeyEvent) bool {
	switch k.Name {
	case fyne.KeyRight, fyne.KeyPageDown, fyne.KeySpace:
		v.turn(1)
	case fyne.KeyLeft, fyne.KeyPageUp:
		v.turn(-1)
	case fyne.KeyHome:
		v.turn(-v.page)
	case fyne.KeyEnd:
		if v.doc != nil {
			v.turn(v.doc.Pages())
		}
	case fyne.KeyPlus, fyne.KeyEqual:
		v.zoomBy(1)
	case fyne.KeyMinus:
		v.zoomBy(-1)
	default:
		return false
	}
	return true
}

// close leaves the viewer (Esc too).
func (v *pdfViewer) close() {
	if v.doc != nil {
		v.doc.Close()
		v.doc = nil
	}
	v.u.pop()
}

func (v *pdfViewer) cancel() { v.close() }

// pdfErrorText says why a PDF cannot be shown.
func pdfErrorText(err error) (string, bool) {
	switch {
	case errors.Is(err, pdfview.ErrPassword):
		return T("This PDF is locked with a password, so Carebook cannot show it here: Open shows it in the computer's own PDF program, which asks for the password."), true
	case errors.Is(err, pdfview.ErrDamaged):
		return T("This PDF is damaged and cannot be shown: it may have been cut short when it was copied. Ask for the file again, or scan the paper again."), true
	case errors.Is(err, pdfview.ErrNoPage):
		return T("The PDF has no such page."), true
	}
	return "", false
}
