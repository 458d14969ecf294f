//go:build !windows

package ui

import (
	"net/url"

	"fyne.io/fyne/v2/storage"
)

// systemOpen hands a file to the desktop (xdg-open, macOS's open), which
// opens it with the program chosen for its kind.
func (u *App) systemOpen(path string) error {
	link, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return err
	}
	return u.app.OpenURL(link)
}
