//go:build windows

package sysenv

import (
	"os"
	"syscall"
)

// carebook.exe is built for the window (no console of its own). Started
// from a console ("carebook.exe list" in cmd or PowerShell), it attaches to
// that console so that what it prints shows there; when its output already
// goes somewhere (a file, a pipe, or carebook-cli.exe's own console), that
// is kept.
func init() { attachParentConsole() }

func attachParentConsole() {
	if h, err := syscall.GetStdHandle(syscall.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != syscall.InvalidHandle {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return // started by a double click: no console to print to
	}
	if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = f, f
	}
}
