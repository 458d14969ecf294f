package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"carebook/data/filestore"
)

// Carebook processes tell each other what they are doing through two lock
// files beside the database (the system releases them when a process ends,
// however it ends):
//
//   - <db>.lock: every open store holds it shared; restore and check --repair
//     take it exclusively, so they never swap or tidy a database another
//     Carebook is using, and know that temporary files nobody holds are stale.
//   - <db>.window-lock: the window holds it, so a second window on the same
//     database says so instead of opening.
const (
	lockSuffix       = ".lock"
	windowLockSuffix = ".window-lock"
)

// LockedError says another Carebook is using the database.
type LockedError struct {
	Path string
	Kind string // LockInUse, LockWindowed, LockMaintenance
}

// Kinds of LockedError.
const (
	LockInUse       = "in_use"      // another Carebook has it open
	LockWindowed    = "window"      // another Carebook window shows it
	LockMaintenance = "maintenance" // another Carebook is restoring or repairing it
)

func (e *LockedError) Error() string {
	switch e.Kind {
	case LockWindowed:
		return fmt.Sprintf("Carebook is already open on %s in another window; switch to that window", e.Path)
	case LockMaintenance:
		return fmt.Sprintf("another Carebook is restoring or repairing %s; try again when it has finished", e.Path)
	}
	return fmt.Sprintf("another Carebook has %s open; close it first (the window, or a running command)", e.Path)
}

// maintenanceWait is how long opening waits for a restore or repair to end.
var maintenanceWait = 30 * time.Second

// holdOpenLock takes the shared lock every open store holds. Where no lock
// file can be made (read-only media) nobody can write either, and it goes on
// without one.
func (s *Store) holdOpenLock(ctx context.Context) error {
	l := flock.New(s.path + lockSuffix)
	ctx, cancel := context.WithTimeout(ctx, maintenanceWait)
	defer cancel()
	ok, err := l.TryRLockContext(ctx, 100*time.Millisecond)
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		return nil // no lock file here: read-only media
	}
	if !ok {
		return &LockedError{Path: s.path, Kind: LockMaintenance}
	}
	s.openLock = l
	return nil
}

func (s *Store) releaseOpenLock() {
	if s.openLock != nil {
		s.openLock.Close()
		s.openLock = nil
	}
}

// LockExclusive makes sure no other Carebook has the database at path open,
// and keeps it so until release is called: for restore and repair.
func LockExclusive(path string) (release func(), err error) {
	path = absClean(path)
	l := flock.New(path + lockSuffix)
	ok, err := l.TryLock()
	if err != nil {
		return nil, &filestore.Error{Path: path + lockSuffix, Kind: filestore.NotWritable, Err: err}
	}
	if !ok {
		return nil, &LockedError{Path: path, Kind: LockInUse}
	}
	return func() { l.Close() }, nil
}

// LockWindow claims the database at path for one window. A second window
// gets a *LockedError; where no lock file can be made (read-only media) the
// window opens without one.
func LockWindow(path string) (release func(), err error) {
	path = absClean(path)
	os.MkdirAll(filepath.Dir(path), 0o700)
	l := flock.New(path + windowLockSuffix)
	ok, err := l.TryLock()
	if err != nil {
		return func() {}, nil
	}
	if !ok {
		return nil, &LockedError{Path: path, Kind: LockWindowed}
	}
	return func() { l.Close() }, nil
}
