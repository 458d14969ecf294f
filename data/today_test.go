package data

import (
	"testing"
	"time"

	"carebook/money"
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
	long := Stamp(time.Now().AddDate(0, 0, -40)).Format(stampLayout) // in intake for 40 days
	for _, q := range []string{"UPDATE children SET created_at = ? WHERE id = ?", "UPDATE status_changes SET at = ? WHERE child_id = ?"} {
		if _, err := s.db.ExecContext(ctx, q, long, old.ID); err != nil {
			t.Fatal(err)
		}
	}
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
