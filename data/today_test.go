package data

import (
	"carebook/money"
	"errors"
	"strings"
	"testing"
	"time"
)

// Issue 30, first step: Today gathers what needs doing from every screen —
// a consent running out, a withdrawn one, a draft estimate, an accepted
// one past its validity, donations waiting for a thank-you or a donor, a
// case sitting in its status, conflicts, a silent office — each for the
// roles that do it.
func TestTodayListsWhatNeedsDoing(t *testing.T) {
	s := newStore(t)
	day := s.Today()
	old := newChild(t, s, "Ермек", "Сапаров")
	inIntakeSince(t, s, old, 40)
	kid := newChild(t, s, "Айгерим", "Сейтова")
	g := &Guardian{ChildID: kid.ID, FullName: "Сейтова Гүлнар", Relation: RelationMother}
	mustCreate(t, s.Guardians.Create(ctx, g))
	mustCreate(t, s.Consents.Create(ctx, &Consent{ChildID: kid.ID, GuardianID: g.ID, Kind: ConsentData, GrantedOn: day.AddDays(-300), ExpiresOn: day.AddDays(10)}))
	mustCreate(t, s.Consents.Create(ctx, &Consent{ChildID: kid.ID, GuardianID: g.ID, Kind: ConsentPublishPhoto, GrantedOn: day.AddDays(-300), WithdrawnOn: day.AddDays(-2)}))
	mustCreate(t, s.Estimates.Create(ctx, &Estimate{ChildID: kid.ID, Provider: "Klinikum Nord", Currency: "EUR", IssuedOn: day}))
	d := &Donor{DisplayName: "Бота"}
	mustCreate(t, s.Donors.Create(ctx, d))
	mustCreate(t, s.Donations.Create(ctx, &Donation{DonorID: d.ID, ReceivedOn: day.AddDays(-10), Amount: money.M(500000, "KZT")}))
	mustCreate(t, s.Donations.Create(ctx, &Donation{DonorID: d.ID, ReceivedOn: day.AddDays(-1), Amount: money.M(500000, "KZT")})) // too new to chase
	mustCreate(t, s.Donations.Create(ctx, &Donation{ReceivedOn: day.AddDays(-3), Amount: money.M(7000, "KZT"), Payer: ""}))

	items, err := s.TodayList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TodayItem{}
	for _, it := range items {
		got[it.Kind] = it
	}
	for kind, want := range map[string]func(TodayItem) bool{
		TodayConsentExpiring: func(it TodayItem) bool {
			return it.ChildID == kid.ID && it.Due == day.AddDays(10) && it.Group == TodayPapers
		},
		TodayConsentWithdrawn: func(it TodayItem) bool { return it.ChildID == kid.ID && it.Detail == string(ConsentPublishPhoto) },
		TodayEstimateDraft:    func(it TodayItem) bool { return it.ChildID == kid.ID && it.Detail == "Klinikum Nord" },
		TodayUnthanked:        func(it TodayItem) bool { return it.Count == 1 && it.Group == TodayMoney },
		TodayNoDonor:          func(it TodayItem) bool { return it.Count == 1 },
		TodayStatusTooLong:    func(it TodayItem) bool { return it.ChildID == old.ID && it.Detail == string(StatusIntake) },
	} {
		it, ok := got[kind]
		if !ok || !want(it) {
			t.Errorf("%s: %+v (listed: %v)", kind, it, ok)
		}
	}
	// A fundraiser's Today is the money.
	if _, _, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Тимур", Roles: []Role{RoleFundraiser}, Password: "ақша жинау 1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Тимур", "ақша жинау 1"); err != nil {
		t.Fatal(err)
	}
	items, _ = s.TodayList(ctx)
	for _, it := range items {
		if it.Group != TodayMoney {
			t.Errorf("a fundraiser's Today lists %+v", it)
		}
	}
}

// Issue 30: papers missing and going stale for cases past Documents, a
// case whose gap is closed, the hub not synced — and an item put off with
// a note, shown again on its day or at once, each recorded.
func TestTodayPapersReadyHubAndSnoozes(t *testing.T) {
	s := newStore(t)
	day := s.Today()
	setStatus := func(c *Child, st Status) {
		if _, err := s.db.ExecContext(ctx, "UPDATE children SET status = ? WHERE id = ?", st, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	review := newChild(t, s, "Данияр", "Омаров")
	setStatus(review, StatusReview)
	conclusion := &Document{ChildID: review.ID, Kind: DocMedicalConclusion, Title: "Заключение", FileName: "z.pdf", IssuedOn: day.AddDays(-170)}
	mustCreate(t, s.AttachFile(ctx, conclusion, strings.NewReader("%PDF-1.4 заключение"), 0))
	intake := newChild(t, s, "Мадина", "Ахмедова") // still gathering papers: not listed
	_ = intake

	// A case raising money for a 1 000 ₸ estimate, given so much of it.
	raisingCase := func(first, last string, given int64) *Child {
		c := newChild(t, s, first, last)
		e := &Estimate{ChildID: c.ID, Provider: "Клиника", Currency: "KZT", IssuedOn: day, Status: EstimateAccepted}
		if err := s.SaveEstimate(ctx, e, []LineItem{{Description: "Операция", QuantityMilli: 1000, UnitPrice: 100000}}, false); err != nil {
			t.Fatal(err)
		}
		setStatus(c, StatusFundraising)
		mustCreate(t, s.Donations.Create(ctx, &Donation{ChildID: c.ID, ReceivedOn: day, Amount: money.M(given, "KZT")}))
		return c
	}
	raising := raisingCase("Тимур", "Каримов", 100000)
	short := raisingCase("Алия", "Нурланова", 99999)
	if err := s.SetHubURL(ctx, "https://hub.example.org"); err != nil {
		t.Fatal(err)
	}

	items, err := s.TodayList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	find := func(kind, child string) *TodayItem {
		for i := range items {
			if items[i].Kind == kind && items[i].ChildID == child {
				return &items[i]
			}
		}
		return nil
	}
	missing := find(TodayPapersMissing, review.ID)
	if missing == nil || !strings.Contains(missing.Detail, string(DocIdentity)) || strings.Contains(missing.Detail, string(DocMedicalConclusion)) {
		t.Errorf("papers missing of a case in review: %+v", missing)
	}
	if find(TodayPapersMissing, intake.ID) != nil {
		t.Error("a case still at intake is chased for its papers")
	}
	if stale := find(TodayPaperStale, review.ID); stale == nil || stale.Detail != string(DocMedicalConclusion) || stale.Due != day.AddDays(10) {
		t.Errorf("a conclusion going stale in 10 days: %+v", stale)
	}
	if find(TodayReadyForFunded, raising.ID) == nil {
		t.Error("a case whose gap is closed is not ready for Funded")
	}
	if find(TodayReadyForFunded, short.ID) != nil {
		t.Error("a case one tiyn short is ready for Funded")
	}
	if hub := find(TodayHubUnsynced, ""); hub == nil || !hub.Due.IsZero() || hub.Group != TodayFoundation {
		t.Errorf("a hub never synced: %+v", hub)
	}

	// Snoozed: kept in the list, apart, until its day; never without a note.
	var se *SnoozeError
	if err := s.Snooze(ctx, *missing, day.AddDays(7), "  "); !errors.As(err, &se) {
		t.Errorf("a snooze without a note: %v", err)
	}
	if err := s.Snooze(ctx, *missing, day, "ждём паспорт"); !errors.As(err, &se) {
		t.Errorf("a snooze until today: %v", err)
	}
	if err := s.Snooze(ctx, *missing, day.AddDays(7), "Ждём паспорт из ЦОНа"); err != nil {
		t.Fatal(err)
	}
	items, _ = s.TodayList(ctx)
	if it := find(TodayPapersMissing, review.ID); it == nil || !it.Snoozed() || it.SnoozeNote != "Ждём паспорт из ЦОНа" || it.SnoozedUntil != day.AddDays(7) {
		t.Errorf("snoozed: %+v", it)
	}
	if it := find(TodayPaperStale, review.ID); it == nil || it.Snoozed() {
		t.Errorf("another item of the same case was snoozed too: %+v", it)
	}
	// On its day it shows again.
	if _, err := s.db.ExecContext(ctx, "UPDATE today_snoozes SET until = ?", day.String()); err != nil {
		t.Fatal(err)
	}
	items, _ = s.TodayList(ctx)
	if it := find(TodayPapersMissing, review.ID); it == nil || it.Snoozed() {
		t.Errorf("a snooze whose day has come still hides: %+v", it)
	}
	if err := s.Snooze(ctx, *missing, day.AddDays(3), "позвонить маме"); err != nil {
		t.Fatal(err)
	}
	if err := s.Wake(ctx, *missing); err != nil {
		t.Fatal(err)
	}
	items, _ = s.TodayList(ctx)
	if it := find(TodayPapersMissing, review.ID); it == nil || it.Snoozed() {
		t.Errorf("woken: %+v", it)
	}
	entries, _ := s.AuditEntries(ctx, AuditFilter{Actions: []string{AuditSnooze, AuditWake}})
	var snoozes, wakes int
	for _, e := range entries {
		switch e.Action {
		case AuditSnooze:
			snoozes++
		case AuditWake:
			wakes++
		}
	}
	if snoozes != 2 || wakes != 1 {
		t.Errorf("audit: %d snoozes, %d wakes; want 2 and 1", snoozes, wakes)
	}
}

// Issue 30: how long a thank-you may wait and how long a case usually sits
// in a status are the foundation's settings.
func TestTodaysThresholdsAreSettings(t *testing.T) {
	s := newStore(t)
	day := s.Today()
	old := newChild(t, s, "Ермек", "Сапаров")
	inIntakeSince(t, s, old, 40)
	d := &Donor{DisplayName: "Бота"}
	mustCreate(t, s.Donors.Create(ctx, d))
	mustCreate(t, s.Donations.Create(ctx, &Donation{DonorID: d.ID, ReceivedOn: day.AddDays(-10), Amount: money.M(500000, "KZT")}))
	kinds := func() map[string]TodayItem {
		items, err := s.TodayList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]TodayItem{}
		for _, it := range items {
			out[it.Kind] = it
		}
		return out
	}
	if k := kinds(); k[TodayUnthanked].Detail != "7" || k[TodayStatusTooLong].ChildID != old.ID {
		t.Fatalf("with the defaults: %+v", k)
	}
	st, _ := s.Settings(ctx)
	st.ThanksDays = 14
	st.UsualDays[StatusIntake] = 60
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	k := kinds()
	if _, ok := k[TodayUnthanked]; ok {
		t.Error("a donation 10 days old is chased with 14 days allowed")
	}
	if _, ok := k[TodayStatusTooLong]; ok {
		t.Error("40 days at intake is chased with 60 usual")
	}
	st.ThanksDays = 400
	if err := s.SaveSettings(ctx, st); err == nil {
		t.Error("a thank-you may wait 400 days")
	}
}

// Issue 30: the cases a person works on are on their Today.
func TestTodayListsMyCases(t *testing.T) {
	s := newStore(t)
	mine := newChild(t, s, "Данияр", "Омаров")
	mine.Volunteer = "Гүлнар Оспанова"
	if err := s.Children.Update(ctx, mine); err != nil {
		t.Fatal(err)
	}
	newChild(t, s, "Алия", "Нурланова") // someone else's
	if _, _, err := s.AddFirstPerson(ctx, "Гүлнар Оспанова", "kk", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Гүлнар Оспанова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	items, err := s.TodayList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		if it.Kind == TodayAssigned {
			got = append(got, it.ChildID)
		}
	}
	if len(got) != 1 || got[0] != mine.ID {
		t.Errorf("my cases on Today: %v, want only %s", got, mine.ID)
	}
}

// inIntakeSince makes a new case as if it came in days ago.
func inIntakeSince(t *testing.T, s *Store, c *Child, days int) {
	t.Helper()
	long := Stamp(time.Now().AddDate(0, 0, -days)).Format(stampLayout)
	for _, q := range []string{"UPDATE children SET created_at = ? WHERE id = ?", "UPDATE status_changes SET at = ? WHERE child_id = ?"} {
		if _, err := s.db.ExecContext(ctx, q, long, c.ID); err != nil {
			t.Fatal(err)
		}
	}
}
