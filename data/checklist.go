package data

import (
	"context"
	"slices"
	"strings"
)

// ChecklistState is where a required paper stands.
type ChecklistState string

// Checklist states.
const (
	CheckPresent  ChecklistState = "present"
	CheckMissing  ChecklistState = "missing"
	CheckExpiring ChecklistState = "expiring" // valid for less than ExpiringDays more
	CheckExpired  ChecklistState = "expired"
)

// ExpiringDays is how far ahead the checklist warns that a paper will go stale.
const ExpiringDays = 30

// ChecklistItem is one required document kind of a child's program.
type ChecklistItem struct {
	Kind       DocumentKind
	State      ChecklistState
	Document   *Document // the newest document of the kind, if any
	ValidUntil Date      // zero when the kind does not expire or has no date
}

// RequiredKinds is the checklist of a program (Settings, else the default one).
func (st *Settings) RequiredKinds(program string) []DocumentKind {
	if k, ok := st.Checklists[program]; ok && program != "" {
		return k
	}
	if k, ok := st.Checklists[""]; ok {
		return k
	}
	return DefaultChecklist
}

// Checklist says, for each document kind the child's program requires,
// whether it is there, missing, about to expire or expired.
func (s *Store) Checklist(ctx context.Context, childID string) ([]ChecklistItem, error) {
	c, err := s.Children.Get(ctx, childID)
	if err != nil {
		return nil, err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	docs, err := s.Documents.ListFor(ctx, "child_id", childID)
	if err != nil {
		return nil, err
	}
	return checklist(st.RequiredKinds(c.Program), st.Validity, docs, s.Today()), nil
}

func checklist(required []DocumentKind, validity map[DocumentKind]int, docs []Document, today Date) []ChecklistItem {
	var out []ChecklistItem
	for _, kind := range required {
		item := ChecklistItem{Kind: kind, State: CheckMissing}
		var newest *Document
		for i := range docs {
			d := &docs[i]
			if d.Kind != kind || d.Deleted() {
				continue
			}
			if newest == nil || newest.IssuedOn.Before(d.IssuedOn) ||
				newest.IssuedOn == d.IssuedOn && newest.CreatedAt.Before(d.CreatedAt.Time) {
				newest = d
			}
		}
		if newest != nil {
			item.Document, item.State = newest, CheckPresent
			if days := validity[kind]; days > 0 && !newest.IssuedOn.IsZero() {
				item.ValidUntil = newest.IssuedOn.AddDays(days)
				switch {
				case item.ValidUntil.Before(today):
					item.State = CheckExpired
				case item.ValidUntil.Before(today.AddDays(ExpiringDays)):
					item.State = CheckExpiring
				}
			}
		}
		out = append(out, item)
	}
	slices.SortStableFunc(out, func(a, b ChecklistItem) int { return stateRank(a.State) - stateRank(b.State) })
	return out
}

// MissingPapers are the papers a case's program requires that are missing
// or expired.
func (s *Store) MissingPapers(ctx context.Context, childID string) ([]ChecklistItem, error) {
	items, err := s.Checklist(ctx, childID)
	if err != nil {
		return nil, err
	}
	var out []ChecklistItem
	for _, it := range items {
		if it.State == CheckMissing || it.State == CheckExpired {
			out = append(out, it)
		}
	}
	return out, nil
}

func joinKinds(kinds []DocumentKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// stateRank puts what needs doing first.
func stateRank(s ChecklistState) int {
	return slices.Index([]ChecklistState{CheckMissing, CheckExpired, CheckExpiring, CheckPresent}, s)
}
