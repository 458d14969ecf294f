package data

import (
	"sync"
	"time"
)

// A change is safe on disk once its transaction's pages are in the
// write-ahead log and the log is flushed (synchronous=FULL). Copying them
// on into the database file, SQLite's checkpoint, is housekeeping; left to
// SQLite, it is done by whoever commits once the log passes a thousand
// pages, so that a batch of letters or an import waited for it (a fifth of
// a 1 000-letter batch, most of it flushing the database file). Here
// SQLite never checkpoints on its own (wal_autocheckpoint(0) in the DSN):
// the store's checkpointer does it on a connection of its own after a
// commit, while the person goes on, at most once a checkpointGap, and
// Close does the last one.

// checkpointGap is the least time between two checkpoints, so that a run of
// small changes costs one flush of the database file, not one each.
const checkpointGap = time.Second

type checkpointer struct {
	wake chan struct{} // a commit happened (holds one; more are the same)
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// checkpointHold, in tests, keeps the checkpointer from starting a
// checkpoint until it is closed or sent on.
var checkpointHold chan struct{}

// startCheckpoints starts the checkpointer of a store that takes changes.
func (s *Store) startCheckpoints() {
	c := &checkpointer{wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	s.ckpt = c
	db, hold := s.db, checkpointHold
	go func() {
		defer close(c.done)
		for {
			select {
			case <-c.stop:
				return
			case <-c.wake:
			}
			if hold != nil {
				select {
				case <-hold:
				case <-c.stop:
					return
				}
			}
			// PASSIVE: it copies what no reader still needs and never
			// waits for, or holds up, anyone writing.
			_, _ = db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			select {
			case <-c.stop:
				return
			case <-time.After(checkpointGap):
			}
		}
	}()
}

// committed tells the checkpointer that a transaction committed.
func (s *Store) committed() {
	if c := s.ckpt; c != nil {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// stopCheckpoints stops the checkpointer, waiting for a checkpoint under
// way to finish.
func (s *Store) stopCheckpoints() {
	if c := s.ckpt; c != nil {
		c.once.Do(func() { close(c.stop) })
		<-c.done
	}
}
