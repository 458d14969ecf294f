package data

import (
	"path/filepath"
	"testing"
)

func TestDefaultDirFollowsEachSystemsCustom(t *testing.T) {
	env := map[string]string{
		"APPDATA":      `C:\Users\Әсел Нұрланқызы\AppData\Roaming`,
		"LOCALAPPDATA": `C:\Users\Әсел Нұрланқызы\AppData\Local`,
	}
	getenv := func(k string) string { return env[k] }
	home := func() (string, error) { return "/home/asel", nil }

	got, err := defaultDir("windows", getenv, home)
	if want := filepath.Join(env["APPDATA"], "Carebook"); err != nil || got != want {
		t.Errorf("Windows data folder = %q, %v; want %q (under %%APPDATA%%)", got, err, want)
	}
	got, _ = defaultDir("darwin", getenv, home)
	if want := filepath.Join("/home/asel", "Library", "Application Support", "Carebook"); got != want {
		t.Errorf("macOS data folder = %q, want %q", got, want)
	}
	got, _ = defaultDir("linux", getenv, home)
	if want := filepath.Join("/home/asel", ".local", "share", "carebook"); got != want {
		t.Errorf("Linux data folder = %q, want %q", got, want)
	}
	env["XDG_DATA_HOME"] = "/data/asel"
	got, _ = defaultDir("linux", getenv, home)
	if want := filepath.Join("/data/asel", "carebook"); got != want {
		t.Errorf("Linux data folder with XDG_DATA_HOME = %q, want %q", got, want)
	}
	env["CAREBOOK_HOME"] = "/srv/carebook"
	abs, _ := filepath.Abs("/srv/carebook")
	for _, goos := range []string{"windows", "darwin", "linux"} {
		if got, _ := defaultDir(goos, getenv, home); got != abs {
			t.Errorf("%s: CAREBOOK_HOME ignored: %q", goos, got)
		}
	}
}
