package printer

import (
	"context"
	"errors"

	"carebook/internal/shell"
)

// send asks the program Windows has for PDF files to print it.
func send(_ context.Context, path string) error {
	err := shell.Execute("print", path)
	if errors.Is(err, shell.ErrNoProgram) {
		return ErrNoProgram
	}
	if err != nil {
		return &Error{Said: err.Error(), Err: err}
	}
	return nil
}
