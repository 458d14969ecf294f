package data

import (
	"context"
	"database/sql"
)

// AuditEntry records one change: who did what to which row.
type AuditEntry struct {
	Meta
	At       Timestamp
	Who      string
	Action   string // create, update, delete, restore, status, link, settings
	Entity   string
	EntityID string
	Summary  string
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
	}
}
func (a *AuditEntry) prepare()            {}
func (a *AuditEntry) validate(Date) error { return nil }
func (a *AuditEntry) summary() string     { return a.Summary }

func (s *Store) audit(ctx context.Context, tx *sql.Tx, action, entity, id, summary string) error {
	e := &AuditEntry{At: s.stamp(), Who: s.Actor(), Action: action, Entity: entity, EntityID: id, Summary: summary}
	return insertPlain(ctx, tx, s, e)
}

// AuditFor returns the audit entries about one row, newest first.
func (s *Store) AuditFor(ctx context.Context, entityID string) ([]AuditEntry, error) {
	return s.Audit.list(ctx, "entity_id=?", "at DESC, id DESC", entityID)
}
