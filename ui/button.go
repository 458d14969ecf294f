package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// button is a button that Enter presses as well as Space (Fyne's buttons
// answer Space only): Tab to a button, then Enter, does what it says.
// Every button Carebook makes is one.
type button struct {
	widget.Button
}

func newButton(label string, tapped func()) *button {
	return newButtonWithIcon(label, nil, tapped)
}

func newButtonWithIcon(label string, icon fyne.Resource, tapped func()) *button {
	b := &button{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter too.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(ev)
}

// asButton is the plain button of a button or a Fyne one.
func asButton(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *button:
		return &b.Button, true
	case *widget.Button:
		return b, true
	}
	return nil, false
}
