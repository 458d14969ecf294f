// Package ui is Carebook's desktop interface, in Fyne. It receives an open
// store and never opens a database itself, and it holds no SQL.
package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"carebook/assets"
	"carebook/data"
)

// App is the main window on one database.
type App struct {
	app   fyne.App
	win   fyne.Window
	store *data.Store
	ctx   context.Context

	children *childrenScreen
}

// New builds the main window on the store. The caller shows it.
func New(a fyne.App, s *data.Store) *App {
	u := &App{app: a, store: s, ctx: context.Background()}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	u.win = a.NewWindow("Carebook")
	u.children = newChildrenScreen(u)
	u.win.SetContent(u.children.content())
	u.win.Resize(fyne.NewSize(1280, 720))
	return u
}

// Start loads the screens' data in the background.
func (u *App) Start() { u.children.reload() }

// Window is the main window.
func (u *App) Window() fyne.Window { return u.win }

// ShowAndRun shows the window and runs the app until it closes.
func (u *App) ShowAndRun() {
	u.Start()
	u.win.ShowAndRun()
}

// showError shows a failure in the interface language, never a crash.
func (u *App) showError(err error) {
	if err == nil {
		return
	}
	dialog.ShowError(errors.New(errorText(err)), u.win)
}

// errorText is the sentence a person reads for an error.
func errorText(err error) string {
	return err.Error()
}
