//go:build !windows

package ui

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"

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

// userFolder is the person's Documents, Desktop or Downloads. On Linux the
// desktop names them in the person's language (~/Документы) and records the
// names in ~/.config/user-dirs.dirs; elsewhere they have their English names.
func userFolder(kind userDir) string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	names := map[userDir][2]string{
		dirDocuments: {"XDG_DOCUMENTS_DIR", "Documents"},
		dirDesktop:   {"XDG_DESKTOP_DIR", "Desktop"},
		dirDownloads: {"XDG_DOWNLOAD_DIR", "Downloads"},
	}[kind]
	key, name := names[0], names[1]
	if runtime.GOOS != "darwin" {
		if p := xdgUserDir(home, key); p != "" && p != home && isDir(p) {
			return p
		}
	}
	if p := filepath.Join(home, name); isDir(p) {
		return p
	}
	return ""
}

// xdgUserDir reads one folder from user-dirs.dirs, whose lines look like
// XDG_DOCUMENTS_DIR="$HOME/Документы".
func xdgUserDir(home, key string) string {
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	b, err := os.ReadFile(filepath.Join(config, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || k != key {
			continue
		}
		v = strings.Trim(v, `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok {
			return filepath.Join(home, rest)
		}
		if filepath.IsAbs(v) {
			return v
		}
	}
	return ""
}
