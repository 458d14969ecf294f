package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"carebook/data/filestore"
)

// Every file Carebook writes for a person (a report, a letter, a saved copy
// of a document) is checked here first: it must not be the database or one
// of its companion files, must not lie in the folders Carebook keeps (the
// documents, lost+found, the backups), and must not be another output of the
// same command.

// OutputError refuses a path a command or screen was asked to write.
type OutputError struct {
	Path  string
	Clash string // one of the Clash… constants
	Other string // ClashOtherOutput: the other output
}

// What an output would have overwritten.
const (
	ClashDatabase    = "database"     // the database or its -wal, -shm, -journal or lock files
	ClashDocuments   = "documents"    // the documents folder (or lost+found beside it)
	ClashBackups     = "backups"      // the backup folder
	ClashOtherOutput = "other_output" // another file the same command writes
	ClashFolder      = "folder"       // a file was asked for where a folder is
)

func (e *OutputError) Error() string {
	switch e.Clash {
	case ClashDatabase:
		return fmt.Sprintf("refusing to write %s: it is part of the Carebook database; choose another file name", e.Path)
	case ClashDocuments:
		return fmt.Sprintf("refusing to write %s: it is inside the folder where Carebook keeps the documents; choose another folder", e.Path)
	case ClashBackups:
		return fmt.Sprintf("refusing to write %s: it is inside the backup folder; choose another folder", e.Path)
	case ClashFolder:
		return fmt.Sprintf("refusing to write %s: it is a folder; give a file name", e.Path)
	}
	return fmt.Sprintf("refusing to write %s: the same command also writes %s there; give each output its own name", e.Path, e.Other)
}

// Output is a file a command writes, or with Dir a folder it writes files into.
type Output struct {
	Path string
	Dir  bool
}

// companionSuffixes name the files SQLite and Carebook keep beside a
// database: path+suffix belongs to the database at path.
var companionSuffixes = []string{"-wal", "-shm", "-journal", lockSuffix, windowLockSuffix, checkedSuffix}

// CompanionFiles are the database and the files beside it that belong to it.
func (s *Store) CompanionFiles() []string {
	out := []string{s.path}
	for _, suf := range companionSuffixes {
		out = append(out, s.path+suf)
	}
	return out
}

// IsCompanionName reports whether path is named as a file that belongs to
// a database beside it (its -wal, -shm, -journal, lock or check mark): a
// new database or folder there would be taken for that database's own file.
func IsCompanionName(path string) bool {
	_, ok := companionOf(path)
	return ok
}

// companionOf is the database whose companion file path would be.
func companionOf(path string) (db string, ok bool) {
	name := filepath.Base(path)
	for _, suf := range companionSuffixes {
		if len(name) > len(suf) && strings.HasSuffix(strings.ToLower(name), suf) {
			return path[:len(path)-len(suf)], true
		}
	}
	return "", false
}

// LostFoundDir is where check --repair moves files no document points at.
func (s *Store) LostFoundDir() string { return filepath.Join(filepath.Dir(s.path), "lost+found") }

// DefaultBackupDir is where backups go when Settings name no folder.
func (s *Store) DefaultBackupDir() string { return filepath.Join(filepath.Dir(s.path), "backups") }

// BackupDir is the backup folder: the one set in Settings, else the default.
func (s *Store) BackupDir(ctx context.Context) string {
	if st, err := s.Settings(ctx); err == nil && strings.TrimSpace(st.BackupFolder) != "" {
		return st.BackupFolder
	}
	return s.DefaultBackupDir()
}

// CheckOutputs refuses, with an *OutputError, outputs that would overwrite
// the database, its companion files, anything in the documents, lost+found
// or backup folders, or each other. It changes nothing.
func (s *Store) CheckOutputs(ctx context.Context, outs ...Output) error {
	dirs := []struct{ path, clash string }{
		{s.FilesDir(), ClashDocuments},
		{s.LostFoundDir(), ClashDocuments},
		{s.DefaultBackupDir(), ClashBackups},
	}
	if st, err := s.Settings(ctx); err == nil && strings.TrimSpace(st.BackupFolder) != "" {
		dirs = append(dirs, struct{ path, clash string }{st.BackupFolder, ClashBackups})
	}
	for i, o := range outs {
		if o.Path == "" {
			continue
		}
		p, err := filepath.Abs(o.Path)
		if err != nil {
			return &filestore.Error{Path: o.Path, Kind: filestore.NotWritable, Err: err}
		}
		for _, c := range s.CompanionFiles() {
			if samePath(p, c) {
				return &OutputError{Path: o.Path, Clash: ClashDatabase}
			}
		}
		if db, ok := companionOf(p); ok {
			if fi, err := os.Stat(db); err == nil && !fi.IsDir() {
				return &OutputError{Path: o.Path, Clash: ClashDatabase}
			}
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() && !o.Dir {
			return &OutputError{Path: o.Path, Clash: ClashFolder}
		}
		for _, d := range dirs {
			if within(p, d.path) {
				return &OutputError{Path: o.Path, Clash: d.clash}
			}
		}
		if holdsBackups(p) {
			return &OutputError{Path: o.Path, Clash: ClashBackups}
		}
		for _, other := range outs[:i] {
			if !o.Dir && !other.Dir && samePath(p, other.Path) {
				return &OutputError{Path: o.Path, Clash: ClashOtherOutput, Other: other.Path}
			}
		}
	}
	return nil
}

// CheckBackupDir refuses a backup folder that would mix with what Carebook
// keeps: the database's own folder (its documents folder would be the
// backups'), or a folder inside the documents or lost+found folders.
func (s *Store) CheckBackupDir(dir string) error {
	switch {
	case strings.TrimSpace(dir) == "":
		return &OutputError{Path: dir, Clash: ClashDatabase}
	case samePath(dir, filepath.Dir(s.path)):
		return &OutputError{Path: dir, Clash: ClashDatabase}
	case within(dir, s.FilesDir()), within(dir, s.LostFoundDir()):
		return &OutputError{Path: dir, Clash: ClashDocuments}
	}
	for _, c := range s.CompanionFiles() {
		if samePath(dir, c) {
			return &OutputError{Path: dir, Clash: ClashDatabase}
		}
	}
	if db, ok := companionOf(absClean(dir)); ok {
		if fi, err := os.Stat(db); err == nil && !fi.IsDir() {
			return &OutputError{Path: dir, Clash: ClashDatabase}
		}
	}
	return nil
}

// BackupMarker is the file that marks a folder as holding Carebook backups,
// wherever it is: nothing Carebook writes for a person goes inside it.
const BackupMarker = "carebook-backups.txt"

// InBackupFolder reports whether path lies in a folder of Carebook backups:
// no database is made or rebuilt there (it would be a backup's own).
func InBackupFolder(path string) bool { return holdsBackups(absClean(path)) }

// holdsBackups reports whether p or a folder above it holds Carebook backups.
func holdsBackups(p string) bool {
	for q := p; ; {
		if _, err := os.Stat(filepath.Join(q, BackupMarker)); err == nil {
			return true
		}
		up := filepath.Dir(q)
		if up == q {
			return false
		}
		q = up
	}
}

// samePath reports whether a and b name the same file or folder: the same
// file on disk when both exist (which sees through links, ".." and letter
// case on systems that ignore it), else the same name in the same folder,
// letter case aside (a file about to be created on a USB stick that ignores
// case would be the other).
func samePath(a, b string) bool {
	a, b = absClean(a), absClean(b)
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	if !strings.EqualFold(filepath.Base(a), filepath.Base(b)) {
		return false
	}
	pa, pb := filepath.Dir(a), filepath.Dir(b)
	if pa == a || pb == b { // a root
		return false
	}
	return samePath(pa, pb)
}

// within reports whether p is dir or lies anywhere inside it.
func within(p, dir string) bool {
	for q := absClean(p); ; {
		if samePath(q, dir) {
			return true
		}
		up := filepath.Dir(q)
		if up == q {
			return false
		}
		q = up
	}
}

func absClean(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
