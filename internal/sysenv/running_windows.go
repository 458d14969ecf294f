//go:build windows

package sysenv

import (
	"syscall"
	"unsafe"
)

// RunningMutex is the name of a mutex every Carebook process holds while it
// runs. The installer and the uninstaller look for it (as Inno Setup's
// AppMutex does) to ask the person to close Carebook before they replace or
// remove its files. packaging/windows/carebook.nsi names it too.
const RunningMutex = `Local\org.carebook.app`

func init() { holdRunningMutex() }

func holdRunningMutex() {
	name, err := syscall.UTF16PtrFromString(RunningMutex)
	if err != nil {
		return
	}
	create := syscall.NewLazyDLL("kernel32.dll").NewProc("CreateMutexW")
	// The handle is never closed: Windows releases it when the process ends.
	create.Call(0, 0, uintptr(unsafe.Pointer(name)))
}
