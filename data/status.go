package data

import (
	"context"
	"database/sql"
	"slices"
	"strings"
)

// StatusChange is one line of a case's history.
type StatusChange struct {
	Meta
	ChildID string
	From    Status // "" for the opening of the case
	To      Status
	Outcome Outcome
	At      Timestamp
	By      string
	Reason  string
}

func (c *StatusChange) table() (string, string) { return "status_changes", "status change" }
func (c *StatusChange) order() string           { return "at, id" }
func (c *StatusChange) fields() []field {
	return []field{
		{name: "child_id", ptr: &c.ChildID, ref: "children"},
		{name: "from_status", ptr: &c.From},
		{name: "to_status", ptr: &c.To},
		{name: "outcome", ptr: &c.Outcome},
		{name: "at", ptr: &c.At},
		{name: "changed_by", ptr: &c.By},
		{name: "reason", ptr: &c.Reason},
	}
}
func (c *StatusChange) prepare() {}
func (c *StatusChange) validate(Date) error {
	var fe fieldErrs
	fe.checkText("reason", &c.Reason, ruleLong, maxLine, false)
	return fe.err("status change")
}
func (c *StatusChange) summary() string { return string(c.From) + " → " + string(c.To) }

// openStatuses are the statuses of a case that is still being worked on.
var openStatuses = []Status{StatusIntake, StatusDocuments, StatusReview, StatusApproved,
	StatusFundraising, StatusFunded, StatusTreatment, StatusRehabilitation, StatusOnHold}

// IsOpen reports whether a case in this status is still being worked on.
func (s Status) IsOpen() bool { return slices.Contains(openStatuses, s) }

// forward holds the workflow of docs/domain.md ("A case's way"): each status's next steps. Moves to
// declined, on_hold and closed from any open status are added by NextStatuses.
var forward = map[Status][]Status{
	StatusIntake:         {StatusDocuments},
	StatusDocuments:      {StatusReview},
	StatusReview:         {StatusApproved, StatusDocuments}, // back for missing papers
	StatusApproved:       {StatusFundraising},
	StatusFundraising:    {StatusFunded},
	StatusFunded:         {StatusTreatment},
	StatusTreatment:      {StatusRehabilitation},
	StatusRehabilitation: {},
	// on_hold resumes at any working step.
	StatusOnHold: {StatusIntake, StatusDocuments, StatusReview, StatusApproved, StatusFundraising,
		StatusFunded, StatusTreatment, StatusRehabilitation},
	// Reopening a case.
	StatusDeclined: {StatusIntake, StatusReview},
	StatusClosed:   {StatusReview, StatusTreatment, StatusRehabilitation},
}

// NextStatuses lists the statuses a case in `from` may move to, in the order
// a status menu offers them.
func NextStatuses(from Status) []Status {
	next := slices.Clone(forward[from])
	if from.IsOpen() {
		for _, s := range []Status{StatusClosed, StatusOnHold, StatusDeclined} {
			if s != from && !slices.Contains(next, s) {
				next = append(next, s)
			}
		}
	}
	return next
}

// CanMove reports whether the workflow allows from → to.
func CanMove(from, to Status) bool { return slices.Contains(NextStatuses(from), to) }

// NeedsReason reports whether a move must say why: declining, pausing,
// closing without treatment, and reopening.
func NeedsReason(from, to Status) bool {
	return to == StatusDeclined || to == StatusOnHold || !from.IsOpen()
}

// ChangeStatus moves a case along the workflow and records who, when and why.
// A move the workflow does not allow is refused with a *TransitionError naming
// both statuses. Closing needs an outcome.
func (s *Store) ChangeStatus(ctx context.Context, childID string, to Status, outcome Outcome, reason string) error {
	if err := s.Require(ctx, MayCases); err != nil {
		return err
	}
	// Review wants the papers: going on without them takes a reason.
	var missing []DocumentKind
	if to == StatusReview && strings.TrimSpace(reason) == "" {
		items, err := s.MissingPapers(ctx, childID)
		if err != nil {
			return err
		}
		for _, it := range items {
			missing = append(missing, it.Kind)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.Children.getQ(ctx, tx, childID)
		if err != nil {
			return err
		}
		if c.Deleted() {
			return &TransitionError{From: c.Status, To: to, Need: NeedLive}
		}
		if !CanMove(c.Status, to) {
			return &TransitionError{From: c.Status, To: to}
		}
		sc := &StatusChange{ChildID: childID, From: c.Status, To: to, At: s.stamp(), By: s.Actor(), Reason: reason}
		if err := sc.validate(s.today()); err != nil {
			return err
		}
		if NeedsReason(c.Status, to) && sc.Reason == "" {
			return &TransitionError{From: c.Status, To: to, Need: NeedReason}
		}
		if len(missing) > 0 && CanMove(c.Status, to) {
			return &TransitionError{From: c.Status, To: to, Need: NeedPapers, Missing: missing}
		}
		if to == StatusClosed {
			if !slices.Contains(AllOutcomes, outcome) {
				return &TransitionError{From: c.Status, To: to, Need: NeedOutcome}
			}
			sc.Outcome = outcome
		} else {
			outcome = ""
		}
		if _, err := tx.ExecContext(ctx, "UPDATE children SET status=?, outcome=?, updated_at=? WHERE id=?",
			to, outcome, s.stamp(), childID); err != nil {
			return err
		}
		if err := insertPlain(ctx, tx, s, sc); err != nil {
			return err
		}
		return s.audit(ctx, tx, "status", "child", childID, c.CaseNumber+": "+sc.summary())
	})
}

// History returns a case's status changes, oldest first.
func (s *Store) History(ctx context.Context, childID string) ([]StatusChange, error) {
	return s.StatusChanges.list(ctx, "child_id=?", "at, id", childID)
}

// insertPlain inserts a row the store itself built (no validation, no audit).
func insertPlain(ctx context.Context, tx execer, s *Store, r row) error {
	m := r.meta()
	m.ID = NewID()
	m.CreatedAt = s.stamp()
	m.UpdatedAt = m.CreatedAt
	_, err := tx.ExecContext(ctx, specOf(r).insertSQL, scanPtrs(r)...)
	return err
}

// Closures lists every change of a case to closed, oldest first (the grant
// report counts those in its period).
func (s *Store) Closures(ctx context.Context) ([]StatusChange, error) {
	return s.StatusChanges.list(ctx, "to_status = ?", "at, id", string(StatusClosed))
}

// ChildrenWithEvents is the set of children with a live journey event
// from..to.
func (s *Store) ChildrenWithEvents(ctx context.Context, from, to Date) (map[string]bool, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT DISTINCT child_id FROM journey_events WHERE deleted_at IS NULL AND on_date BETWEEN ? AND ?", from.String(), to.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
