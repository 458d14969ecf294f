package data

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A big batch is safe on disk when its commit returns: the log is flushed.
// Copying it on into the database file comes after, while the person goes
// on, and Close leaves nothing in the log.
func TestABigBatchDoesNotWaitForTheCheckpoint(t *testing.T) {
	hold := make(chan struct{})
	checkpointHold = hold
	t.Cleanup(func() { checkpointHold = nil })
	path := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Some 10 MB of notes: well past the thousand pages at which SQLite,
	// left to itself, checkpoints in the commit.
	rnd := rand.New(rand.NewPCG(1, 2))
	letters := []rune("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")
	note := func() string {
		var b strings.Builder
		for b.Len() < 30000 {
			b.WriteRune(letters[rnd.IntN(len(letters))])
		}
		return b.String()
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		for i := range 300 {
			if err := s.Donors.Create(ctx, &Donor{DisplayName: fmt.Sprintf("Донор %d", i), Notes: note()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("the commit copied the log into the database file itself: the batch waited for it")
	}
	if n, err := s.Donors.Count(ctx); err != nil || n != 300 {
		t.Fatalf("donors after the commit: %d, %v; want 300", n, err)
	}

	close(hold)
	for deadline := time.Now().Add(20 * time.Second); ; {
		now, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(now) > len(before)+5<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes 20 s after the commit: nothing checkpointed", len(now))
		}
		time.Sleep(20 * time.Millisecond)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("the log holds %d bytes after Close", fi.Size())
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.Donors.Count(ctx); err != nil || n != 300 {
		t.Fatalf("donors after opening again: %d, %v; want 300", n, err)
	}
}
