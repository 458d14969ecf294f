package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"carebook/data/exchange"
	"carebook/data/filestore"
)

// OpenOptions say how to open a database.
type OpenOptions struct {
	// Create makes a new database when there is none at the path.
	Create bool
	// ReadOnly opens it for looking only, even where it could be changed.
	ReadOnly bool
	// OnBusy is called (once per wait) when another Carebook is writing and
	// a change has to wait for it; BusyLimit is how long a change waits
	// before it gives up with ErrBusy (0: until its context ends).
	OnBusy    func()
	BusyLimit time.Duration
}

// ReadOnlyError is why a store refuses every change. Looking (lists,
// reports, check, backups to another disk) still works.
type ReadOnlyError struct {
	Path     string
	Reason   string   // one of the ReadOnly… constants
	Problems []string // ReadOnlyDamaged: what the check found
}

// Why a store is read-only.
const (
	ReadOnlyDamaged  = "damaged"   // the database failed its check on open
	ReadOnlyMedia    = "media"     // the disk or folder cannot be written
	ReadOnlyDiskFull = "disk_full" // no room left on the disk
	ReadOnlyAsked    = "asked"     // opened for looking only
)

func (e *ReadOnlyError) Error() string {
	switch e.Reason {
	case ReadOnlyDamaged:
		p := ""
		if len(e.Problems) > 0 {
			p = " (" + e.Problems[0] + ")"
		}
		return fmt.Sprintf("%s is damaged%s: it was opened read-only and nothing was changed; restore the last good backup (carebook restore)", e.Path, p)
	case ReadOnlyMedia:
		return fmt.Sprintf("%s is on a disk or in a folder that cannot be written: it can be looked at, not changed", e.Path)
	case ReadOnlyDiskFull:
		return fmt.Sprintf("the disk of %s is full: it can be looked at, but nothing can be changed until space is freed", e.Path)
	}
	return fmt.Sprintf("%s was opened for looking only: nothing can be changed", e.Path)
}

// ErrBusy says another Carebook kept the database busy for longer than a
// change could wait. Nothing was changed.
var ErrBusy = errors.New("another Carebook is writing to this database; nothing was changed, try again in a moment")

// ErrDiskFull says a change failed because the disk is full. Nothing was changed.
var ErrDiskFull = errors.New("the disk is full: nothing was changed; free some space and try again")

// minFree is the room a disk must have for Carebook to change a database on
// it; with less, the database opens read-only. Tests lower it.
var minFree int64 = 4 << 20

// Open opens the Carebook database at path, creating it if there is none,
// and brings its schema up to date. See OpenWith.
func Open(path string) (*Store, error) { return OpenWith(path, OpenOptions{Create: true}) }

// OpenWith opens the Carebook database at path. It refuses with an
// *OpenError, leaving every file (the database, its -wal and -shm) byte for
// byte as it was: a folder, an empty file, a file that is not SQLite,
// another program's database, a newer Carebook's, and a database beside a
// -wal that is not its own. A database that fails its quick check on open,
// or lies on a disk that cannot be written or is full, opens read-only:
// ReadOnly says why, and every change is refused with that reason.
func OpenWith(path string, o OpenOptions) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	s, err := openAbs(abs, o)
	var oe *OpenError
	if errors.As(err, &oe) {
		oe.Path = path
	}
	return s, err
}

func openAbs(abs string, o OpenOptions) (*Store, error) {
	if _, err := os.Stat(abs); errors.Is(err, os.ErrNotExist) {
		if !o.Create {
			return nil, &OpenError{Path: abs, Kind: OpenMissing}
		}
		if err := create(abs); err != nil {
			return nil, err
		}
	}
	if err := probe(abs); err != nil {
		return nil, err
	}
	s := &Store{path: abs, Now: time.Now, onBusy: o.OnBusy, busyLimit: o.BusyLimit}
	s.bind()
	ctx := context.Background()
	if err := s.holdOpenLock(ctx); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			s.release()
		}
	}()
	reason := ""
	switch {
	case o.ReadOnly:
		reason = ReadOnlyAsked
	case !writable(abs):
		reason = ReadOnlyMedia
	case filestore.FreeSpace(filepath.Dir(abs)) < minFree:
		reason = ReadOnlyDiskFull
	}
	// Whether the file is as Carebook last left it, before anything (the
	// read-only look too) touches its log.
	checkedAt, recent := checkedRecently(abs, s.Now())
	if !recent {
		checkedAt = s.Now()
	}
	// A header whose version another tool lowered is refused before even
	// the read-only look below makes its -shm.
	headerVersion := -1
	if state, _, _ := readWAL(abs+"-wal", 0); state == walNone {
		if err := func() error {
			db, err := sql.Open("sqlite", dsn(abs, true, "immutable", "1"))
			if err != nil {
				return &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
			}
			defer db.Close()
			if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&headerVersion); err != nil {
				return &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
			}
			return versionHonest(ctx, abs, db, headerVersion)
		}(); err != nil {
			return nil, err
		}
	}
	version := headerVersion
	// A database exactly as Carebook last closed it (the mark: its size,
	// time and header, and no log), up to date and writable, was looked at
	// when it was opened then; nothing has touched it since. Any other
	// database is looked at first.
	if !recent || reason != "" || headerVersion != SchemaVersion() {
		// Look first, through a connection that cannot write, so that a
		// damaged database is never written to.
		if err := s.openReadOnly(); err != nil {
			return nil, err
		}
		if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return nil, &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
		}
		if version < SchemaVersion() {
			if err := versionHonest(ctx, abs, s.db, version); err != nil {
				return nil, err
			}
		}
		if problems := s.quickCheck(ctx, !recent, version == SchemaVersion()); len(problems) > 0 {
			s.ro = &ReadOnlyError{Path: abs, Reason: ReadOnlyDamaged, Problems: problems}
			ok = true
			return s, nil
		}
		if reason != "" {
			if version < SchemaVersion() {
				return nil, &OpenError{Path: abs, Kind: OpenOldReadOnly}
			}
			s.ro = &ReadOnlyError{Path: abs, Reason: reason}
			s.loadActor(ctx)
			ok = true
			return s, nil
		}
		s.closePool()
	}
	db, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
	}
	// Today asks its questions side by side: their connections stay open
	// between visits, each with its page cache warm, instead of being
	// opened again (and their schema read again) every time.
	db.SetMaxIdleConns(5)
	s.db = db
	if err := s.migrate(ctx); err != nil {
		if isFull(err) || filestore.FreeSpace(filepath.Dir(abs)) < minFree {
			s.closePool() // the disk filled up meanwhile: look, don't change
			if version == SchemaVersion() {
				if err := s.openReadOnly(); err == nil {
					s.ro = &ReadOnlyError{Path: abs, Reason: ReadOnlyDiskFull}
					ok = true
					return s, nil
				}
			}
		}
		var oe *OpenError
		if errors.As(err, &oe) {
			return nil, oe
		}
		return nil, &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
	}
	if version < SchemaVersion() {
		if problems := s.quickCheck(ctx, false, true); len(problems) > 0 {
			s.ro = &ReadOnlyError{Path: abs, Reason: ReadOnlyDamaged, Problems: problems}
		}
	}
	s.loadActor(ctx)
	if s.ro == nil {
		if err := s.loadClock(ctx); err != nil {
			return nil, &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
		}
		s.stampAudit(ctx)
		// What a stopped exchange import left (sealed, unreadable) goes.
		s.staleGone = exchange.RemoveStale(filepath.Dir(abs))
		s.startCheckpoints()
	}
	s.checkedAt = checkedAt
	ok = true
	return s, nil
}

// versionHonest refuses a database whose header says an older schema than
// the tables it holds (another tool lowered user_version): decided from the
// schema itself, so that no migration runs again over it.
func versionHonest(ctx context.Context, abs string, db *sql.DB, version int) error {
	if version >= SchemaVersion() {
		return nil
	}
	later, err := laterSchema(ctx, db, version)
	if err != nil {
		return &OpenError{Path: abs, Kind: OpenUnreadable, Err: err}
	}
	if later > 0 {
		return &OpenError{Path: abs, Kind: OpenVersionLowered, Version: version, Known: later}
	}
	return nil
}

// loadActor sets who the changes are recorded as: the demo database's demo
// director, signed in as it opens; else, until someone signs in, the
// volunteer named in the settings (a database without people).
func (s *Store) loadActor(ctx context.Context) {
	if st, err := s.Settings(ctx); err == nil {
		if s.Person() == nil {
			s.SetActor(st.Volunteer)
		}
	}
	s.loadFileKey(ctx)
	if s.IsDemo(ctx) {
		s.SignInDemo(ctx)
	}
}

// dsn builds the connection string. Pragmas go here so that every pooled
// connection gets them. A read-only connection never writes, not even the
// write-ahead log's index; immutable tells SQLite nobody else writes either
// (a disk that cannot be written), so that it needs no -shm file.
func dsn(path string, readOnly bool, extra ...string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p}
	q := url.Values{}
	// temp_store(2): the statement journals that the change-stamping
	// triggers (migration 0007) call for are kept in memory, not written to
	// a temporary file for every row of a bulk import.
	pragmas := []string{"foreign_keys(1)", "busy_timeout(5000)", "temp_store(2)"}
	if readOnly {
		q.Set("mode", "ro")
	} else {
		// wal_autocheckpoint(0): the store checkpoints, not the one who
		// commits (see checkpoint.go).
		pragmas = append(pragmas, "journal_mode(WAL)", "synchronous(FULL)", "wal_autocheckpoint(0)")
		q.Set("_txlock", "immediate")
	}
	for _, pr := range pragmas {
		q.Add("_pragma", pr)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return u.String() + "?" + q.Encode()
}

// openReadOnly opens a pool that cannot write. With a log beside the
// database it must read the log too; without one, or where the log's index
// cannot be made (a read-only disk), it opens the file as immutable. A log
// it cannot read in place is read from a private copy.
func (s *Store) openReadOnly() error {
	state, _, _ := readWAL(s.path+"-wal", 0)
	try := func(path string, extra ...string) error {
		db, err := sql.Open("sqlite", dsn(path, true, extra...))
		if err != nil {
			return err
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			db.Close()
			return err
		}
		s.db = db
		return nil
	}
	if state == walNone && !writable(s.path) {
		if err := try(s.path, "immutable", "1"); err != nil {
			return &OpenError{Path: s.path, Kind: OpenUnreadable, Err: err}
		}
		return nil
	}
	err := try(s.path)
	if err == nil || state == walNone {
		if err != nil {
			if err2 := try(s.path, "immutable", "1"); err2 == nil {
				return nil
			}
			return &OpenError{Path: s.path, Kind: OpenUnreadable, Err: err}
		}
		return nil
	}
	// The log is there but its index cannot be made beside it: read both
	// from a private copy, which Close removes.
	dir, derr := os.MkdirTemp("", "carebook-look-*")
	if derr != nil {
		return &OpenError{Path: s.path, Kind: OpenUnreadable, Err: err}
	}
	cp := filepath.Join(dir, "look.db")
	if filestore.CopyFile(s.path, cp) != nil || filestore.CopyFile(s.path+"-wal", cp+"-wal") != nil || try(cp) != nil {
		os.RemoveAll(dir)
		return &OpenError{Path: s.path, Kind: OpenUnreadable, Err: err}
	}
	s.lookCopy = dir
	return nil
}

// quickCheck runs SQLite's quick check (with pages; see checkmark.go for
// when it may be left out) and, with schema, looks for every table and index
// the migrations make. It returns what is wrong.
func (s *Store) quickCheck(ctx context.Context, pages, schema bool) []string {
	var problems []string
	if pages {
		var err error
		if problems, err = pragmaLines(ctx, s.db, "PRAGMA quick_check(20)"); err != nil {
			return []string{err.Error()}
		}
	}
	if schema {
		problems = append(problems, s.missingSchema(ctx)...)
	}
	return problems
}

func pragmaLines(ctx context.Context, db *sql.DB, q string) ([]string, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

// create makes a new, empty Carebook database at path: built under a
// temporary name and put in place only when whole, so that a crash never
// leaves an empty or half-made file under the real name. Only its owner may
// read it: it will hold children's health data.
func create(path string) error {
	if IsCompanionName(path) {
		return &OpenError{Path: path, Kind: OpenCompanion}
	}
	if InBackupFolder(path) {
		return &OpenError{Path: path, Kind: OpenInBackups}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	f, err := os.CreateTemp(dir, ".carebook-new-*.db")
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	db, err := sql.Open("sqlite", dsn(tmp, false))
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	s := &Store{db: db, path: tmp, Now: time.Now}
	err = s.migrate(context.Background())
	if err == nil {
		_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	// Link refuses to replace a database someone made meanwhile; where
	// the file system has no links, rename (a window of a moment).
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
			if err := os.Rename(tmp, path); err != nil {
				return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
			}
		}
	}
	filestore.SyncDir(dir)
	return nil
}

// writable reports whether the database file and its folder can be written.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	t, err := os.CreateTemp(filepath.Dir(path), ".carebook-probe-*")
	if err != nil {
		return false
	}
	t.Close()
	os.Remove(t.Name())
	return true
}

// sqliteCode is the primary result code of an SQLite error (0 if none).
func sqliteCode(err error) int {
	var c interface{ Code() int }
	if errors.As(err, &c) {
		return c.Code() & 0xff
	}
	return 0
}

func isBusy(err error) bool    { return sqliteCode(err) == 5 || sqliteCode(err) == 6 }
func isFull(err error) bool    { return sqliteCode(err) == 13 || errors.Is(err, syscall.ENOSPC) }
func isCorrupt(err error) bool { return sqliteCode(err) == 11 || sqliteCode(err) == 26 }

// ReadOnly says why the store refuses changes, or nil when it takes them.
func (s *Store) ReadOnly() *ReadOnlyError { return s.ro }

func (s *Store) closePool() {
	s.stopCheckpoints()
	if s.db != nil {
		s.db.Close()
		s.db = nil
	}
}

// release closes the pool, drops the lock and any private copy.
func (s *Store) release() {
	s.closePool()
	s.releaseOpenLock()
	if s.lookCopy != "" {
		os.RemoveAll(s.lookCopy)
		s.lookCopy = ""
	}
}
