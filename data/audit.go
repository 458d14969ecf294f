package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AuditEntry records one change: who did what to which row.
type AuditEntry struct {
	Meta
	At       Timestamp
	Who      string // the person's name (or, before people, the typed volunteer)
	PersonID string // "" before people
	Computer string
	ChildID  string // the child it is about, when there is one
	Action   string // one of the Audit… kinds, or create, update, delete, restore, status, link…
	Entity   string
	EntityID string
	Summary  string
	Office   string // the office that wrote it (filled by AuditEntries)
}

func (a *AuditEntry) table() (string, string) { return "audit_log", "audit entry" }
func (a *AuditEntry) order() string           { return "at DESC, id DESC" }
func (a *AuditEntry) fields() []field {
	return []field{
		{name: "at", ptr: &a.At},
		{name: "who", ptr: &a.Who},
		{name: "action", ptr: &a.Action},
		{name: "entity", ptr: &a.Entity},
		{name: "entity_id", ptr: &a.EntityID},
		{name: "summary", ptr: &a.Summary},
		{name: "person_id", ptr: &a.PersonID},
		{name: "computer", ptr: &a.Computer},
		{name: "child_id", ptr: &a.ChildID},
	}
}
func (a *AuditEntry) prepare()            {}
func (a *AuditEntry) validate(Date) error { return nil }
func (a *AuditEntry) summary() string     { return a.Summary }

// stampAudit gives the audit entries written before they travelled (before
// migration 0014) this office and a new version, so that they go to the
// head office with the next bundle or sync.
func (s *Store) stampAudit(ctx context.Context) {
	var n int
	if s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE version = ''").Scan(&n) != nil || n == 0 {
		return
	}
	_ = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE audit_log SET office = (SELECT office_code FROM foundation), version = (SELECT clock FROM foundation) WHERE version = ''")
		return err
	})
}

func (s *Store) audit(ctx context.Context, tx execer, action, entity, id, summary string) error {
	return insertPlain(ctx, tx, s, s.auditEntry(action, entity, id, "", summary))
}

func (s *Store) auditEntry(action, entity, id, childID, summary string) *AuditEntry {
	e := &AuditEntry{At: s.stamp(), Who: s.Actor(), Computer: computerName, ChildID: childID,
		Action: action, Entity: entity, EntityID: id, Summary: summary}
	if entity == "child" && childID == "" {
		e.ChildID = id
	}
	if p := s.Person(); p != nil {
		e.PersonID = p.ID
	}
	return e
}

// What the audit log records besides changes: who looked at what, and what
// left the database.
const (
	AuditViewChild    = "view_child"    // a child's file opened
	AuditViewDocument = "view_document" // a document opened or previewed
	AuditSaveDocument = "save_document" // a copy of a document saved
	AuditReport       = "report"        // a report printed or saved (Summary: which)
	AuditLetters      = "letters"       // a batch of letters written
	AuditCSV          = "csv"           // a CSV written
	AuditBackup       = "backup"        // a backup made
	AuditBundle       = "bundle"        // an exchange bundle or invitation written
	AuditSignIn       = "sign_in"
	AuditSignOut      = "sign_out"
	AuditLock         = "lock"   // the window locked
	AuditSnooze       = "snooze" // an item of Today put off (Summary: until when, and why)
	AuditWake         = "wake"   // a snoozed item of Today shown again
)

// Record writes an entry about something done that changes no row: a
// file opened, a report printed, a sign-in. childID is the child it is
// about, or "". A read-only database records nothing.
func (s *Store) Record(ctx context.Context, action, entity, id, childID, summary string) error {
	if s.ro != nil {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		return insertPlain(ctx, tx, s, s.auditEntry(action, entity, id, childID, summary))
	})
}

// AuditFilter chooses audit entries; empty fields choose all.
type AuditFilter struct {
	PersonID string
	ChildID  string
	Actions  []string
	Office   string // the office that wrote it (at the head office, offices' logs arrive)
	From, To Date   // inclusive; zero: open
	Limit    int    // 0: 1000
}

// AuditEntries lists the entries a filter chooses, newest first (directors
// and administrators only).
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if err := s.Require(ctx, MayDirect); err != nil {
		if err2 := s.Require(ctx, MayAdminister); err2 != nil {
			return nil, err
		}
	}
	where := []string{"1=1"}
	var args []any
	if f.PersonID != "" {
		where, args = append(where, "person_id = ?"), append(args, f.PersonID)
	}
	if f.ChildID != "" {
		where, args = append(where, "child_id = ?"), append(args, f.ChildID)
	}
	if len(f.Actions) > 0 {
		where = append(where, "action IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Actions)), ",")+")")
		for _, a := range f.Actions {
			args = append(args, a)
		}
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.AddDays(1).String())
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	if f.Office != "" {
		where, args = append(where, "office = ?"), append(args, f.Office)
	}
	out, err := s.Audit.list(ctx, strings.Join(where, " AND ")+fmt.Sprintf(" ORDER BY at DESC, id DESC LIMIT %d", limit), "", args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	return out, s.auditOffices(ctx, out)
}

// auditOffices fills in the office that wrote each entry.
func (s *Store) auditOffices(ctx context.Context, es []AuditEntry) error {
	ids := make([]any, len(es))
	at := make(map[string]int, len(es))
	for i := range es {
		ids[i], at[es[i].ID] = es[i].ID, i
	}
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT id, office FROM audit_log WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, office string
		if err := rows.Scan(&id, &office); err != nil {
			return err
		}
		es[at[id]].Office = office
	}
	return rows.Err()
}

func jsonList[E any](v []E) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// AuditFor returns the audit entries about one row, newest first.
func (s *Store) AuditFor(ctx context.Context, entityID string) ([]AuditEntry, error) {
	return s.Audit.list(ctx, "entity_id=?", "at DESC, id DESC", entityID)
}

// AuditDisk records what the system said of the disk a computer keeps the
// database on (Summary: encrypted, not_encrypted or unknown, then the
// system's name for its encryption). It travels with the audit log, so
// that the head office knows each office's computers.
const AuditDisk = "disk"

// Disk states as AuditDisk records them.
const (
	DiskEncrypted    = "encrypted"
	DiskNotEncrypted = "not_encrypted"
	DiskUnknown      = "unknown"
)

// DiskState is the last word on one computer's disk.
type DiskState struct {
	Office, Computer string
	State            string // DiskEncrypted, DiskNotEncrypted or DiskUnknown
	System           string // BitLocker, FileVault, LUKS… ("" when unknown)
	At               Timestamp
}

// diskRecheck is how old the last word on this computer's disk may grow
// before it is recorded again although it has not changed (the head office
// then knows it is current).
const diskRecheck = 7 * 24 * time.Hour

// RecordDisk records what the system said of this computer's disk when it
// differs from the last word on it or that is a week old. Anyone may: it
// is about the computer, not a child.
func (s *Store) RecordDisk(ctx context.Context, state, system string) error {
	if s.ro != nil {
		return nil
	}
	summary := strings.TrimSpace(state + " " + system)
	var last, at string
	err := s.q(ctx).QueryRowContext(ctx, `SELECT summary, at FROM audit_log WHERE action = ? AND computer = ?
		AND office = (SELECT office_code FROM foundation) ORDER BY at DESC LIMIT 1`, AuditDisk, computerName).Scan(&last, &at)
	if err == nil && last == summary {
		if t, err := time.Parse(stampLayout, at); err == nil && s.Now().Sub(t) < diskRecheck {
			return nil
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		e := s.auditEntry(AuditDisk, "computer", computerName, "", summary)
		return insertPlain(ctx, tx, s, e)
	})
}

// DiskStates is the last word on each computer's disk, of this office and
// (at the head office) of every office that has sent its log, by office
// and computer.
func (s *Store) DiskStates(ctx context.Context) ([]DiskState, error) {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT office, computer, summary, max(at) FROM audit_log
		WHERE action = ? GROUP BY office, computer ORDER BY office, computer`, AuditDisk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DiskState
	for rows.Next() {
		var d DiskState
		var summary, at string
		if err := rows.Scan(&d.Office, &d.Computer, &summary, &at); err != nil {
			return nil, err
		}
		d.State, d.System, _ = strings.Cut(summary, " ")
		_ = d.At.parse(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
