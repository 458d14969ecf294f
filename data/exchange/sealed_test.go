package exchange

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Whatever the offset and length, a sealed file reads back what was written.
func TestASealedFileReadsBackAtAnyOffset(t *testing.T) {
	f, err := newSealedFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	plain := make([]byte, 300_000)
	for i := range plain {
		plain[i] = byte(rng.IntN(256))
	}
	// Written in uneven pieces, as io.Copy does.
	for rest := plain; len(rest) > 0; {
		n := min(len(rest), 1+rng.IntN(40_000))
		if _, err := f.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	f.Done()
	for range 500 {
		off := rng.IntN(len(plain))
		n := min(len(plain)-off, rng.IntN(5000))
		got := make([]byte, n)
		if _, err := f.ReadAt(got, int64(off)); err != nil && err != io.EOF {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain[off:off+n]) {
			t.Fatalf("at %d, %d bytes differ", off, n)
		}
	}
}

// Seen in the kill test: a process stopped while closing its sealed copy
// left the copy's lock and no copy; the next start removes that too, and
// never a lock another process holds.
func TestALockWithoutItsCopyIsRemoved(t *testing.T) {
	dir := t.TempDir()
	orphan := filepath.Join(dir, tempPrefix+"123"+tempSuffix+tempLock)
	if err := os.WriteFile(orphan, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	inUse, err := newSealedFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer inUse.Close()
	removed := RemoveStale(dir)
	if len(removed) != 1 || removed[0] != orphan {
		t.Fatalf("removed %v, want only %s", removed, orphan)
	}
	if _, err := os.Stat(inUse.f.Name() + tempLock); err != nil {
		t.Errorf("the lock of a copy in use went: %v", err)
	}
}
