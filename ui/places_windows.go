package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/sys/windows"
)

// disks are the drives: C:, D:, a USB stick's E:…
func disks() []place {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var out []place
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		out = append(out, place{root, root, driveIcon()})
	}
	return out
}

func driveIcon() fyne.Resource { return theme.StorageIcon() }

// hiddenEntry reports whether Windows marks the file hidden or a system file.
func hiddenEntry(dir string, e os.DirEntry) bool {
	p, err := windows.UTF16PtrFromString(filepath.Join(dir, e.Name()))
	if err != nil {
		return false
	}
	attrs, err := windows.GetFileAttributes(p)
	return err == nil && attrs&(windows.FILE_ATTRIBUTE_HIDDEN|windows.FILE_ATTRIBUTE_SYSTEM) != 0
}
