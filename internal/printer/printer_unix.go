//go:build !windows

package printer

import (
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"strings"
)

func send(ctx context.Context, path string) error {
	cmd := exec.CommandContext(ctx, Command, "--", path)
	cmd.Env = append(cmd.Environ(), "LC_ALL=C", "LANG=C") // its messages are read below, not shown
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return ErrNoPrinter // no printing system
	}
	said := strings.ToLower(string(out))
	for _, s := range []string{"no default destination", "scheduler not responding", "not found", "does not exist", "unable to connect"} {
		if strings.Contains(said, s) {
			return ErrNoPrinter
		}
	}
	return &Error{Said: string(out), Err: err}
}
