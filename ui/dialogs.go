package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Every dialog answers the keyboard: Enter presses its default button (the
// one marked in colour), Esc its other one (Cancel, No, Close, Stop).
// Fyne's dialogs do not listen to keys, so the window does it for them.

// dialogKey handles Enter and Esc while a dialog is on top; it reports
// whether it did.
func dialogKey(c fyne.Canvas, k *fyne.KeyEvent) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	if _, menu := top.(*widget.PopUpMenu); menu {
		return false
	}
	var buttons []*widget.Button
	collectButtons(top, &buttons)
	// The default is the marked button; the other is the one with the
	// cancel icon, else the last unmarked one (a dialog's own buttons come
	// after its content's).
	// Where something would be lost, the safe button is the default and
	// has the cancel icon: Enter and Esc both keep.
	var def, other *widget.Button
	cancel := theme.CancelIcon().Name()
	for _, b := range buttons {
		if b.Importance == widget.HighImportance {
			def = b
		}
	}
	for _, b := range buttons {
		switch {
		case b.Icon != nil && b.Icon.Name() == cancel:
			other = b
		case b != def && (other == nil || other.Icon == nil || other.Icon.Name() != cancel):
			other = b
		}
	}
	if len(buttons) == 1 && def != nil {
		other = def // a message: either key closes it (a lone Stop is not a default)
	}
	var b *widget.Button
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b = def
	case fyne.KeyEscape:
		b = other
	default:
		return false
	}
	if b != nil && b.OnTapped != nil {
		b.OnTapped()
	}
	return true
}

// collectButtons finds the visible, enabled buttons of a dialog.
func collectButtons(o fyne.CanvasObject, out *[]*widget.Button) {
	if o == nil || !o.Visible() {
		return
	}
	if b, ok := asButton(o); ok {
		if !b.Disabled() {
			*out = append(*out, b)
		}
		return
	}
	switch v := o.(type) {
	case *widget.PopUp:
		collectButtons(v.Content, out)
	case *container.Scroll:
		collectButtons(v.Content, out)
	case *fyne.Container:
		for _, c := range v.Objects {
			collectButtons(c, out)
		}
	}
}

// inform shows a message with one button, OK: the default, so Enter and
// Esc both close it.
func (u *App) inform(title, text string) {
	u.confirmText(title, "", T("OK"), text, nil)
}

// confirmText shows a text in a dialog wide enough to read it: with confirm
// set, two buttons, confirm the default (then fn hears which was pressed);
// else one that closes it, the default.
func (u *App) confirmText(title, confirm, dismiss, text string, fn func(bool)) {
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	answer := func(ok bool) func() {
		return func() {
			d.Hide()
			if fn != nil {
				fn(ok)
			}
		}
	}
	d = dialog.NewCustomWithoutButtons(title, body, u.win)
	if confirm == "" {
		ok := newButtonWithIcon(dismiss, theme.ConfirmIcon(), answer(false))
		ok.Importance = widget.HighImportance
		d.SetButtons([]fyne.CanvasObject{ok})
	} else {
		yes := newButtonWithIcon(confirm, theme.ConfirmIcon(), answer(true))
		yes.Importance = widget.HighImportance
		d.SetButtons([]fyne.CanvasObject{newButtonWithIcon(dismiss, theme.CancelIcon(), answer(false)), yes})
	}
	d.Resize(dialogSize(body))
	d.Show()
}

// confirmDanger asks before something is lost (typing thrown away, a case
// deleted, the Trash emptied, a database replaced): the safe button, keep,
// is the default, so Enter and Esc both keep; only a click or Tab to
// danger and Enter does it. fn runs when danger is chosen, kept (if set)
// when not.
func confirmDanger(w fyne.Window, title, text, danger, keep string, fn, kept func()) {
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	stay := newButtonWithIcon(keep, theme.CancelIcon(), func() {
		d.Hide()
		if kept != nil {
			kept()
		}
	})
	stay.Importance = widget.HighImportance
	do := newButtonWithIcon(danger, theme.DeleteIcon(), func() {
		d.Hide()
		fn()
	})
	do.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(title, body, w)
	d.SetButtons([]fyne.CanvasObject{do, stay})
	d.Resize(dialogSize(body))
	d.Show()
}

// dialogWidth is how wide a dialog of text is.
const dialogWidth = 560

// dialogSize fits a dialog to its text: the width above, the height of the
// text wrapped at it, the title and the buttons.
func dialogSize(body *widget.Label) fyne.Size {
	inner := float32(dialogWidth) - 4*theme.Padding() - 2*theme.InnerPadding()
	body.Resize(fyne.NewSize(inner, body.MinSize().Height))
	return fyne.NewSize(dialogWidth, body.MinSize().Height+2*theme.TextSize()+theme.InputBorderSize()+7*theme.Padding()+theme.InnerPadding()*2+28)
}

// errorDialog shows a failure, in the person's language, with an OK that
// Enter and Esc press.
func (u *App) errorDialog(text string) {
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	ok := newButtonWithIcon(T("OK"), theme.ConfirmIcon(), func() { d.Hide() })
	ok.Importance = widget.HighImportance
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon()), layout.NewSpacer()), nil, body)
	d = dialog.NewCustomWithoutButtons(T("Error"), content, u.win)
	d.SetButtons([]fyne.CanvasObject{ok})
	d.Resize(dialogSize(body))
	d.Show()
}

// passwordEntry is a hidden entry for a dialog (its Esc and Enter are set
// by the dialog).
func passwordEntry() *formEntry {
	e := newFormEntry(false)
	e.Password = true
	return e
}
