package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"carebook/data/hlc"
)

// Office is who a database is: one office of one foundation (see docs/domain.md,
// "Offices, bundles and the hub"). The first database of a foundation is its head
// office, HQ.
type Office struct {
	FoundationID string
	Code         string // HQ, SHY, SKD…
	Name         string
	Head         bool
}

// travels is every table whose rows go between offices: each row carries
// the office that last changed it and the version of that change (columns
// office and version, migration 0007).
var travels = map[string]bool{
	"settings": true, "children": true, "guardians": true, "documents": true, "consents": true,
	"journey_events": true, "journey_event_documents": true, "estimates": true, "line_items": true,
	"payments": true, "exchange_rates": true, "donors": true, "letter_templates": true, "letters": true,
	"donations": true, "letter_donations": true, "allocations": true, "status_changes": true,
	"conflicts": true, // the review queue (migration 0008)
	"purges":    true, // documents erased from the Trash (migration 0011)
	"audit_log": true, // to the head office only (migration 0014)
}

// stampSQL is the office and version of the write transaction, as an
// INSERT's last two values.
const stampSQL = "(SELECT office_code FROM foundation), (SELECT clock FROM foundation)"

// HeadOffice is the code of a foundation's head office.
const HeadOffice = "HQ"

// Office returns who this database is.
func (s *Store) Office(ctx context.Context) (Office, error) {
	var o Office
	err := s.q(ctx).QueryRowContext(ctx, "SELECT foundation_id, office_code, office_name, head FROM foundation WHERE id = 1").
		Scan(&o.FoundationID, &o.Code, &o.Name, &o.Head)
	return o, err
}

// loadClock starts this office's clock from the newest version handed out
// (after the migrations: older databases have none).
func (s *Store) loadClock(ctx context.Context) error { return s.loadClockTx(ctx, s.db) }

func (s *Store) loadClockTx(ctx context.Context, q querier) error {
	var code, last string
	if err := q.QueryRowContext(ctx, "SELECT office_code, clock FROM foundation WHERE id = 1").Scan(&code, &last); err != nil {
		return err
	}
	v, err := hlc.Parse(last)
	if err != nil {
		return err
	}
	s.clock = hlc.NewClock(code, v, func() time.Time { return s.Now() })
	return nil
}

// tick moves the clock on for a write transaction: every row it writes is
// stamped with the new version (by the triggers of migration 0007). Another
// Carebook on the same database may have written since: its newest version
// is observed first, so versions keep increasing.
func (s *Store) tick(ctx context.Context, tx *sql.Tx) error {
	if s.clock == nil {
		return nil
	}
	var last string
	if err := tx.QueryRowContext(ctx, "SELECT clock FROM foundation WHERE id = 1").Scan(&last); err != nil {
		return fmt.Errorf("reading the change clock: %w", err)
	}
	s.clockFound.Store(last)
	if v, err := hlc.Parse(last); err == nil {
		s.clock.Observe(v)
	}
	_, err := tx.ExecContext(ctx, "UPDATE foundation SET clock = ? WHERE id = 1", s.clock.Tick().String())
	return err
}

// WriteMark says where the database's writes are: every write
// transaction, of this Carebook or of any other on the same file, moves the
// change clock, so two equal marks mean nothing was written between them.
// Inside a write transaction it is the clock as the transaction found it,
// before its own change. "" : not known (a database that cannot be
// written); compare it with nothing.
func (s *Store) WriteMark(ctx context.Context) (string, error) {
	if s.clock == nil {
		return "", nil
	}
	if _, inTx := ctx.Value(txKey{}).(*sql.Tx); inTx {
		found, _ := s.clockFound.Load().(string)
		return found, nil
	}
	var mark string
	err := s.db.QueryRowContext(ctx, "SELECT clock FROM foundation WHERE id = 1").Scan(&mark)
	return mark, err
}

// setOffice makes this database the office code of the foundation (for
// joining a foundation from an invitation).
func (s *Store) setOffice(ctx context.Context, o Office) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET foundation_id = ?, office_code = ?, office_name = ?, head = ? WHERE id = 1",
			o.FoundationID, o.Code, o.Name, o.Head); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO offices (code, name, head, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, head = excluded.head`, o.Code, o.Name, o.Head, s.stamp())
		if err != nil {
			return err
		}
		return s.loadClockTx(ctx, tx)
	})
}
