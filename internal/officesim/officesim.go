// Package officesim is the random work of a foundation's offices, for the
// tests that check that offices which edit on their own and exchange in any
// order end up holding the same: through bundles (package data) and through
// the hub.
package officesim

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"carebook/data"
	"carebook/data/exchange"
	"carebook/money"
)

// Office is one office's database and the regions it serves.
type Office struct {
	Code    string
	Store   *data.Store
	Regions []string
}

// Work is one thing a volunteer of office o does, chosen by rnd: a case
// opened, edited, moved, trashed or restored; a gift recorded; an estimate
// or a line of one; a paper attached, trashed and the Trash emptied; the
// settings saved; a donor thanked; a conflict resolved. n numbers what it
// makes.
func Work(t testing.TB, rnd *rand.Rand, o Office, n int) {
	t.Helper()
	s := o.Store
	ctx := t.Context()
	mustDo := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	kids, err := s.ListChildSummaries(ctx, data.ChildFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Picked in an order of their own (the case number as text), so that a
	// seed's random work does not change with the list's display order.
	slices.SortFunc(kids, func(a, b data.ChildSummary) int { return strings.Compare(a.CaseNumber, b.CaseNumber) })
	var kid *data.Child
	if len(kids) > 0 {
		kid, _ = s.Children.Get(ctx, kids[rnd.Intn(len(kids))].ID)
	}
	if n%5 == 4 { // now and then, a donor thanked
		defer thank(t, rand.New(rand.NewSource(int64(n))), o, n)
	}
	switch op := rnd.Intn(20); {
	case op < 2 || kid == nil:
		mustDo(s.Children.Create(ctx, &data.Child{FirstName: "Жаңа", LastName: "Бала", Region: o.Regions[rnd.Intn(len(o.Regions))], BirthDate: data.MustDate("2017-02-03")}))
	case op < 7:
		switch rnd.Intn(3) {
		case 0:
			kid.Settlement = fmt.Sprintf("ауыл %d", rnd.Intn(50))
		case 1:
			kid.Diagnosis = fmt.Sprintf("диагноз %s %d", o.Code, rnd.Intn(50))
		case 2:
			kid.Story = fmt.Sprintf("оқиға %d", rnd.Intn(50))
		}
		mustDo(s.Children.Update(ctx, kid))
	case op < 8:
		_ = s.ChangeStatus(ctx, kid.ID, []data.Status{data.StatusDocuments, data.StatusOnHold}[rnd.Intn(2)], "", "тексеру")
	case op < 9:
		_ = s.Children.Delete(ctx, kid.ID)
	case op < 10:
		if trash, _ := s.Children.Trashed(ctx); len(trash) > 0 {
			_ = s.Children.Restore(ctx, trash[rnd.Intn(len(trash))].ID)
		}
	case op < 12: // a gift, from a new donor or a known one, to the case or the general fund
		donor := &data.Donor{DisplayName: fmt.Sprintf("Донор %s %d", o.Code, n)}
		if ds, _ := s.Donors.All(ctx); len(ds) > 0 && rnd.Intn(2) == 0 {
			donor = &ds[rnd.Intn(len(ds))]
		} else {
			mustDo(s.Donors.Create(ctx, donor))
		}
		d := &data.Donation{DonorID: donor.ID, ReceivedOn: data.MustDate("2026-11-02"), Amount: money.M(int64(1000+rnd.Intn(9000))*100, "KZT"), Method: data.MethodBank}
		if rnd.Intn(3) > 0 {
			d.ChildID = kid.ID
		}
		mustDo(s.Donations.Create(ctx, d))
	case op < 13:
		e := &data.Estimate{ChildID: kid.ID, Provider: "Клиника", Title: fmt.Sprintf("Смета %d", n), Currency: "KZT", IssuedOn: data.MustDate("2026-10-01"), Status: data.EstimateDraft}
		mustDo(s.Estimates.Create(ctx, e))
		mustDo(s.LineItems.Create(ctx, &data.LineItem{EstimateID: e.ID, Position: 1, Description: "Операция", QuantityMilli: 1000, UnitPrice: 1_000_000_00}))
	case op < 14: // a line's price changed (a guarded money field)
		if lines, _ := s.LineItems.All(ctx); len(lines) > 0 {
			l := lines[rnd.Intn(len(lines))]
			l.UnitPrice = int64(1+rnd.Intn(90)) * 1_000_000
			_ = s.LineItems.Update(ctx, &l)
		}
	case op < 15: // a paper attached, trashed, and the Trash emptied now and then
		doc := &data.Document{ChildID: kid.ID, Kind: data.DocTestResult, Title: "Анализ", FileName: "анализ.pdf", IssuedOn: data.MustDate("2026-02-01")}
		mustDo(s.AttachFile(ctx, doc, strings.NewReader(fmt.Sprintf("%%PDF-1.4 анализ %s %d", o.Code, n)), 0))
		if rnd.Intn(2) == 0 {
			mustDo(s.Documents.Delete(ctx, doc.ID))
		}
		if rnd.Intn(3) == 0 {
			if _, _, err := s.PurgeTrashedDocuments(ctx); err != nil {
				t.Fatal(err)
			}
		}
	case op < 16: // settings: the foundation's (head office) and this computer's own
		st, _ := s.Settings(ctx)
		st.BackupFolder = "/media/" + o.Code
		if o.Code == "HQ" {
			st.PaymentLink = fmt.Sprintf("https://meyirim.example/pay/%d", n)
		}
		mustDo(s.SaveSettings(ctx, st))
	default: // a conflict resolved: the value shown, or the other one
		cs, _ := s.Conflicts(ctx, true)
		if len(cs) == 0 {
			break
		}
		c := cs[rnd.Intn(len(cs))]
		value := c.Current
		if c.Kind == exchange.ConflictDeleted {
			value = []string{"keep", "delete"}[rnd.Intn(2)]
		} else if rnd.Intn(2) == 0 {
			value = c.A.Value
			if value == c.Current {
				value = c.B.Value
			}
		}
		if err := s.ResolveConflict(ctx, c.ID, value); err != nil && !errors.Is(err, data.ErrNotFound) && len(data.FieldErrors(err)) == 0 {
			t.Fatalf("%s resolving %s to %q: %v", o.Code, c.Field, value, err)
		}
	}
}

// thank writes a thank-you letter for up to three gifts of one donor that
// wait for thanks in o. It draws from a random source of its own, so that
// the rest of the work a seed makes is the same with letters or without.
func thank(t testing.TB, rnd *rand.Rand, o Office, n int) {
	t.Helper()
	s, ctx := o.Store, t.Context()
	waiting, err := s.Unthanked(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) == 0 {
		return
	}
	donor := waiting[rnd.Intn(len(waiting))].DonorID
	l := data.NewLetter{Letter: data.Letter{DonorID: donor, Kind: data.TemplateDonationThanks, Language: "ru"},
		PDF: []byte(fmt.Sprintf("%%PDF-1.4 рахмет %s %d", o.Code, n)), FileName: "рахмет.pdf"}
	child := "-"
	for _, d := range waiting {
		if d.DonorID == donor && len(l.DonationIDs) < 3 {
			l.DonationIDs = append(l.DonationIDs, d.ID)
			if child != "-" && child != d.ChildID {
				child = ""
			} else {
				child = d.ChildID
			}
		}
	}
	if c, err := s.Children.Get(ctx, child); err == nil && !c.Deleted() {
		l.Letter.ChildID = child // the letter's copy goes among the case's papers
	}
	if err := s.RecordLetters(ctx, []data.NewLetter{l}); err != nil {
		t.Fatal(err)
	}
}

// OpenFields are the (row key, field) pairs of s with a conflict open.
func OpenFields(t testing.TB, s *data.Store) map[string]bool {
	t.Helper()
	cs, err := s.Conflicts(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range cs {
		if c.Kind == exchange.ConflictField {
			out[c.RowKey+" "+c.Field] = true
		}
	}
	return out
}

// ThanksDiffer lists the gifts office holds, with no conflict open about
// them in either database, that wait for thanks in one and not the other.
func ThanksDiffer(t testing.TB, hq, office *data.Store) []string {
	t.Helper()
	ctx := t.Context()
	waiting := func(s *data.Store) map[string]bool {
		ds, err := s.Unthanked(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, d := range ds {
			m[d.ID] = true
		}
		return m
	}
	disputed := map[string]bool{}
	for _, s := range []*data.Store{hq, office} {
		cs, err := s.Conflicts(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			disputed[c.RowKey] = true
		}
	}
	here, there := waiting(hq), waiting(office)
	held, err := office.Donations.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range held {
		if !disputed[d.ID] && here[d.ID] != there[d.ID] {
			out = append(out, fmt.Sprintf("%s (%s): waits at the head office %v, here %v", d.ID, d.ReceivedOn, here[d.ID], there[d.ID]))
		}
	}
	return out
}
