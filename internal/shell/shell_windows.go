package shell

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var shellExecute = windows.NewLazySystemDLL("shell32.dll").NewProc("ShellExecuteW")

// The numbers ShellExecute returns when no program handles the file.
const (
	seErrAssocIncomplete = 27
	seErrNoAssoc         = 31
)

// Execute asks the shell to do verb ("open", "print") with the file at
// path: Cyrillic letters and spaces go as they are. ShellExecute's own
// answer (not GetLastError, which it does not always set) tells why not.
func Execute(verb, path string) error {
	v, err := windows.UTF16PtrFromString(verb)
	if err != nil {
		return err
	}
	f, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	show := uintptr(windows.SW_SHOWNORMAL)
	if verb == "print" {
		show = windows.SW_HIDE
	}
	r, _, _ := shellExecute.Call(0, uintptr(unsafe.Pointer(v)), uintptr(unsafe.Pointer(f)), 0, 0, show)
	switch {
	case r > 32:
		return nil
	case r == seErrNoAssoc || r == seErrAssocIncomplete:
		return ErrNoProgram
	}
	return &Error{Verb: verb, Path: path, Code: r}
}
