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
	// CheckPaperMissing: the consent or the accepted estimate is recorded,
	// but its scanned paper is not attached.
	CheckPaperMissing ChecklistState = "paper_missing"
)

// ExpiringDays is how far ahead the checklist warns that a paper will go stale.
const ExpiringDays = 30

// ChecklistItem is one required document kind of a child's program.
type ChecklistItem struct {
	Kind       DocumentKind
	State      ChecklistState
	Document   *Document // the newest document of the kind, if any
	ValidUntil Date      // zero when the kind does not expire or has no date
	// Of CheckPaperMissing: the record without its paper — the consent
	// (ConsentID, to link the paper to it) or the estimate (its provider).
	ConsentID string
	Estimate  string
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
	items := checklist(st.RequiredKinds(c.Program), st.Validity, docs, s.Today())
	consents, err := s.Consents.ListFor(ctx, "child_id", childID)
	if err != nil {
		return nil, err
	}
	estimates, err := s.Estimates.ListFor(ctx, "child_id", childID)
	if err != nil {
		return nil, err
	}
	recorded(items, docs, consents, estimates)
	slices.SortStableFunc(items, func(a, b ChecklistItem) int { return stateRank(a.State) - stateRank(b.State) })
	return items, nil
}

// recorded completes the checklist with what is recorded besides the
// documents: a consent's signed form ticks the consent line whatever kind
// it was filed as; a consent or an accepted estimate recorded without its
// paper turns "missing" into "the paper is missing", naming the record.
func recorded(items []ChecklistItem, docs []Document, consents []Consent, estimates []Estimate) {
	live := map[string]*Document{}
	for i := range docs {
		if !docs[i].Deleted() {
			live[docs[i].ID] = &docs[i]
		}
	}
	for i := range items {
		it := &items[i]
		if it.State != CheckMissing {
			continue
		}
		switch it.Kind {
		case DocConsentForm:
			for j := len(consents) - 1; j >= 0; j-- {
				c := &consents[j]
				if c.Deleted() || !c.WithdrawnOn.IsZero() {
					continue
				}
				if d := live[c.DocumentID]; d != nil {
					it.State, it.Document, it.ConsentID = CheckPresent, d, ""
					break
				}
				if it.ConsentID == "" {
					it.State, it.ConsentID = CheckPaperMissing, c.ID
				}
			}
		case DocQuote:
			for j := len(estimates) - 1; j >= 0; j-- {
				if e := &estimates[j]; !e.Deleted() && e.Status == EstimateAccepted {
					it.State, it.Estimate = CheckPaperMissing, e.Provider
					break
				}
			}
		}
	}
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
		if it.State == CheckMissing || it.State == CheckPaperMissing || it.State == CheckExpired {
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
	return slices.Index([]ChecklistState{CheckMissing, CheckPaperMissing, CheckExpired, CheckExpiring, CheckPresent}, s)
}
