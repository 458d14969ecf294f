//go:build linux || darwin

package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
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

// ownPeakMB is, in the measured process, its own peak resident memory and
// that of the programs it ran (sqlite3, LibreOffice), or 0 where that
// cannot be known. The parent cannot tell: on Linux a process started with
// exec keeps, as its own peak, the memory of the process that started it
// (the bench, which may have made the offices), so a small work would show
// the bench's size.
func ownPeakMB() float64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	var kb float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ = strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) == nil && float64(ru.Maxrss) > kb {
		kb = float64(ru.Maxrss)
	}
	return kb / 1024
}
