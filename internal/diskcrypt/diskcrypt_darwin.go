package diskcrypt

import (
	"context"
	"strings"
)

// status asks fdesetup, which any user may: "FileVault is On."
func status(ctx context.Context, dir string) (State, string) {
	out := output(ctx, "fdesetup", "status")
	switch {
	case strings.Contains(out, "FileVault is On"):
		return Encrypted, "FileVault"
	case strings.Contains(out, "FileVault is Off"):
		return NotEncrypted, "FileVault"
	}
	return Unknown, "FileVault"
}
