// Package shell hands a file to the Windows shell, as a double click or
// "Print" in Explorer's menu does: the program chosen for the file's kind
// opens or prints it. Elsewhere the desktop does this (xdg-open, lp), and
// Execute is not used.
package shell

import (
	"errors"
	"fmt"
)

// ErrNoProgram says no program on this computer handles the file's kind
// (for this verb: some PDF readers open but do not print).
var ErrNoProgram = errors.New("no program on this computer handles this kind of file")

// Error is the shell's refusal, for the other reasons it gives.
type Error struct {
	Verb, Path string
	Code       uintptr // ShellExecute's SE_ERR_* number
}

func (e *Error) Error() string {
	why := map[uintptr]string{
		0: "out of memory", 2: "the file was not found", 3: "the folder was not found",
		5: "access denied", 8: "out of memory", 11: "the program is damaged",
		26: "the file is in use", 28: "the program did not answer in time",
		29: "the program refused", 30: "the program is busy", 32: "a part of the program is missing",
	}[e.Code]
	if why == "" {
		why = fmt.Sprintf("error %d", e.Code)
	}
	return fmt.Sprintf("Windows could not %s %s: %s", e.Verb, e.Path, why)
}
