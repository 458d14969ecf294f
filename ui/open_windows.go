package ui

import "carebook/internal/shell"

// systemOpen asks the Windows shell to open a file with the program chosen
// for its kind, as a double click in Explorer does. The path goes as it is
// (Cyrillic letters and spaces included), not as a file:// address, and the
// shell's answer says when no program opens such files.
func (u *App) systemOpen(path string) error { return shell.Execute("open", path) }
