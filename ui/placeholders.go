package ui

import "fyne.io/fyne/v2"

// placeholder is a screen whose work is not built yet: it says what it will
// hold, so nobody wonders whether something is broken.
type placeholder struct {
	title, text string
	root        fyne.CanvasObject
}

func (p *placeholder) view() fyne.CanvasObject {
	if p.root == nil {
		p.root = emptyState(p.title, p.text)
	}
	return p.root
}

func newLettersPlaceholder() page {
	return &placeholder{title: T("Thank-you letters"),
		text: T("Here you will see the donations waiting for a thank-you and print letters to donors in their language.")}
}
