package data

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/google/uuid"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// applicationID marks a Carebook database in the SQLite header ("CBOK").
const applicationID = 0x43424F4B

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the numbered files in migrations/, in order. The file
// 0001_initial.sql is version 1.
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{n, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("migration %s: expected number %d", m.name, i+1))
		}
	}
	return out
}

// SchemaVersion is the newest schema this Carebook knows.
func SchemaVersion() int { return len(migrations) }

// Store is a Carebook database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time

	// fs is where document files are written; nil means the real disk.
	fs blobFS

	mu    sync.RWMutex
	actor string

	openLock *flock.Flock // held shared while open (see lock.go)

	Children      Table[Child, *Child]
	Guardians     Table[Guardian, *Guardian]
	Consents      Table[Consent, *Consent]
	Documents     Table[Document, *Document]
	JourneyEvents Table[JourneyEvent, *JourneyEvent]
	Estimates     Table[Estimate, *Estimate]
	LineItems     Table[LineItem, *LineItem]
	Payments      Table[Payment, *Payment]
	ExchangeRates Table[ExchangeRate, *ExchangeRate]
	Donors        Table[Donor, *Donor]
	Donations     Table[Donation, *Donation]
	Allocations   Table[Allocation, *Allocation]
	Templates     Table[LetterTemplate, *LetterTemplate]
	Letters       Table[Letter, *Letter]
	StatusChanges Table[StatusChange, *StatusChange]
	Audit         Table[AuditEntry, *AuditEntry]
}

// dsn builds the connection string. Pragmas go here so that every pooled
// connection gets them.
func dsn(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p}
	q := url.Values{}
	for _, pr := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(5000)", "synchronous(FULL)"} {
		q.Add("_pragma", pr)
	}
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// Open opens (creating if needed) the Carebook database at path and brings its
// schema up to date. It refuses, leaving the file exactly as it was, a file
// that is not SQLite, an SQLite database of another program, and a database
// written by a newer Carebook; the error is an *OpenError.
func Open(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	if err := probe(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	if _, err := os.Stat(abs); errors.Is(err, os.ErrNotExist) {
		// A new database holds children's health data: only its owner may
		// read it (SQLite gives the -wal and -shm files the same mode).
		f, err := os.OpenFile(abs, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, &OpenError{Path: path, Kind: "unreadable", Err: err}
		}
		f.Close()
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	s := &Store{db: db, path: abs, Now: time.Now}
	s.bind()
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		var oe *OpenError
		if errors.As(err, &oe) {
			oe.Path = path
			return nil, oe
		}
		return nil, &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	if st, err := s.Settings(context.Background()); err == nil {
		s.SetActor(st.Volunteer)
	}
	return s, nil
}

func (s *Store) bind() {
	s.Children.s, s.Guardians.s, s.Consents.s, s.Documents.s = s, s, s, s
	s.JourneyEvents.s, s.Estimates.s, s.LineItems.s, s.Payments.s = s, s, s, s
	s.ExchangeRates.s, s.Donors.s, s.Donations.s, s.Allocations.s = s, s, s, s
	s.Templates.s, s.Letters.s, s.StatusChanges.s, s.Audit.s = s, s, s, s
}

// probe reads the SQLite header without opening the database, so that a file
// we refuse is never touched (not even switched to WAL).
func probe(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	if fi.IsDir() {
		return &OpenError{Path: path, Kind: "unreadable", Err: errors.New("it is a folder, not a file")}
	}
	if fi.Size() == 0 {
		return nil // an empty file is an empty database
	}
	f, err := os.Open(path)
	if err != nil {
		return &OpenError{Path: path, Kind: "unreadable", Err: err}
	}
	defer f.Close()
	h := make([]byte, 100)
	if _, err := io.ReadFull(f, h); err != nil {
		return &OpenError{Path: path, Kind: "not_sqlite"}
	}
	if string(h[:16]) != "SQLite format 3\x00" {
		return &OpenError{Path: path, Kind: "not_sqlite"}
	}
	appID := binary.BigEndian.Uint32(h[68:72])
	version := int(binary.BigEndian.Uint32(h[60:64]))
	switch appID {
	case applicationID:
		if version > SchemaVersion() {
			return &OpenError{Path: path, Kind: "too_new", Version: version, Known: SchemaVersion()}
		}
		return nil
	case 0:
		pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
		if pageSize == 1 {
			pageSize = 65536
		}
		if pageSize > 0 && fi.Size()/pageSize <= 1 {
			return nil // no table yet: a fresh database
		}
	}
	return &OpenError{Path: path, Kind: "not_carebook"}
}

// migrate applies the missing migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	var appID, version, tables int
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return err
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return &OpenError{Kind: "not_carebook"}
	}
	if version > SchemaVersion() {
		return &OpenError{Kind: "too_new", Version: version, Known: SchemaVersion()}
	}
	for _, m := range migrations[version:] {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	if version < SchemaVersion() {
		// Put the new header into the main file now, so that probe sees
		// this is a Carebook database even if the program stops here.
		if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return err
		}
	}
	return nil
}

// Close checkpoints the write-ahead log and closes the database.
func (s *Store) Close() error {
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return s.db.Close()
}

// Path is the database file's absolute path.
func (s *Store) Path() string { return s.path }

// FilesDir is the folder beside the database that holds document files.
func (s *Store) FilesDir() string { return filepath.Join(filepath.Dir(s.path), "files") }

// DB exposes the database for reports that need their own read queries.
func (s *Store) DB() *sql.DB { return s.db }

// Actor is the volunteer recorded on changes.
func (s *Store) Actor() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.actor
}

// SetActor sets the name recorded on changes made through this store.
func (s *Store) SetActor(name string) {
	s.mu.Lock()
	s.actor = strings.TrimSpace(name)
	s.mu.Unlock()
}

func (s *Store) stamp() Timestamp { return Stamp(s.Now().Truncate(time.Millisecond)) }

// Today is the calendar date in the user's time zone.
func (s *Store) Today() Date { return DateOf(s.Now()) }

func (s *Store) today() Date { return s.Today() }

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

type txKey struct{}

// InTx runs fn with a context that carries one transaction: every store call
// made with that context joins it, so fn's writes land all together or not at
// all. A store call that fails inside it is rolled back to where it started
// (a savepoint), and fn decides whether to go on.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// tx runs fn in one transaction (BEGIN IMMEDIATE, from the DSN), committing if
// it returns nil and rolling back otherwise. Inside InTx it uses a savepoint
// of the surrounding transaction instead.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if outer, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		if _, err := outer.ExecContext(ctx, "SAVEPOINT nested"); err != nil {
			return err
		}
		if err := fn(outer); err != nil {
			_, _ = outer.ExecContext(ctx, "ROLLBACK TO nested")
			_, _ = outer.ExecContext(ctx, "RELEASE nested")
			return err
		}
		_, err := outer.ExecContext(ctx, "RELEASE nested")
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// q is what reads use: the transaction of ctx if there is one, else the pool.
func (s *Store) q(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return s.db
}

// NewID returns a new UUIDv7: unique, and sorting by creation time.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// CheckIntegrity runs SQLite's integrity and foreign-key checks and returns
// what they found (nil when the database is sound).
func (s *Store) CheckIntegrity(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	fk, err := s.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var idx int
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("%s row %d points at a missing %s", table, rowid.Int64, parent))
	}
	return problems, fk.Err()
}
