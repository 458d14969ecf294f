package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// noticeFor is how long a notice stays at the foot of the window.
const noticeFor = 12 * time.Second

// notify shows a short notice at the foot of the window, with Undo when
// undo is given; it goes by itself after a while.
func (u *App) notify(text string, undo func()) {
	if u.notice == nil {
		return
	}
	u.noticeGen++
	gen := u.noticeGen
	u.noticeText.SetText(text)
	if undo != nil {
		u.noticeUndo.OnTapped = func() {
			u.notice.Hide()
			undo()
		}
		u.noticeUndo.Show()
	} else {
		u.noticeUndo.Hide()
	}
	u.notice.Show()
	if !syncLoads {
		time.AfterFunc(noticeFor, func() {
			fyne.Do(func() {
				if u.noticeGen == gen {
					u.notice.Hide()
				}
			})
		})
	}
}

// notifyTrashed says something went to the Trash, offering to bring it
// back at once; after the restore, then shows it again.
func (u *App) notifyTrashed(restore func() error, then func()) {
	u.notify(T("Moved to the Trash."), func() {
		if err := restore(); err != nil {
			u.showError(err)
			return
		}
		if then != nil {
			then()
		}
	})
}
