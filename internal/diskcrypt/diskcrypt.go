// Package diskcrypt says whether the disk a folder is on is encrypted:
// BitLocker or device encryption on Windows, FileVault on macOS, LUKS or
// dm-crypt on Linux. It asks the system's own tools, as the person who runs
// Carebook (no administrator rights), and says Unknown when they cannot
// tell.
package diskcrypt

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// State is what the system says of a disk.
type State string

// The states.
const (
	Encrypted    State = "encrypted"
	NotEncrypted State = "not_encrypted"
	Unknown      State = "unknown"
)

// Status is the state of the disk that holds dir, with the system's own
// name for its encryption ("BitLocker", "FileVault", "LUKS").
func Status(dir string) (State, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return status(ctx, dir)
}

// output runs a system tool; "" when it cannot.
func output(ctx context.Context, name string, args ...string) string {
	b, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return ""
	}
	return string(b)
}

// fromTypes reads lsblk's TYPE column.
func fromTypes(out string) (State, string) {
	for _, t := range strings.Fields(out) {
		if t == "crypt" {
			return Encrypted, "LUKS"
		}
	}
	return NotEncrypted, "LUKS"
}

// fromProtection reads the shell's BitLocker protection value.
func fromProtection(out string) (State, string) {
	switch out {
	case "1", "3", "6":
		return Encrypted, "BitLocker"
	case "2", "4", "5":
		return NotEncrypted, "BitLocker"
	}
	return Unknown, "BitLocker"
}
