package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"carebook/data/exchange"
)

// ConflictSide is one office's value in a conflict.
type ConflictSide struct {
	Value   string // as shown; "" for none
	Office  string
	Version string
	At      Timestamp // when the change was made (by that office's clock)
}

// Conflict is one entry of the review queue (see data/exchange).
type Conflict struct {
	ID         string
	Kind       string // "field" or "deleted"
	Table      string
	RowKey     string
	Field      string
	ChildID    string
	CaseNumber string
	ChildName  string
	A, B       ConflictSide // A the earlier change, B the later
	Current    string       // the value the row shows now
	Resolved   bool
	Resolution string
	rawA, rawB sql.NullString
}

// Conflicts lists the review queue (open only, or all), oldest first.
func (s *Store) Conflicts(ctx context.Context, openOnly bool) ([]Conflict, error) {
	q := `SELECT c.id, c.kind, c.tbl, c.row_key, c.field, COALESCE(c.child_id, ''), COALESCE(ch.case_number, ''),
		COALESCE(ch.last_name || ' ' || ch.first_name, ''), c.value_a, c.office_a, c.version_a, c.value_b, c.office_b, c.version_b,
		c.resolved_at IS NOT NULL, COALESCE(c.resolution, '')
		FROM conflicts c LEFT JOIN children ch ON ch.id = c.child_id WHERE c.deleted_at IS NULL`
	if openOnly {
		q += " AND c.resolved_at IS NULL"
	}
	rows, err := s.q(ctx).QueryContext(ctx, q+" ORDER BY c.created_at, c.id")
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ID, &c.Kind, &c.Table, &c.RowKey, &c.Field, &c.ChildID, &c.CaseNumber, &c.ChildName,
			&c.rawA, &c.A.Office, &c.A.Version, &c.rawB, &c.B.Office, &c.B.Version, &c.Resolved, &c.Resolution); err != nil {
			rows.Close()
			return nil, err
		}
		c.A.Value, c.B.Value = shownValue(c.rawA), shownValue(c.rawB)
		c.A.At, c.B.At = versionTime(c.A.Version), versionTime(c.B.Version)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		tc, err := s.columnsOf(ctx, s.q(ctx), c.Table)
		if err != nil || !travels[c.Table] || !validColumn(tc, c.Field) {
			continue
		}
		var v any
		if err := s.q(ctx).QueryRowContext(ctx, "SELECT "+c.Field+" FROM "+c.Table+" WHERE "+keyExpr(tc.key)+" = ?", c.RowKey).Scan(&v); err == nil {
			c.Current = fmt.Sprint(deref(v))
		}
	}
	return out, nil
}

func deref(v any) any {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	}
	return v
}

func validColumn(tc *tableCols, c string) bool {
	for _, x := range tc.cols {
		if x == c {
			return true
		}
	}
	return false
}

func shownValue(raw sql.NullString) string {
	if !raw.Valid {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(raw.String), &v); err != nil {
		return raw.String
	}
	if v == nil {
		return ""
	}
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return fmt.Sprint(int64(f))
	}
	return fmt.Sprint(v)
}

func versionTime(v string) Timestamp {
	if v == "" {
		return Timestamp{}
	}
	if hv, err := parseVersion(v); err == nil {
		return Stamp(timeOfMillis(hv))
	}
	return Timestamp{}
}

// ErrConflictResolved refuses to resolve a conflict twice.
var ErrConflictResolved = errors.New("this conflict has already been resolved")

// ResolveConflict settles a conflict: the field takes value (one of the
// two, or one typed from both), as a new change that goes to every office
// with the conflict marked resolved. For a row kept against a delete,
// value "delete" puts it in the Trash and anything else keeps it.
func (s *Store) ResolveConflict(ctx context.Context, id, value string) error {
	all, err := s.Conflicts(ctx, false)
	if err != nil {
		return err
	}
	var c *Conflict
	for i := range all {
		if all[i].ID == id {
			c = &all[i]
		}
	}
	if c == nil {
		return ErrNotFound
	}
	if c.Resolved {
		return ErrConflictResolved
	}
	tc, err := s.columnsOf(ctx, s.q(ctx), c.Table)
	if err != nil || !travels[c.Table] || !validColumn(tc, c.Field) {
		return fmt.Errorf("conflict about %s.%s: %w", c.Table, c.Field, ErrNotFound)
	}
	now := s.stamp()
	return s.tx(ctx, func(tx *sql.Tx) error {
		where := " WHERE " + keyExpr(tc.key) + " = ?"
		switch {
		case c.Kind == exchange.ConflictDeleted && value == "delete":
			if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET deleted_at = ?"+where, now, c.RowKey); err != nil {
				return err
			}
		case c.Kind == exchange.ConflictDeleted:
		default:
			var v any = value
			if raw := pick(c, value); raw != nil {
				v = raw
			}
			if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET "+c.Field+" = ?"+where, v, c.RowKey); err != nil {
				return classify(err)
			}
			if validColumn(tc, "updated_at") {
				if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET updated_at = ?"+where, now, c.RowKey); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE conflicts SET resolved_at = ?, resolution = ?, updated_at = ? WHERE id = ?", now, value, now, id)
		return err
	})
}

// pick returns the stored value (with its type) when value is one of the
// two sides as shown.
func pick(c *Conflict, value string) any {
	for _, raw := range []sql.NullString{c.rawA, c.rawB} {
		if shownValue(raw) == value && raw.Valid {
			var v any
			if json.Unmarshal([]byte(raw.String), &v) == nil {
				if f, ok := v.(float64); ok && f == float64(int64(f)) {
					return int64(f)
				}
				return v
			}
		}
	}
	return nil
}
