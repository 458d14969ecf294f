//go:build !windows

package ui

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2/theme"
)

// disks are the computer's root and the mounted disks and USB sticks.
func disks() []place {
	out := []place{{T("Computer"), "/", theme.ComputerIcon()}}
	var roots []string
	if runtime.GOOS == "darwin" {
		roots = []string{"/Volumes"}
	} else {
		name := ""
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		roots = []string{filepath.Join("/media", name), filepath.Join("/run/media", name), "/mnt"}
	}
	for _, r := range roots {
		entries, _ := os.ReadDir(r)
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, place{e.Name(), filepath.Join(r, e.Name()), theme.StorageIcon()})
			}
		}
	}
	return out
}

// hiddenEntry: elsewhere a leading dot is what hides a file.
func hiddenEntry(string, os.DirEntry) bool { return false }
