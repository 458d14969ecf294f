package printer

import (
	"context"
	"errors"

	"golang.org/x/sys/windows"
)

// The error numbers ShellExecute gives when nothing can print the file.
const (
	seErrNoAssoc         = 31
	seErrAssocIncomplete = 27
)

func send(ctx context.Context, path string) error {
	verb, err := windows.UTF16PtrFromString("print")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	err = windows.ShellExecute(0, verb, file, nil, nil, windows.SW_HIDE)
	var errno windows.Errno
	if errors.As(err, &errno) && (errno == seErrNoAssoc || errno == seErrAssocIncomplete || errno == windows.ERROR_NO_ASSOCIATION) {
		return ErrNoProgram
	}
	if err != nil {
		return &Error{Said: err.Error(), Err: err}
	}
	return nil
}
