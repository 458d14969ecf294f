package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"carebook/data/filestore"
)

// What the store offers the backups (package backup): a consistent
// copy of the database, what it holds, and a log of the backups made.

// Snapshot writes a consistent copy of the database to dest (which must not
// exist), readable only by its owner. It works while the database is in use
// and on a database that takes no changes.
func (s *Store) Snapshot(ctx context.Context, dest string) error {
	f, err := os.OpenFile(dest, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return &filestore.Error{Path: dest, Kind: filestore.NotWritableKind(err), Err: err}
	}
	f.Close()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		os.Remove(dest)
		if isFull(err) {
			return &filestore.Error{Path: dest, Kind: filestore.DiskFull, Err: err}
		}
		return classify(err)
	}
	if f, err := os.OpenFile(dest, os.O_RDWR, 0); err == nil {
		err = f.Sync()
		f.Close()
		if err != nil {
			return &filestore.Error{Path: dest, Kind: filestore.NotWritableKind(err), Err: err}
		}
	}
	return nil
}

// DatabaseID tells this database (and its backups and restored copies) from
// others.
func (s *Store) DatabaseID(ctx context.Context) (string, error) {
	return s.setting(ctx, "database_id")
}

// setting reads one setting as stored ("" when there is none). A read that
// fails is an error, never an empty value: an empty backup key would mean
// "not encrypted".
func (s *Store) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.q(ctx).QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify(err)
}

// ChangeMark grows with every change (the audit log's length): a backup
// that carries the current mark holds every change.
func (s *Store) ChangeMark(ctx context.Context) (int64, error) {
	var n int64
	err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&n)
	return n, err
}

// FirstChange is when the database was first changed (zero: never).
func (s *Store) FirstChange(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT min(at) FROM audit_log").Scan(&at); err != nil {
		return time.Time{}, classify(err)
	}
	var ts Timestamp
	if at.Valid && ts.Scan(at.String) == nil {
		return ts.Time, nil
	}
	return time.Time{}, nil
}

// BackupRecord is one backup in the log.
type BackupRecord struct {
	At         time.Time
	Folder     string // the backup folder
	Name       string // the backup inside it
	ChangeMark int64
	Documents  int
	Problems   int // documents missing or damaged at the source (named in the backup's report)
	Encrypted  bool
}

// RecordBackup notes a backup that passed its check. It is no change of
// the foundation's data (no audit entry, the change mark stays).
func (s *Store) RecordBackup(ctx context.Context, r BackupRecord) error {
	if s.ro != nil {
		return s.ro
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO backup_log (id, at, folder, name, change_mark, documents, problems, encrypted)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, NewID(), Stamp(r.At), r.Folder, r.Name, r.ChangeMark, r.Documents, r.Problems, r.Encrypted)
		return err
	})
}

// LastBackup is the newest backup in the log, or nil when none was made.
func (s *Store) LastBackup(ctx context.Context) (*BackupRecord, error) {
	var r BackupRecord
	var at Timestamp
	err := s.q(ctx).QueryRowContext(ctx, `SELECT at, folder, name, change_mark, documents, problems, encrypted
		FROM backup_log ORDER BY at DESC LIMIT 1`).Scan(&at, &r.Folder, &r.Name, &r.ChangeMark, &r.Documents, &r.Problems, &r.Encrypted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.At = at.Time
	return &r, nil
}

const (
	backupKeyKey    = "backup_identity"
	backupSealedKey = "backup_identity_sealed"
)

// BackupKey is the key backups are encrypted with ("" : they are not). It
// is kept in the database, which lives on this computer; the backup folder
// holds it only under the passphrase.
func (s *Store) BackupKey(ctx context.Context) (string, error) {
	return s.setting(ctx, backupKeyKey)
}

// SealedBackupKey is the backups' key sealed with the passphrase, as the
// backup folder keeps it.
func (s *Store) SealedBackupKey(ctx context.Context) (string, error) {
	return s.setting(ctx, backupSealedKey)
}

// SetBackupKey keeps the backups' key and its sealed copy ("" : backups are
// no longer encrypted).
func (s *Store) SetBackupKey(ctx context.Context, key, sealed string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{backupKeyKey: key, backupSealedKey: sealed} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, k, v, s.stamp()); err != nil {
				return err
			}
		}
		what := "backups encrypted"
		if key == "" {
			what = "backups not encrypted"
		}
		return s.audit(ctx, tx, "update", "settings", "settings", what)
	})
}

// DatabaseFacts is what a database file holds, read without changing it.
type DatabaseFacts struct {
	Schema     int
	DatabaseID string
	Foundation string
	Counts     map[string]int // live rows: children, donors, donations, documents, letters
	Documents  []DocumentFile // every document file its rows point at (live or in the Trash)
	Problems   []string       // integrity, foreign keys, missing tables and indexes
}

// DocumentFile is a file a document row points at.
type DocumentFile struct {
	SHA256   string
	Size     int64
	FileName string
	Case     string // the child's case number
}

// InspectFile opens the Carebook database file at path for reading only
// (nothing is written, not even beside it), runs the full integrity and
// foreign-key checks, looks for every table and index, and reads what it
// holds. A file that is not a Carebook database is an *OpenError.
func InspectFile(ctx context.Context, path string) (*DatabaseFacts, error) {
	if err := probe(path); err != nil {
		return nil, err
	}
	if st, _, _ := readWAL(path+"-wal", 0); st != walNone {
		return nil, &OpenError{Path: path, Kind: OpenUnreadable, Err: errors.New("it has a write-ahead log beside it: open it with Carebook first")}
	}
	db, err := sql.Open("sqlite", dsn(path, true, "immutable", "1"))
	if err != nil {
		return nil, &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	defer db.Close()
	s := &Store{db: db, path: path, Now: time.Now, ro: &ReadOnlyError{Path: path, Reason: ReadOnlyAsked}}
	s.bind()
	f := &DatabaseFacts{Counts: map[string]int{}}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&f.Schema); err != nil {
		return nil, &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	if f.Problems, err = s.CheckIntegrity(ctx); err != nil {
		f.Problems = append(f.Problems, err.Error())
		return f, nil
	}
	if len(f.Problems) > 0 {
		return f, nil
	}
	if f.DatabaseID, err = s.DatabaseID(ctx); err != nil {
		return nil, err
	}
	if st, err := s.Settings(ctx); err == nil {
		f.Foundation = st.FoundationName
	}
	for _, t := range []string{"children", "donors", "donations", "documents", "letters"} {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+t+" WHERE deleted_at IS NULL").Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		f.Counts[t] = n
	}
	rows, err := db.QueryContext(ctx, `SELECT d.sha256, d.size, d.file_name, coalesce(c.case_number, '')
		FROM documents d LEFT JOIN children c ON c.id = d.child_id ORDER BY d.sha256`)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d DocumentFile
		if err := rows.Scan(&d.SHA256, &d.Size, &d.FileName, &d.Case); err != nil {
			return nil, err
		}
		f.Documents = append(f.Documents, d)
	}
	return f, rows.Err()
}
