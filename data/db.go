package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"
	"github.com/google/uuid"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"carebook/data/filestore"
	"carebook/data/hlc"
	migrate "carebook/internal/migrations"
)

// applicationID marks a Carebook database in the SQLite header ("CBOK").
const applicationID = 0x43424F4B

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the numbered files in migrations/, in order. The file
// 0001_initial.sql is version 1. They are read when first needed: most
// runs open a database that is up to date and never read them.
var migrations = sync.OnceValue(func() []migrate.Migration { return migrate.MustLoad(migrationFS, "migrations") })

// SchemaVersion is the newest schema this Carebook knows.
func SchemaVersion() int { return schemaVersion() }

// schemaVersion counts the migration files without reading them.
var schemaVersion = sync.OnceValue(func() int { return migrate.MustCount(migrationFS, "migrations") })

// Store is a Carebook database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string

	// Now is the clock; tests replace it.
	Now func() time.Time

	// fs is where document files are written; nil means the real disk.
	fs filestore.FS

	mu     sync.RWMutex
	actor  string
	person *Person // who is signed in; nil for nobody
	// seal is the documents' key's public half (nil: documents are not
	// encrypted, the database has no people yet); fileKey its secret half,
	// unsealed while someone who holds it is signed in.
	seal    age.Recipient
	fileKey *age.X25519Identity
	// peopleKnown: the database has people (once it has, it always has).
	peopleKnown atomic.Bool

	openLock *flock.Flock // held shared while open (see lock.go)

	ro        *ReadOnlyError // why changes are refused; nil: they are not
	onBusy    func()
	busyLimit time.Duration
	lookCopy  string                         // a private copy opened instead of the file (see openReadOnly)
	checkedAt time.Time                      // the last whole check; zero: no mark is written on close
	seen      func(query string, args []any) // tests: every read through q
	clock     *hlc.Clock                     // this office's change versions; nil before the migrations
	staleGone []string                       // sealed copies of bundles a stopped import left, removed on open

	// clockFound: the change clock as the running write transaction found
	// it, before its own tick (see WriteMark).
	clockFound atomic.Value

	ckpt *checkpointer // copies the log into the file (see checkpoint.go); nil: read-only

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
	// Bank statements imported, and the table layouts remembered.
	StatementImports Table[StatementImport, *StatementImport]
	BankLayouts      Table[BankLayout, *BankLayout]
}

func (s *Store) bind() {
	s.Children.s, s.Guardians.s, s.Consents.s, s.Documents.s = s, s, s, s
	s.JourneyEvents.s, s.Estimates.s, s.LineItems.s, s.Payments.s = s, s, s, s
	s.ExchangeRates.s, s.Donors.s, s.Donations.s, s.Allocations.s = s, s, s, s
	s.Templates.s, s.Letters.s, s.StatusChanges.s, s.Audit.s = s, s, s, s
	s.StatementImports.s, s.BankLayouts.s = s, s
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
		return &OpenError{Kind: OpenNotCarebook}
	}
	if version > SchemaVersion() {
		return &OpenError{Kind: OpenTooNew, Version: version, Known: SchemaVersion()}
	}
	if version == SchemaVersion() {
		return nil // up to date: the migrations are not even read
	}
	for _, m := range migrations()[version:] {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version))
			return err
		})
		if err != nil {
			return err
		}
	}
	// Put the new header into the main file now, so that probe sees this
	// is a Carebook database even if the program stops here.
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return err
	}
	return nil
}

// Close checkpoints the write-ahead log (unless the store is read-only) and
// closes the database.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	s.stopCheckpoints()
	if s.ro == nil {
		_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	err := s.db.Close()
	s.db = nil
	if err == nil && s.ro == nil && !s.checkedAt.IsZero() {
		writeCheckMark(s.path, s.checkedAt)
	}
	s.release()
	return err
}

// Path is the database file's absolute path.
func (s *Store) Path() string { return s.path }

// FilesDir is the folder beside the database that holds document files.
func (s *Store) FilesDir() string { return filepath.Join(filepath.Dir(s.path), "files") }

// DB is the database handle itself, for tests that look at or damage the
// rows directly; Carebook's own code goes through the Store's methods.
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

// queryStrings runs a query of one text column and returns its values.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
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

// Beside returns ctx without its transaction: the store's reads with it run
// on another connection of the pool and see what was committed, not what
// the transaction has written so far. While the transaction is a write
// transaction (InTx's), nobody else can commit, so those reads all see the
// database as it was when the transaction began. An import reads the
// recorded donations so on one goroutine while it writes on another.
// Writes with it would wait for the transaction: only read with it.
func Beside(ctx context.Context) context.Context {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); !ok {
		return ctx
	}
	return besideCtx{ctx}
}

type besideCtx struct{ context.Context }

func (c besideCtx) Value(key any) any {
	switch key.(type) {
	case txKey, wholeTxKey, stmtsKey, laterKey:
		return nil
	}
	return c.Context.Value(key)
}

// wholeTxKey marks, in a context, a transaction that is all or nothing
// (see AllOrNothing).
type wholeTxKey struct{}

// AllOrNothing marks the transaction ctx runs in (InTx's) as all or
// nothing: its work fails whole on any error, so what runs inside it opens
// no savepoints of its own. A savepoint held over a bulk of rows (a demo
// foundation's two million donations, a joining office's whole foundation)
// made SQLite walk its ever longer statement journal at the end of every
// statement: each row cost more than the one before. Only for work that
// returns every error it meets.
func AllOrNothing(ctx context.Context) context.Context {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return context.WithValue(ctx, wholeTxKey{}, tx)
	}
	return ctx
}

// tx runs fn in one transaction (BEGIN IMMEDIATE, from the DSN), committing if
// it returns nil and rolling back otherwise. Inside InTx it uses a savepoint
// of the surrounding transaction instead.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if outer, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		if whole, _ := ctx.Value(wholeTxKey{}).(*sql.Tx); whole == outer {
			return fn(outer) // all or nothing: no savepoint (see AllOrNothing)
		}
		ex := stmtsFor(ctx, outer)
		if _, err := ex.ExecContext(ctx, "SAVEPOINT nested"); err != nil {
			return err
		}
		if err := fn(outer); err != nil {
			_, _ = ex.ExecContext(ctx, "ROLLBACK TO nested")
			_, _ = ex.ExecContext(ctx, "RELEASE nested")
			return err
		}
		_, err := ex.ExecContext(ctx, "RELEASE nested")
		return err
	}
	if s.ro != nil {
		return s.ro
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return classify(err)
	}
	if err := s.tick(ctx, tx); err != nil {
		_ = tx.Rollback()
		return classify(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return classify(err)
	}
	if err := tx.Commit(); err != nil {
		return classify(err)
	}
	s.committed()
	return nil
}

// begin starts a write transaction. While another Carebook is writing, it
// waits: SQLite waits 5 seconds at a time (busy_timeout), then OnBusy is
// told once and it waits on, until BusyLimit or the end of ctx.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	start, told := time.Now(), false
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) {
			return tx, err
		}
		if !told && s.onBusy != nil {
			s.onBusy()
			told = true
		}
		if s.busyLimit > 0 && time.Since(start) >= s.busyLimit {
			return nil, ErrBusy
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
}

// classify names the failures a person can act on: a full disk, a damaged
// database.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case isFull(err):
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	case isCorrupt(err):
		return fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	return err
}

// ErrDamaged says SQLite found the database damaged while reading or writing it.
var ErrDamaged = errors.New("the database is damaged: nothing was changed; run carebook check, and restore the last good backup")

// IsDamaged reports whether err says the database is damaged.
func IsDamaged(err error) bool { return errors.Is(err, ErrDamaged) || isCorrupt(err) }

// snapshot runs fn on one unchanging view of the database (a read
// transaction of its own connection, which blocks no writer), or inside
// the transaction of ctx if there is one.
func (s *Store) snapshot(ctx context.Context, fn func(q querier) error) error {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(s.q(ctx))
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return classify(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	var q querier = conn
	if s.seen != nil {
		q = seenQuerier{q, s.seen}
	}
	return classify(fn(q))
}

// q is what reads use: the transaction of ctx if there is one, else the pool.
func (s *Store) q(ctx context.Context) querier {
	var q querier = s.db
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		q = tx
	}
	if s.seen != nil {
		return seenQuerier{q, s.seen}
	}
	return q
}

// seenQuerier tells the tests which reads a screen or report runs, to ask
// SQLite how it plans them (see plans_test.go).
type seenQuerier struct {
	querier
	seen func(query string, args []any)
}

func (q seenQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q.seen(query, args)
	return q.querier.QueryRowContext(ctx, query, args...)
}

func (q seenQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.seen(query, args)
	return q.querier.QueryContext(ctx, query, args...)
}

// StaleRemoved names the sealed copies of bundles that a stopped exchange
// import left beside the database (unreadable without the key that died
// with it), which opening the database removed.
func (s *Store) StaleRemoved() []string { return s.staleGone }

// NewID returns a new UUIDv7: unique, and sorting by creation time.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// expectedSchema is every table, index, view and trigger the migrations
// make, by name.
func expectedSchema() map[string]string {
	out := map[string]string{}
	for name, o := range schemaObjects() {
		out[name] = o.typ
	}
	return out
}

// schemaObject is a table, index, view or trigger of the schema, with the
// version of the migration that made it.
type schemaObject struct {
	typ   string
	since int
}

// schemaObjects is every object the migrations make. It is derived from
// the migrations when Carebook is built (schema_objects.go, which a test
// keeps equal to running them), not by running them in memory at every
// start: that was half of a short command's time.
func schemaObjects() map[string]schemaObject { return builtSchema }

// laterSchema reports the newest schema version whose tables, indexes,
// views or triggers the database already holds, beyond version: a header
// whose user_version was lowered by another tool would otherwise have
// migrations run again over a schema that has them.
func laterSchema(ctx context.Context, db *sql.DB, version int) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_schema")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	objs, newest := schemaObjects(), 0
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return 0, err
		}
		if o, ok := objs[name]; ok && o.since > version && o.since > newest {
			newest = o.since
		}
	}
	return newest, rows.Err()
}

// missingSchema names the tables and indexes that should be there and are not.
func (s *Store) missingSchema(ctx context.Context) []string {
	have := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_schema")
	if err != nil {
		return []string{err.Error()}
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		have[name] = true
	}
	rows.Close()
	var missing []string
	for name, typ := range expectedSchema() {
		if !have[name] {
			missing = append(missing, fmt.Sprintf("%s %s is missing", typ, name))
		}
	}
	sort.Strings(missing)
	return missing
}

// CheckIntegrity runs SQLite's integrity and foreign-key checks and looks
// for every table and index Carebook needs; it returns what it found (nil
// when the database is sound).
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
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err == nil && version == SchemaVersion() {
		problems = append(problems, s.missingSchema(ctx)...)
	}
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
