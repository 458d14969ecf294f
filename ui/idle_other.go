//go:build !windows

package ui

import "time"

// systemIdle is how long the system has seen no input; elsewhere than on
// Windows it is not asked (the window's own input counts).
func systemIdle() (time.Duration, bool) { return 0, false }
