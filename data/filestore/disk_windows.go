package filestore

import "golang.org/x/sys/windows"

// FreeSpace is how many bytes the disk holding dir has for this user; it
// errs on the side of room when the system cannot say.
func FreeSpace(dir string) int64 {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 1 << 62
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 1 << 62
	}
	return int64(avail)
}
