package ui

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// readOnlyText says why nothing can be changed, and what still works.
func readOnlyText(ro *data.ReadOnlyError) string {
	switch ro.Reason {
	case data.ReadOnlyDamaged:
		problem := ""
		if len(ro.Problems) > 0 {
			problem = ro.Problems[0]
		}
		return T("This database is damaged ({{.Problem}}). It was opened read-only: you can look, print and back up, but nothing can be changed. Restore the last good backup.",
			map[string]any{"Problem": problem})
	case data.ReadOnlyMedia:
		return T("This database is on a disk that cannot be written. You can look, print and back up to another disk, but nothing can be changed.")
	case data.ReadOnlyDiskFull:
		return T("The disk is full. You can look, print and back up to another disk, but nothing can be changed until some space is freed.")
	}
	return T("This database was opened for looking only: nothing can be changed.")
}

// banner is the strip above the window's content that says why nothing can
// be changed; nil when everything can.
func (u *App) banner() fyne.CanvasObject {
	ro := u.store.ReadOnly()
	if ro == nil {
		return nil
	}
	text := widget.NewLabel(readOnlyText(ro))
	text.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(color.NRGBA{R: 0xfd, G: 0xec, B: 0xc8, A: 0xff})
	var action fyne.CanvasObject
	if ro.Reason == data.ReadOnlyDamaged {
		action = newButtonWithIcon(T("Restore a backup…"), theme.HistoryIcon(), u.openBackups)
	}
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), action, text)
	u.bannerText = text
	return container.NewStack(bg, container.NewPadded(row))
}

// startupErrorText is what a person reads when Carebook cannot open a
// database at all.
func startupErrorText(err error) string {
	var oe *data.OpenError
	var le *data.LockedError
	switch {
	case errors.As(err, &le):
		return lockedText(le)
	case errors.As(err, &oe):
		p := map[string]any{"Path": oe.Path, "Version": oe.Version, "Known": oe.Known}
		switch oe.Kind {
		case data.OpenNotSQLite:
			return T("{{.Path}} is not a Carebook database. It was left untouched.", p)
		case data.OpenNotCarebook:
			return T("{{.Path}} is a database of another program, not of Carebook. It was left untouched.", p)
		case data.OpenTooNew:
			return T("{{.Path}} was written by a newer Carebook. Update Carebook to open it; the file was left untouched.", p)
		case data.OpenEmpty:
			return T("{{.Path}} is empty (0 bytes): it is not a Carebook database. If it was your database, restore the last backup. It was left untouched.", p)
		case data.OpenForeignWAL:
			return T("Beside {{.Path}} lies a “-wal” file that does not belong to it (it is damaged or comes from another database). Both were left untouched: move the “-wal” file away, or restore the last backup.", p)
		case data.OpenOldReadOnly:
			return T("{{.Path}} was written by an older Carebook and must be updated, which cannot be done on this disk (it cannot be written or is full). Copy it to a disk with room first.", p)
		case data.OpenMissing:
			return T("{{.Path}} does not exist.", p)
		case data.OpenVersionLowered:
			return T("{{.Path}} says it is older than it is (another program changed its header). It was left untouched: restore the last good backup.", p)
		case data.OpenInBackups:
			return T("{{.Path}} is inside a folder of Carebook backups. No database is made there: choose another folder.", p)
		case data.OpenCompanion:
			return T("{{.Path}} is named as a file that belongs to a database beside it (its “-wal”, “-shm”, “-journal” or lock file). No database was made there: choose a name ending in .db.", p)
		}
		return T("{{.Path}} cannot be opened: {{.Error}}", map[string]any{"Path": oe.Path, "Error": oe.Err})
	}
	return errorText(err)
}

func lockedText(le *data.LockedError) string {
	switch le.Kind {
	case data.LockWindowed:
		return T("Carebook is already open on this database in another window. Switch to that window.")
	case data.LockMaintenance:
		return T("Another Carebook is restoring or repairing this database. Try again when it has finished.")
	}
	return T("Another Carebook has this database open. Close it first.")
}

// ShowStartupError shows, in a small window of its own, why Carebook could
// not open: started by a double click, there is no console to read.
func ShowStartupError(a fyne.App, err error) {
	a.Settings().SetTheme(carebookTheme{})
	w := a.NewWindow("Carebook")
	text := widget.NewLabel(startupErrorText(err))
	text.Wrapping = fyne.TextWrapWord
	quit := newButton(T("Close"), func() { w.Close() })
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), quit), widget.NewIcon(theme.ErrorIcon()), nil, text))
	w.Resize(fyne.NewSize(560, 200))
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape || k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			w.Close()
		}
	})
	w.ShowAndRun()
}
