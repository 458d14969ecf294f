//go:build linux || darwin

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakMB is a finished process's peak resident memory.
func peakMB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	kb := float64(ru.Maxrss)
	if runtime.GOOS == "darwin" {
		kb /= 1024 // bytes there
	}
	return kb / 1024
}
