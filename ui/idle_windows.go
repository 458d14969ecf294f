package ui

import (
	"syscall"
	"time"
	"unsafe"
)

var getLastInputInfo = syscall.NewLazyDLL("user32.dll").NewProc("GetLastInputInfo")
var getTickCount = syscall.NewLazyDLL("kernel32.dll").NewProc("GetTickCount")

// systemIdle is how long Windows has seen no key or mouse input.
func systemIdle() (time.Duration, bool) {
	var info struct {
		size uint32
		time uint32
	}
	info.size = uint32(unsafe.Sizeof(info))
	if r, _, _ := getLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		return 0, false
	}
	now, _, _ := getTickCount.Call()
	return time.Duration(uint32(now)-info.time) * time.Millisecond, true
}
