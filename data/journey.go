package data

import (
	"context"
	"database/sql"
	"slices"
)

// JourneyEvent is a dated step of a child's treatment journey.
type JourneyEvent struct {
	Meta
	ChildID     string
	On          Date
	Kind        EventKind
	Title       string
	Description string
	Place       string // clinic or city
}

func (e *JourneyEvent) table() (string, string) { return "journey_events", "journey event" }
func (e *JourneyEvent) order() string           { return "on_date, created_at" }
func (e *JourneyEvent) fields() []field {
	return []field{
		{name: "child_id", ptr: &e.ChildID, ref: "children"},
		{name: "on_date", ptr: &e.On},
		{name: "kind", ptr: &e.Kind},
		{name: "title", ptr: &e.Title},
		{name: "description", ptr: &e.Description},
		{name: "place", ptr: &e.Place},
	}
}
func (e *JourneyEvent) prepare() {}
func (e *JourneyEvent) validate(Date) error {
	var fe fieldErrs
	if e.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	if fe.checkDate("on_date", e.On, true) && e.On.Before(minBirth) {
		fe.add("on_date", CodeTooOld, "min", minBirth.String())
	}
	checkEnum(&fe, "kind", e.Kind, true, AllEventKinds)
	fe.checkText("title", &e.Title, ruleLine, maxShort, true)
	fe.checkText("description", &e.Description, ruleLong, maxLong, false)
	fe.checkText("place", &e.Place, ruleLine, maxShort, false)
	return fe.err("journey event")
}
func (e *JourneyEvent) summary() string { return e.On.String() + " " + string(e.Kind) }

// SaveJourneyEvent creates e (no ID yet) or updates it, and links it to
// exactly the documents docIDs, in one transaction: the event is never saved
// with half its papers linked.
func (s *Store) SaveJourneyEvent(ctx context.Context, e *JourneyEvent, docIDs []string) error {
	return s.InTx(ctx, func(ctx context.Context) error {
		var before []string
		if e.ID != "" {
			cur, err := s.EventDocuments(ctx, e.ID)
			if err != nil {
				return err
			}
			for _, d := range cur {
				before = append(before, d.ID)
			}
		}
		var err error
		if e.ID == "" {
			err = s.JourneyEvents.Create(ctx, e)
		} else {
			err = s.JourneyEvents.Update(ctx, e)
		}
		if err != nil {
			return err
		}
		for _, id := range docIDs {
			if !slices.Contains(before, id) {
				if err := s.LinkDocument(ctx, e.ID, id); err != nil {
					return err
				}
			}
		}
		for _, id := range before {
			if !slices.Contains(docIDs, id) {
				if err := s.UnlinkDocument(ctx, e.ID, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// LinkDocument attaches a document to a journey event (idempotent).
func (s *Store) LinkDocument(ctx context.Context, eventID, documentID string) error {
	if err := s.Require(ctx, MayCases); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO journey_event_documents (event_id, document_id) VALUES (?, ?)
			ON CONFLICT (event_id, document_id) DO UPDATE SET deleted_at = NULL WHERE deleted_at IS NOT NULL`,
			eventID, documentID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "link", "journey event", eventID, "document "+documentID)
	})
}

// UnlinkDocument removes a document from a journey event. The link stays as
// a tombstone, so that the unlink travels to the other offices.
func (s *Store) UnlinkDocument(ctx context.Context, eventID, documentID string) error {
	if err := s.Require(ctx, MayCases); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE journey_event_documents SET deleted_at = ? WHERE event_id=? AND document_id=? AND deleted_at IS NULL",
			s.stamp(), eventID, documentID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "unlink", "journey event", eventID, "document "+documentID)
	})
}

// EventDocuments lists the live documents linked to a journey event.
func (s *Store) EventDocuments(ctx context.Context, eventID string) ([]Document, error) {
	return s.Documents.list(ctx,
		"deleted_at IS NULL AND id IN (SELECT document_id FROM journey_event_documents WHERE event_id=? AND deleted_at IS NULL)",
		"issued_on, created_at", eventID)
}
