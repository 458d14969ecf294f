// Package printer sends a PDF to the computer's printer: through CUPS's lp
// on Linux and macOS, and through the PDF program's "print" command on
// Windows.
package printer

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNoPrinter says the computer has no printer to send to (none set up,
// no default one, or no printing system at all).
var ErrNoPrinter = errors.New("no printer is set up on this computer")

// ErrNoProgram says no program on this computer prints PDF files (Windows:
// the PDF handler has no print command).
var ErrNoProgram = errors.New("no program on this computer prints PDF files")

// Error is a printer's refusal, with what it said.
type Error struct {
	Said string
	Err  error
}

func (e *Error) Error() string {
	return fmt.Sprintf("the printer refused the document: %s", strings.TrimSpace(e.Said))
}

func (e *Error) Unwrap() error { return e.Err }

// Command is the printing command on Linux and macOS (tests replace it with
// a fake printer); it gets the file's path after "--".
var Command = "lp"

// Print sends the PDF at path to the default printer.
func Print(ctx context.Context, path string) error { return send(ctx, path) }
