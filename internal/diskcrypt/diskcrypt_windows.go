package diskcrypt

import (
	"context"
	"path/filepath"
	"strings"
)

// status asks the shell for the drive's BitLocker protection, which needs
// no administrator rights: 1 on, 2 off, 3 encrypting, 4 decrypting, 5
// suspended, 6 on (locked), 0 or nothing: not encryptable or not known.
func status(ctx context.Context, dir string) (State, string) {
	vol := filepath.VolumeName(dir)
	if vol == "" {
		return Unknown, "BitLocker"
	}
	script := "(New-Object -ComObject Shell.Application).NameSpace('" + vol + "\\').Self.ExtendedProperty('System.Volume.BitLockerProtection')"
	out := strings.TrimSpace(output(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", script))
	return fromProtection(out)
}
