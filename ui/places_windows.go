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

// userFolder is where Windows keeps the person's Documents, Desktop or
// Downloads, which may have been moved (to another disk, or into OneDrive).
func userFolder(kind userDir) string {
	id := map[userDir]*windows.KNOWNFOLDERID{
		dirDocuments: windows.FOLDERID_Documents,
		dirDesktop:   windows.FOLDERID_Desktop,
		dirDownloads: windows.FOLDERID_Downloads,
	}[kind]
	p, err := windows.KnownFolderPath(id, 0)
	if err != nil || !isDir(p) {
		return ""
	}
	return p
}
