package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDir is the user's data folder for Carebook: %LOCALAPPDATA%\Carebook
// on Windows (local, not roaming: children's health data stays on this
// machine), ~/Library/Application Support/Carebook on macOS, and
// $XDG_DATA_HOME/carebook (~/.local/share/carebook) elsewhere. The
// environment variable CAREBOOK_HOME overrides it.
func DefaultDir() (string, error) {
	if d := os.Getenv("CAREBOOK_HOME"); d != "" {
		return filepath.Abs(d)
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Carebook"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "Carebook"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "carebook"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "carebook"), nil
}

// DefaultPath is the everyday database: carebook.db in DefaultDir.
func DefaultPath() (string, error) {
	d, err := DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "carebook.db"), nil
}

// DemoPath is the demo database, in its own folder so its document files
// never mix with real ones.
func DemoPath() (string, error) {
	d, err := DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "demo", "carebook.db"), nil
}
