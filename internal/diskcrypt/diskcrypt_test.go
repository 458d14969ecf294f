package diskcrypt

import "testing"

// The system's answer is read as it is meant; this computer's own disk
// gives some answer without hanging.
func TestStatus(t *testing.T) {
	for out, want := range map[string]State{
		"part\ndisk\n":             NotEncrypted,
		"crypt\npart\ndisk\n":      Encrypted,
		"lvm\ncrypt\npart\ndisk\n": Encrypted,
	} {
		if got, _ := fromTypes(out); got != want {
			t.Errorf("%q: %s, want %s", out, got, want)
		}
	}
	for out, want := range map[string]State{"1": Encrypted, "2": NotEncrypted, "5": NotEncrypted, "": Unknown, "0": Unknown} {
		if got, _ := fromProtection(out); got != want {
			t.Errorf("BitLocker %q: %s, want %s", out, got, want)
		}
	}
	if s, _ := Status(t.TempDir()); s == "" {
		t.Fatal("no state")
	}
}
