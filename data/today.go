package data

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Today: what needs doing, gathered from every screen into one list, for
// the person at the keyboard (issue 30). Each item says which group it is
// in, what kind it is, how many rows it stands for, and the case it is
// about when it is about one, so that a click can open it.

// Today's groups.
const (
	TodayPapers     = "papers"
	TodayMoney      = "money"
	TodayCases      = "cases"
	TodayFoundation = "foundation"
)

// Today's kinds of item.
const (
	TodayConsentExpiring  = "consent_expiring"  // a consent ends within TodayAhead days (Child; Due)
	TodayConsentWithdrawn = "consent_withdrawn" // an open case's consent was withdrawn (Child; Due: when)
	TodayEstimateDraft    = "estimate_draft"    // an estimate still in draft (Child)
	TodayEstimateExpired  = "estimate_expired"  // an accepted estimate of a case raising money is past its validity (Child; Due)
	TodayUnthanked        = "unthanked"         // donations not thanked after UnthankedDays (Count)
	TodayNoDonor          = "no_donor"          // donations of an unknown donor to match (Count)
	TodayStatusTooLong    = "status_too_long"   // a case has been in its status longer than usual (Child; Due: since)
	TodayConflicts        = "conflicts"         // conflicts to review (Count)
	TodayOfficeSilent     = "office_silent"     // an office not heard from in OfficeSilentDays (Detail: its code; Due: last exchange)
)

// TodayAhead is how many days ahead Today warns of what runs out.
const TodayAhead = 30

// UnthankedDays is how long a donation waits for its thank-you before Today
// lists it.
const UnthankedDays = 7

// OfficeSilentDays is how long an office may go without an exchange.
const OfficeSilentDays = 30

// UsualDays is how long a case usually stays in each status; longer, and
// Today lists it.
var UsualDays = map[Status]int{
	StatusIntake: 14, StatusDocuments: 30, StatusReview: 14, StatusApproved: 14,
	StatusFundraising: 90, StatusFunded: 30, StatusTreatment: 120, StatusRehabilitation: 180, StatusOnHold: 60,
}

// TodayItem is one thing that needs doing.
type TodayItem struct {
	Group, Kind string
	Count       int    // rows it stands for (1 for a case's item)
	ChildID     string // the case it is about ("" : none)
	Case, Name  string // its case number and the child's name
	Detail      string // what else it names (a consent's kind, a status, an office)
	Due         Date   // the day it is about (ends, ended, since)
}

// TodayList lists what needs doing, in groups, for the person signed in (all
// of it before a database has people): papers and cases for who works on
// cases, money for who works on money, the foundation for directors and
// administrators.
func (s *Store) TodayList(ctx context.Context) ([]TodayItem, error) {
	today := s.Today()
	var out []TodayItem
	add := func(items []TodayItem, err error) error {
		out = append(out, items...)
		return err
	}
	if s.May(ctx, MayCases) {
		if err := add(s.todayConsents(ctx, today)); err != nil {
			return nil, err
		}
		if err := add(s.todayStatuses(ctx, today)); err != nil {
			return nil, err
		}
	}
	if s.May(ctx, MayMoney) {
		if err := add(s.todayMoney(ctx, today)); err != nil {
			return nil, err
		}
	}
	if s.May(ctx, MayDirect) || s.May(ctx, MayAdminister) {
		if err := add(s.todayFoundation(ctx, today)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// caseItems reads items about one case each: the query's columns are the
// child's id, case number, last and first name, then detail and due.
func (s *Store) caseItems(ctx context.Context, group, kind, query string, args ...any) ([]TodayItem, error) {
	rows, err := s.q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TodayItem
	for rows.Next() {
		it := TodayItem{Group: group, Kind: kind, Count: 1}
		var last, first string
		var due sql.NullString
		if err := rows.Scan(&it.ChildID, &it.Case, &last, &first, &it.Detail, &due); err != nil {
			return nil, err
		}
		it.Name = fullName(last, first, "")
		if due.Valid {
			it.Due, _ = ParseDate(due.String[:min(10, len(due.String))])
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// openCase is the condition on a case Today speaks of: live and open (its
// statuses named, so that the status index serves it).
var openCase = "ch.deleted_at IS NULL AND ch.status IN (" + func() string {
	var q []string
	for _, st := range AllStatuses {
		if st.IsOpen() {
			q = append(q, "'"+string(st)+"'")
		}
	}
	return strings.Join(q, ", ")
}() + ")"

func (s *Store) todayConsents(ctx context.Context, today Date) ([]TodayItem, error) {
	expiring, err := s.caseItems(ctx, TodayPapers, TodayConsentExpiring, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, c.kind, c.expires_on
		FROM consents c JOIN children ch ON ch.id = c.child_id
		WHERE c.deleted_at IS NULL AND c.withdrawn_on IS NULL AND c.expires_on BETWEEN ? AND ? AND `+openCase+`
		ORDER BY c.expires_on, ch.case_number`, today.String(), today.AddDays(TodayAhead).String())
	if err != nil {
		return nil, err
	}
	withdrawn, err := s.caseItems(ctx, TodayPapers, TodayConsentWithdrawn, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, c.kind, c.withdrawn_on
		FROM consents c JOIN children ch ON ch.id = c.child_id
		WHERE c.deleted_at IS NULL AND c.withdrawn_on BETWEEN ? AND ? AND `+openCase+`
		ORDER BY c.withdrawn_on DESC, ch.case_number`, today.AddDays(-TodayAhead).String(), today.String())
	return append(expiring, withdrawn...), err
}

func (s *Store) todayStatuses(ctx context.Context, today Date) ([]TodayItem, error) {
	all, err := s.caseItems(ctx, TodayCases, TodayStatusTooLong, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, ch.status,
		coalesce((SELECT max(at) FROM status_changes sc WHERE sc.child_id = ch.id AND sc.deleted_at IS NULL), ch.created_at)
		FROM children ch WHERE `+openCase+` ORDER BY ch.case_number`)
	if err != nil {
		return nil, err
	}
	var out []TodayItem
	for _, it := range all {
		usual := UsualDays[Status(it.Detail)]
		if usual > 0 && !it.Due.IsZero() && it.Due.AddDays(usual).Before(today) {
			out = append(out, it)
		}
	}
	return out, nil
}

func (s *Store) todayMoney(ctx context.Context, today Date) ([]TodayItem, error) {
	drafts, err := s.caseItems(ctx, TodayMoney, TodayEstimateDraft, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, e.provider, e.issued_on
		FROM estimates e JOIN children ch ON ch.id = e.child_id
		WHERE e.deleted_at IS NULL AND e.status = 'draft' AND `+openCase+` ORDER BY ch.case_number`)
	if err != nil {
		return nil, err
	}
	expired, err := s.caseItems(ctx, TodayMoney, TodayEstimateExpired, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, e.provider, e.valid_until
		FROM estimates e JOIN children ch ON ch.id = e.child_id
		WHERE e.deleted_at IS NULL AND e.status = 'accepted' AND e.valid_until < ?
		AND ch.deleted_at IS NULL AND ch.status IN ('approved', 'fundraising') ORDER BY e.valid_until`, today.String())
	if err != nil {
		return nil, err
	}
	out := append(drafts, expired...)
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM donations WHERE deleted_at IS NULL AND thanked_at IS NULL
		AND donor_id IS NOT NULL AND received_on <= ?`, today.AddDays(-UnthankedDays).String()).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		out = append(out, TodayItem{Group: TodayMoney, Kind: TodayUnthanked, Count: n})
	}
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM donations WHERE deleted_at IS NULL AND donor_id IS NULL").Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		out = append(out, TodayItem{Group: TodayMoney, Kind: TodayNoDonor, Count: n})
	}
	return out, nil
}

func (s *Store) todayFoundation(ctx context.Context, today Date) ([]TodayItem, error) {
	var out []TodayItem
	cs, err := s.Conflicts(ctx, true)
	if err != nil {
		return nil, err
	}
	if len(cs) > 0 {
		out = append(out, TodayItem{Group: TodayFoundation, Kind: TodayConflicts, Count: len(cs)})
	}
	self, err := s.Office(ctx)
	if err != nil {
		return nil, err
	}
	offices, err := s.Offices(ctx)
	if err != nil {
		return nil, err
	}
	silent := s.Now().Add(-OfficeSilentDays * 24 * time.Hour)
	for _, o := range offices {
		if o.Code == self.Code || o.Code == HubCode {
			continue
		}
		if o.LastExchange.IsZero() || o.LastExchange.Before(silent) {
			it := TodayItem{Group: TodayFoundation, Kind: TodayOfficeSilent, Count: 1, Detail: o.Code}
			if !o.LastExchange.IsZero() {
				it.Due = DateOf(o.LastExchange.Time)
			}
			out = append(out, it)
		}
	}
	return out, nil
}
