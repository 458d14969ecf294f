package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDir is the user's data folder for Carebook: %APPDATA%\Carebook on
// Windows, ~/Library/Application Support/Carebook on macOS, and
// $XDG_DATA_HOME/carebook (~/.local/share/carebook) elsewhere. The
// environment variable CAREBOOK_HOME overrides it.
func DefaultDir() (string, error) {
	return defaultDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv("CAREBOOK_HOME"); d != "" {
		return filepath.Abs(d)
	}
	switch goos {
	case "windows":
		// The roaming application data folder, where Windows programs keep
		// what belongs to the person rather than to this one machine.
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "Carebook"), nil
		}
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", "Carebook"), nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "carebook"), nil
	}
	h, err := home()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".local", "share", "carebook"), nil
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
