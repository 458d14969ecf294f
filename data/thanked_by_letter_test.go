package data

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"carebook/money"
)

// waitingByDefinition is what waits for thanks, read the long way: live
// donations with a donor, no thanked_at of their own and no live thank-you
// letter naming them.
const waitingByDefinition = `SELECT d.id FROM donations d
	WHERE d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
		WHERE ld.donation_id = d.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL)
	ORDER BY d.id`

// checkWaiting fails t unless what waits for thanks (Unthanked) is exactly
// what waits by definition, and thanked_by_letter holds exactly the live,
// donor's, not otherwise thanked donations a live thank-you letter names,
// each under its donation's day. It returns the waiting ids.
func checkWaiting(t *testing.T, s *Store, when string) []string {
	t.Helper()
	ids := func(q string) []string {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	want := ids(waitingByDefinition)
	ds, err := s.Unthanked(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: waiting for thanks\n got %v\nwant %v", when, got, want)
	}
	byLetter := ids(`SELECT d.id FROM donations d
		WHERE d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL
		AND EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
			WHERE ld.donation_id = d.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL)
		ORDER BY d.id`)
	kept := ids(`SELECT t.donation_id FROM thanked_by_letter t JOIN donations d ON d.id = t.donation_id AND d.received_on = t.received_on ORDER BY 1`)
	if n := len(ids("SELECT donation_id FROM thanked_by_letter")); n != len(kept) || !slices.Equal(kept, byLetter) {
		t.Errorf("%s: thanked by a letter\n kept %v (%d rows)\n want %v", when, kept, n, byLetter)
	}
	return want
}

// undoThanksByLetter sets a database back to before migration 0025 (and
// the later ones).
func undoThanksByLetter(t *testing.T, s *Store) {
	t.Helper()
	for _, q := range []string{
		"DROP TRIGGER thanked_by_letter_link_insert", "DROP TRIGGER thanked_by_letter_link_delete",
		"DROP TRIGGER thanked_by_letter_donation_update", "DROP TRIGGER thanked_by_letter_donation_delete",
		"DROP TRIGGER thanked_by_letter_letter_update", "DROP TABLE thanked_by_letter",
		"ALTER TABLE office_sent DROP COLUMN clock",
		// and 0026's
		"CREATE INDEX donations_date ON donations (received_on)",
		"CREATE INDEX donations_no_donor ON donations (received_on) WHERE deleted_at IS NULL AND donor_id IS NULL",
		"PRAGMA user_version = 24",
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(q, ": ", err)
		}
	}
}

func giftOf(t *testing.T, s *Store, donor, day string, minor int64) *Donation {
	t.Helper()
	d := &Donation{DonorID: donor, ReceivedOn: MustDate(day), Amount: money.M(minor, "KZT"), Method: MethodBank}
	if err := s.Donations.Create(ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func thankYou(t *testing.T, s *Store, kind TemplateKind, donor string, ds ...*Donation) Letter {
	t.Helper()
	l := NewLetter{Letter: Letter{DonorID: donor, Kind: kind, Language: "ru"}, PDF: []byte("%PDF-1.4 " + string(kind)), FileName: "letter.pdf"}
	for _, d := range ds {
		l.DonationIDs = append(l.DonationIDs, d.ID)
	}
	ls := []NewLetter{l}
	if err := s.RecordLetters(ctx, ls); err != nil {
		t.Fatal(err)
	}
	return ls[0].Letter
}

// Issue 29: a batch of thank-you letters thanks its donations by the links
// it writes. Each donation's row stays as it was (nothing of it is sent to
// the other offices again), and yet it is thanked everywhere a person
// looks: its own page, the list of what waits, Today, the next batch.
func TestThanksLeaveTheDonationsRowsAsTheyWere(t *testing.T) {
	s := newStore(t)
	donor := &Donor{DisplayName: "Айгүл Серікова"}
	if err := s.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	a := giftOf(t, s, donor.ID, "2026-11-02", 500000)
	b := giftOf(t, s, donor.ID, "2026-11-03", 700000)
	rowOf := func(d *Donation) string {
		var r string
		if err := s.db.QueryRow("SELECT updated_at || version || office || coalesce(thanked_at, '-') || coalesce(letter_id, '-') FROM donations WHERE id = ?", d.ID).Scan(&r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := []string{rowOf(a), rowOf(b)}
	if items, _ := s.TodayList(ctx); !hasItem(items, TodayUnthanked, 2) {
		t.Fatalf("Today does not count the 2 gifts waiting for thanks: %+v", items)
	}
	l := thankYou(t, s, TemplateDonationThanks, donor.ID, a, b)
	if after := []string{rowOf(a), rowOf(b)}; !slices.Equal(after, before) {
		t.Errorf("the letter rewrote its donations' rows:\n%v\n%v", before, after)
	}
	var fv int
	s.db.QueryRow("SELECT count(*) FROM field_versions WHERE tbl = 'donations'").Scan(&fv)
	if fv != 0 {
		t.Errorf("%d field versions of donations were written", fv)
	}
	got, err := s.Donations.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ThankedAt.IsZero() || got.LetterID != l.ID {
		t.Errorf("the donation's page does not say it was thanked by the letter: %+v", got)
	}
	if w, _ := s.Unthanked(ctx); len(w) != 0 {
		t.Errorf("still waiting for thanks: %d", len(w))
	}
	if items, _ := s.TodayList(ctx); hasItem(items, TodayUnthanked, -1) {
		t.Errorf("Today still counts gifts waiting for thanks")
	}
	next, err := s.DonationsForLetters(ctx, LetterSelection{Kind: TemplateDonationThanks, From: MustDate("2026-01-01"), To: MustDate("2026-12-31")})
	if err != nil || len(next) != 0 {
		t.Errorf("the next batch would thank them again: %d %v", len(next), err)
	}
	// A form saving the donation keeps it thanked by the letter, and still
	// writes nothing of the thanks into its row.
	got.Note = "перевод через Kaspi"
	if err := s.Donations.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	var thankedAt, letterID any
	s.db.QueryRow("SELECT thanked_at, letter_id FROM donations WHERE id = ?", a.ID).Scan(&thankedAt, &letterID)
	if thankedAt != nil || letterID != nil {
		t.Errorf("saving the form wrote the thanks into the row: %v %v", thankedAt, letterID)
	}
	checkWaiting(t, s, "after the letter")
}

func hasItem(items []TodayItem, kind string, count int) bool {
	for _, it := range items {
		if it.Kind == kind && (count < 0 || it.Count == count) {
			return true
		}
	}
	return false
}

// What waits for thanks follows every change that can thank a donation or
// take its thanks back: a receipt thanks nobody, a thank-you letter does;
// a gift moved to the Trash waits no more and waits again when restored
// unless a letter thanked it; a letter moved to the Trash gives its
// donations back; a gift without a donor never waits; one thanked by phone
// (its own thanked_at) does not; a letter and its links written as an
// office's bundle brings them count.
func TestWhatWaitsForThanksFollowsEveryChange(t *testing.T) {
	s := newStore(t)
	donor := &Donor{DisplayName: "Жасур Ўринбоев"}
	if err := s.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	a := giftOf(t, s, donor.ID, "2026-11-01", 100000)
	b := giftOf(t, s, donor.ID, "2026-11-02", 200000)
	c := giftOf(t, s, donor.ID, "2026-11-03", 300000)
	cash := giftOf(t, s, "", "2026-11-04", 400000)
	phoned := &Donation{DonorID: donor.ID, ReceivedOn: MustDate("2026-11-05"), Amount: money.M(500000, "KZT"), Method: MethodBank, ThankedAt: Stamp(fixedNow)}
	if err := s.Donations.Create(ctx, phoned); err != nil {
		t.Fatal(err)
	}
	want := func(when string, ds ...*Donation) {
		t.Helper()
		var ids []string
		for _, d := range ds {
			ids = append(ids, d.ID)
		}
		slices.Sort(ids)
		if got := checkWaiting(t, s, when); !slices.Equal(got, ids) {
			t.Errorf("%s: %d wait, want %d", when, len(got), len(ids))
		}
	}
	want("recorded", a, b, c)
	thankYou(t, s, TemplateReceipt, donor.ID, a)
	want("after a receipt", a, b, c)
	l := thankYou(t, s, TemplateDonationThanks, donor.ID, a, b)
	want("after a thank-you letter", c)

	if err := s.Donations.Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	want("a gift in the Trash")
	if err := s.Donations.Restore(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	want("restored", c)
	if err := s.Donations.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Donations.Restore(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	want("a thanked gift restored", c)

	got, _ := s.Donations.Get(ctx, c.ID)
	got.ReceivedOn = MustDate("2026-10-30")
	if err := s.Donations.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	want("its day corrected", c)
	got, _ = s.Donations.Get(ctx, c.ID)
	got.DonorID = ""
	if err := s.Donations.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	want("its donor taken off")
	got.DonorID = donor.ID
	if err := s.Donations.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	want("its donor put back", c)

	if err := s.Letters.Delete(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	want("the letter in the Trash", a, b, c)
	if err := s.Letters.Restore(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	want("the letter restored", c)

	// A letter and then its links, in one transaction, as a bundle brings
	// them.
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	id := NewID()
	for _, q := range []string{
		"INSERT INTO letters (id, created_at, updated_at, donor_id, kind, language, created_on, status) VALUES ('" + id + "', 'x', 'x', '" + donor.ID + "', 'donation_thanks', 'ru', '2026-11-21', 'printed')",
		"INSERT INTO letter_donations (letter_id, donation_id) VALUES ('" + id + "', '" + c.ID + "')",
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(q, ": ", err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want("a letter and its links, as a bundle brings them")
	if _, err := s.db.Exec("DELETE FROM letter_donations WHERE letter_id = ?", id); err != nil {
		t.Fatal(err)
	}
	want("the links taken off", c)
	_ = cash
}

// Migration 0025 finds waiting what the old index held: a database of
// schema 24 with gifts in every state opens with the same ones waiting.
func TestTheMigrationFindsWaitingWhatWaited(t *testing.T) {
	s := newStore(t)
	donor := &Donor{DisplayName: "Ерлан Жұмабаев"}
	if err := s.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	a := giftOf(t, s, donor.ID, "2026-11-01", 100000)
	b := giftOf(t, s, donor.ID, "2026-11-02", 200000)
	giftOf(t, s, "", "2026-11-03", 300000)
	c := giftOf(t, s, donor.ID, "2026-11-04", 400000)
	if err := s.Donations.Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	undoThanksByLetter(t, s)
	// Schema 24 marked a thanked donation in its own row.
	if _, err := s.db.Exec("UPDATE donations SET thanked_at = '2026-11-10T10:00:00Z' WHERE id = ?", a.ID); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := checkWaiting(t, s, "migrated"); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("waiting after the migration: %v, want only %s", got, b.ID)
	}
}

// A regional office learns of the thanks of its cases' gifts: a letter
// from the head office that thanks a donor for gifts to a Turkestan case
// and an Almaty case goes to Shymkent with its Turkestan link (not the
// Almaty one), and the Turkestan gift waits there no more. A letter
// written in Shymkent thanks the gift at the head office.
func TestAnOfficeLearnsOfTheThanksOfItsCasesGifts(t *testing.T) {
	hq, shy, turk, almaty := offices(t)
	donor := &Donor{DisplayName: "Ерлан Жұмабаев"}
	if err := hq.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	gift := func(child *Child, day string) *Donation {
		d := &Donation{DonorID: donor.ID, ChildID: child.ID, ReceivedOn: MustDate(day), Amount: money.M(1500000, "KZT"), Method: MethodBank}
		if err := hq.Donations.Create(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a, b := gift(turk, "2026-11-02"), gift(almaty, "2026-11-03")
	c := gift(turk, "2026-11-04")
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if w, _ := shy.Unthanked(ctx); len(w) != 2 {
		t.Fatalf("Shymkent has %d gifts waiting for thanks, want its 2", len(w))
	}
	l := thankYou(t, hq, TemplateDonationThanks, donor.ID, a, b)
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	w, _ := shy.Unthanked(ctx)
	if len(w) != 1 || w[0].ID != c.ID {
		t.Errorf("in Shymkent after the head office's letter, waiting: %+v", w)
	}
	if got, err := shy.Donations.Get(ctx, a.ID); err != nil || got.LetterID != l.ID || got.ThankedAt.IsZero() {
		t.Errorf("in Shymkent the gift does not say who thanked it: %+v %v", got, err)
	}
	var almatyThere int
	shy.db.QueryRow("SELECT count(*) FROM donations WHERE id = ?", b.ID).Scan(&almatyThere)
	shy.db.QueryRow("SELECT count(*) + ? FROM letter_donations WHERE donation_id = ?", almatyThere, b.ID).Scan(&almatyThere)
	if almatyThere != 0 {
		t.Error("the Almaty gift or its link went to Shymkent")
	}
	checkWaiting(t, shy, "Shymkent")

	thankYou(t, shy, TemplateDonationThanks, donor.ID, c)
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	if w, _ := hq.Unthanked(ctx); len(w) != 0 {
		t.Errorf("at the head office after Shymkent's letter, %d wait", len(w))
	}
	checkWaiting(t, hq, "head office")
}

// A batch planned before one of its gifts went to the Trash fails whole,
// naming that gift: no letter, no link, and nothing of the batch counts as
// thanked; the other gifts still wait.
func TestABatchWithAGiftGoneMeanwhileRecordsNothing(t *testing.T) {
	s := newStore(t)
	donor := &Donor{DisplayName: "Бахыт Жұмабаев"}
	if err := s.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	a := giftOf(t, s, donor.ID, "2026-11-02", 500000)
	b := giftOf(t, s, donor.ID, "2026-11-03", 700000)
	c := giftOf(t, s, donor.ID, "2026-11-04", 900000)
	if err := s.Donations.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	l := NewLetter{Letter: Letter{DonorID: donor.ID, Kind: TemplateDonationThanks, Language: "ru"},
		PDF: []byte("%PDF-1.4 thanks"), FileName: "letter.pdf", DonationIDs: []string{a.ID, b.ID, c.ID}}
	err := s.RecordLetters(ctx, []NewLetter{l})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), b.ID) {
		t.Fatalf("a batch with a gift in the Trash: %v", err)
	}
	var letters, links int
	s.DB().QueryRow("SELECT count(*) FROM letters").Scan(&letters)
	s.DB().QueryRow("SELECT count(*) FROM letter_donations").Scan(&links)
	if letters != 0 || links != 0 {
		t.Fatalf("%d letters and %d links recorded", letters, links)
	}
	if got := checkWaiting(t, s, "after the failed batch"); len(got) != 2 {
		t.Fatalf("%d gifts wait after the failed batch, want a and c: %v", len(got), got)
	}
}
