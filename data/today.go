package data

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	TodayUnthanked        = "unthanked"         // donations not thanked after the settings' ThanksDays (Count; Detail: the days)
	TodayNoDonor          = "no_donor"          // donations of an unknown donor to match (Count)
	TodayStatusTooLong    = "status_too_long"   // a case has been in its status longer than usual (Child; Due: since)
	TodayConflicts        = "conflicts"         // conflicts to review (Count)
	TodayOfficeSilent     = "office_silent"     // an office not heard from in OfficeSilentDays (Detail: its code; Due: last exchange)
	TodayPapersMissing    = "papers_missing"    // a case past Documents lacks required papers (Child; Detail: their kinds, comma-separated)
	TodayPaperStale       = "paper_stale"       // a required paper goes stale within TodayAhead days, or has (Child; Detail: its kind; Due: valid until)
	TodayReadyForFunded   = "ready_funded"      // a case in Fundraising whose gap is closed (Child)
	TodayHubUnsynced      = "hub_unsynced"      // this office has a hub and has not synced with it in HubSilentHours (Due: last sync)
	TodayAssigned         = "assigned"          // an open case whose volunteer is the person signed in (Child; Detail: its status)
	TodayBackupOverdue    = "backup_overdue"    // no good backup within the schedule (Due: the last one); the backup package adds it
)

// HubSilentHours is how long an office with a hub may go without a sync.
const HubSilentHours = 24

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

	// Snoozed: put off until a day (SnoozedUntil), by SnoozedBy, with a
	// note; TodayList lists it still, apart (see Snooze).
	SnoozedUntil Date
	SnoozeNote   string
	SnoozedBy    string
}

// Key names the item for its snooze: its kind, the case and the detail
// (an item that counts rows is one item, whatever its count).
func (it TodayItem) Key() string { return it.Kind + "|" + it.ChildID + "|" + it.Detail }

// Snoozed says whether the item is put off today.
func (it TodayItem) Snoozed() bool { return !it.SnoozedUntil.IsZero() }

// TodayList lists what needs doing, in groups, for the person signed in (all
// of it before a database has people): papers and cases for who works on
// cases, money for who works on money, the foundation for directors and
// administrators. extra are items a feature package found (an overdue
// backup): listed, and snoozed, as the store's own.
func (s *Store) TodayList(ctx context.Context, extra ...TodayItem) ([]TodayItem, error) {
	today := s.Today()
	var asks []func(context.Context, Date) ([]TodayItem, error)
	if s.May(ctx, MayCases) {
		asks = append(asks, s.todayPapers, s.todayConsents, s.todayStatuses)
	}
	if s.May(ctx, MayMoney) {
		asks = append(asks, s.todayMoney)
	}
	if s.May(ctx, MayDirect) || s.May(ctx, MayAdminister) {
		asks = append(asks, s.todayFoundation)
	}
	// The questions are independent reads: on their own connections they
	// are asked side by side (inside a transaction, one after another).
	found := make([][]TodayItem, len(asks))
	errs := make([]error, len(asks))
	if _, inTx := ctx.Value(txKey{}).(*sql.Tx); inTx {
		for i, ask := range asks {
			found[i], errs[i] = ask(ctx, today)
		}
	} else {
		var wg sync.WaitGroup
		for i, ask := range asks {
			wg.Go(func() { found[i], errs[i] = ask(ctx, today) })
		}
		wg.Wait()
	}
	var out []TodayItem
	for i := range asks {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, found[i]...)
	}
	return s.withSnoozes(ctx, append(out, extra...), today)
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

// todayConsents reads the consents first (CROSS JOIN keeps them the outer
// loop): a few run out in a month, while thousands of cases are open.
func (s *Store) todayConsents(ctx context.Context, today Date) ([]TodayItem, error) {
	expiring, err := s.caseItems(ctx, TodayPapers, TodayConsentExpiring, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, c.kind, c.expires_on
		FROM consents c CROSS JOIN children ch ON ch.id = c.child_id
		WHERE c.deleted_at IS NULL AND c.withdrawn_on IS NULL AND c.expires_on BETWEEN ? AND ? AND `+openCase+`
		ORDER BY c.expires_on, ch.case_number`, today.String(), today.AddDays(TodayAhead).String())
	if err != nil {
		return nil, err
	}
	withdrawn, err := s.caseItems(ctx, TodayPapers, TodayConsentWithdrawn, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, c.kind, c.withdrawn_on
		FROM consents c CROSS JOIN children ch ON ch.id = c.child_id
		WHERE c.deleted_at IS NULL AND c.withdrawn_on BETWEEN ? AND ? AND `+openCase+`
		ORDER BY c.withdrawn_on DESC, ch.case_number`, today.AddDays(-TodayAhead).String(), today.String())
	return append(expiring, withdrawn...), err
}

func (s *Store) todayStatuses(ctx context.Context, today Date) ([]TodayItem, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	// Each status's own limit, in SQL: only the cases past it are read.
	var when []string
	var args []any
	for _, status := range AllStatuses {
		if usual := st.UsualDays[status]; status.IsOpen() && usual > 0 {
			when = append(when, "WHEN ? THEN ?")
			args = append(args, string(status), today.AddDays(-usual+1).String())
		}
	}
	if len(when) == 0 {
		when = append(when, "WHEN '' THEN ''")
	}
	// Each open case's since, from indexes alone (its status and creation
	// from children_live_status, its newest change from status_changes_live),
	// worked out once; only the cases past their limit are read whole.
	all, err := s.caseItems(ctx, TodayCases, TodayStatusTooLong, `WITH open AS MATERIALIZED (
		SELECT ch.id, ch.status, coalesce((SELECT max(at) FROM status_changes sc WHERE sc.child_id = ch.id AND sc.deleted_at IS NULL), ch.created_at) AS since
		FROM children ch WHERE `+openCase+`)
		SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, o.status, o.since
		FROM open o CROSS JOIN children ch ON ch.id = o.id
		WHERE substr(o.since, 1, 10) < (CASE o.status `+strings.Join(when, " ")+` ELSE '' END) ORDER BY ch.case_number`, args...)
	if err != nil {
		return nil, err
	}
	var out []TodayItem
	for _, it := range all {
		usual := st.UsualDays[Status(it.Detail)]
		if usual > 0 && !it.Due.IsZero() && it.Due.AddDays(usual).Before(today) {
			out = append(out, it)
		}
	}
	if p := s.Person(); p != nil {
		mine, err := s.caseItems(ctx, TodayCases, TodayAssigned, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, ch.status, NULL
			FROM children ch WHERE `+openCase+` AND ch.volunteer = ? ORDER BY ch.case_number`, p.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, mine...)
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
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	ready, err := s.todayReady(ctx)
	if err != nil {
		return nil, err
	}
	out = append(out, ready...)
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, `SELECT (SELECT count(*) FROM donations WHERE deleted_at IS NULL AND thanked_at IS NULL
		AND donor_id IS NOT NULL AND received_on <= ?1) - (SELECT count(*) FROM thanked_by_letter WHERE received_on <= ?1)`,
		today.AddDays(-st.ThanksDays).String()).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		out = append(out, TodayItem{Group: TodayMoney, Kind: TodayUnthanked, Count: n, Detail: strconv.Itoa(st.ThanksDays)})
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
	hubSilent := s.Now().Add(-HubSilentHours * time.Hour)
	url, err := s.HubURL(ctx)
	if err != nil {
		return nil, err
	}
	var hubLast Timestamp
	for _, o := range offices {
		if o.Code == HubCode {
			hubLast = o.LastExchange
			continue
		}
		if o.Code == self.Code {
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
	if url != "" && (hubLast.IsZero() || hubLast.Before(hubSilent)) {
		it := TodayItem{Group: TodayFoundation, Kind: TodayHubUnsynced, Count: 1}
		if !hubLast.IsZero() {
			it.Due = DateOf(hubLast.Time)
		}
		out = append(out, it)
	}
	return out, nil
}

// pastDocuments is the condition on a case whose papers should all be in:
// open and past the Documents step (on hold waits for something else).
var pastDocuments = "ch.deleted_at IS NULL AND ch.status IN (" + func() string {
	var q []string
	for _, st := range AllStatuses {
		if st.IsOpen() && st != StatusIntake && st != StatusDocuments && st != StatusOnHold {
			q = append(q, "'"+string(st)+"'")
		}
	}
	return strings.Join(q, ", ")
}() + ")"

// todayPapers checks the program checklist of every case past Documents:
// its papers, consents and accepted estimates read in one query each, not
// one case at a time.
func (s *Store) todayPapers(ctx context.Context, today Date) ([]TodayItem, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	type kase struct {
		item      TodayItem
		program   string
		docs      []Document
		consents  []Consent
		estimates []Estimate
	}
	cases := map[string]*kase{}
	var order []string
	q := s.q(ctx)
	rows, err := q.QueryContext(ctx, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, ch.program
		FROM children ch WHERE `+pastDocuments+` ORDER BY ch.case_number`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k kase
		var last, first string
		if err := rows.Scan(&k.item.ChildID, &k.item.Case, &last, &first, &k.program); err != nil {
			rows.Close()
			return nil, err
		}
		k.item.Name, k.item.Group, k.item.Count = fullName(last, first, ""), TodayPapers, 1
		cases[k.item.ChildID] = &k
		order = append(order, k.item.ChildID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cases) == 0 {
		return nil, err
	}
	of := " IN (SELECT ch.id FROM children ch WHERE " + pastDocuments + ")"
	read := func(query string, scan func(r *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err = read(`SELECT d.child_id, d.id, d.kind, d.issued_on, d.created_at FROM documents d
		WHERE d.deleted_at IS NULL AND d.child_id`+of, func(r *sql.Rows) error {
		var d Document
		if err := r.Scan(&d.ChildID, &d.ID, &d.Kind, &d.IssuedOn, &d.CreatedAt); err != nil {
			return err
		}
		if k := cases[d.ChildID]; k != nil {
			k.docs = append(k.docs, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = read(`SELECT c.child_id, c.id, coalesce(c.document_id, ''), c.withdrawn_on FROM consents c
		WHERE c.deleted_at IS NULL AND c.child_id`+of+` ORDER BY c.created_at`, func(r *sql.Rows) error {
		var c Consent
		var withdrawn sql.NullString
		if err := r.Scan(&c.ChildID, &c.ID, &c.DocumentID, &withdrawn); err != nil {
			return err
		}
		if withdrawn.Valid {
			c.WithdrawnOn, _ = ParseDate(withdrawn.String)
		}
		if k := cases[c.ChildID]; k != nil {
			k.consents = append(k.consents, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = read(`SELECT e.child_id, e.provider FROM estimates e
		WHERE e.deleted_at IS NULL AND e.status = 'accepted' AND e.child_id`+of, func(r *sql.Rows) error {
		e := Estimate{Status: EstimateAccepted}
		if err := r.Scan(&e.ChildID, &e.Provider); err != nil {
			return err
		}
		if k := cases[e.ChildID]; k != nil {
			k.estimates = append(k.estimates, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var missing, stale []TodayItem
	for _, id := range order {
		k := cases[id]
		items := checklist(st.RequiredKinds(k.program), st.Validity, k.docs, today)
		recorded(items, k.docs, k.consents, k.estimates)
		var kinds []DocumentKind
		for _, it := range items {
			switch it.State {
			case CheckMissing, CheckPaperMissing:
				kinds = append(kinds, it.Kind)
			case CheckExpired, CheckExpiring:
				one := k.item
				one.Kind, one.Detail, one.Due = TodayPaperStale, string(it.Kind), it.ValidUntil
				stale = append(stale, one)
			}
		}
		if len(kinds) > 0 {
			one := k.item
			one.Kind, one.Detail = TodayPapersMissing, joinKinds(kinds)
			missing = append(missing, one)
		}
	}
	slices.SortStableFunc(stale, func(a, b TodayItem) int { return strings.Compare(a.Due.String(), b.Due.String()) })
	return append(missing, stale...), nil
}

// todayReady lists the cases raising money whose gap is closed: ready to
// be marked Funded.
func (s *Store) todayReady(ctx context.Context) ([]TodayItem, error) {
	const raising = "child_id IN (SELECT id FROM children WHERE deleted_at IS NULL AND status = 'fundraising')"
	funding, err := s.fundingWhere(ctx, raising)
	if err != nil || len(funding) == 0 {
		return nil, err
	}
	all, err := s.caseItems(ctx, TodayMoney, TodayReadyForFunded, `SELECT ch.id, ch.case_number, ch.last_name, ch.first_name, '', NULL
		FROM children ch WHERE ch.deleted_at IS NULL AND ch.status = 'fundraising' ORDER BY ch.case_number`)
	if err != nil {
		return nil, err
	}
	var out []TodayItem
	for _, it := range all {
		if f := funding[it.ChildID]; f != nil && f.Target.Minor > 0 && f.Gap.Minor == 0 && f.Complete() {
			out = append(out, it)
		}
	}
	return out, nil
}

// withSnoozes marks the items put off until a day after today; snoozes
// whose day has come are forgotten.
func (s *Store) withSnoozes(ctx context.Context, items []TodayItem, today Date) ([]TodayItem, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT item, until, note, who FROM today_snoozes WHERE until > ?", today.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type snooze struct {
		until     Date
		note, who string
	}
	snoozes := map[string]snooze{}
	for rows.Next() {
		var key, until string
		var z snooze
		if err := rows.Scan(&key, &until, &z.note, &z.who); err != nil {
			return nil, err
		}
		z.until, _ = ParseDate(until)
		snoozes[key] = z
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range items {
		if z, ok := snoozes[items[i].Key()]; ok {
			items[i].SnoozedUntil, items[i].SnoozeNote, items[i].SnoozedBy = z.until, z.note, z.who
		}
	}
	return items, nil
}

// SnoozeError refuses a snooze: a day that is not after today, or no note.
type SnoozeError struct{ Code string }

func (e *SnoozeError) Error() string {
	if e.Code == CodeRequired {
		return "say why it is put off: a snooze needs a note"
	}
	return "a snooze ends on a day after today"
}

// MaxSnoozeDays is the longest an item may be put off.
const MaxSnoozeDays = 366

// Snooze puts an item of Today off until a day, with a note of why; it
// shows again on that day. It is recorded in the audit log.
func (s *Store) Snooze(ctx context.Context, it TodayItem, until Date, note string) error {
	note = strings.TrimSpace(note)
	today := s.Today()
	switch {
	case note == "":
		return &SnoozeError{Code: CodeRequired}
	case !today.Before(until) || today.AddDays(MaxSnoozeDays).Before(until):
		return &SnoozeError{Code: "until"}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO today_snoozes (item, until, note, who, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT(item) DO UPDATE SET until = excluded.until, note = excluded.note, who = excluded.who, at = excluded.at`,
			it.Key(), until.String(), note, s.Actor(), s.stamp())
		if err != nil {
			return err
		}
		return insertPlain(ctx, tx, s, s.auditEntry(AuditSnooze, "today", it.Key(), it.ChildID, until.String()+": "+note))
	})
	return err
}

// Wake shows a snoozed item again at once.
func (s *Store) Wake(ctx context.Context, it TodayItem) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM today_snoozes WHERE item = ?", it.Key()); err != nil {
			return err
		}
		return insertPlain(ctx, tx, s, s.auditEntry(AuditWake, "today", it.Key(), it.ChildID, ""))
	})
}
