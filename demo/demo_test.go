package demo

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/money"
)

var ctx = context.Background()

func TestDemoIsBelievable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := Create(ctx, path, Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kids, _ := s.ListChildren(ctx, data.ChildFilter{})
	if len(kids) < 3 {
		t.Fatalf("%d demo children", len(kids))
	}
	statuses := map[data.Status]bool{}
	for _, c := range kids {
		statuses[c.Status] = true
	}
	if len(statuses) < 4 {
		t.Fatalf("demo cases are at too few statuses: %v", statuses)
	}
	// The three kinds of case, each with guardian, consents, journey,
	// estimates in two currencies, donations and PDF and JPEG documents.
	for _, q := range []string{"Мұратбекова", "Rahimova", "Ким Даниил"} {
		found, _ := s.ListChildren(ctx, data.ChildFilter{Search: q})
		if len(found) != 1 {
			t.Fatalf("%s: found %d", q, len(found))
		}
		c := found[0]
		gs, _ := s.Guardians.ListFor(ctx, "child_id", c.ID)
		cons, _ := s.Consents.ListFor(ctx, "child_id", c.ID)
		evs, _ := s.JourneyEvents.ListFor(ctx, "child_id", c.ID)
		ests, _ := s.Estimates.ListFor(ctx, "child_id", c.ID)
		docs, _ := s.Documents.ListFor(ctx, "child_id", c.ID)
		dons, _ := s.Donations.ListFor(ctx, "child_id", c.ID)
		currencies := map[string]bool{}
		for _, e := range ests {
			currencies[e.Currency] = true
		}
		types := map[string]bool{}
		for _, d := range docs {
			types[d.MediaType] = true
			if d.IsPDF() {
				if n, err := s.PDFPages(&d); err != nil || n != 1 {
					t.Fatalf("%s: %d pages, %v", d.FileName, n, err)
				}
			}
			if d.IsImage() {
				if _, err := s.DocumentImage(&d); err != nil {
					t.Fatalf("%s: %v", d.FileName, err)
				}
			}
			f, err := s.OpenFile(&d)
			if err != nil {
				t.Fatalf("%s: document %s not stored: %v", q, d.FileName, err)
			}
			n, _ := io.Copy(io.Discard, f)
			f.Close()
			if n != d.Size {
				t.Fatalf("%s: document %s reads back %d bytes of %d", q, d.FileName, n, d.Size)
			}
			// Issue 26: on disk the papers are encrypted, never a PDF,
			// JPEG or PNG anyone can open.
			raw, _ := os.ReadFile(s.BlobPath(d.SHA256))
			for _, magic := range []string{"%PDF", "\xff\xd8\xff", "\x89PNG"} {
				if strings.HasPrefix(string(raw), magic) {
					t.Fatalf("%s: %s is stored in the clear", q, d.FileName)
				}
			}
		}
		if len(gs) == 0 || len(cons) < 2 || len(evs) < 3 || len(currencies) < 2 || len(dons) < 3 ||
			!types["application/pdf"] || !types["image/jpeg"] || c.PhotoID == "" {
			t.Fatalf("%s is thin: %d guardians, %d consents, %d events, currencies %v, %d donations, types %v, photo %q",
				q, len(gs), len(cons), len(evs), currencies, len(dons), types, c.PhotoID)
		}
	}
	donors, _ := s.Donors.All(ctx)
	var anon, org bool
	for _, d := range donors {
		anon = anon || d.Anonymous
		org = org || d.Kind == data.DonorOrganization
	}
	if !anon || !org {
		t.Fatalf("want an anonymous donor and an organisation: %v %v", anon, org)
	}
	rates, _ := s.ExchangeRates.All(ctx)
	if len(rates) < 10 {
		t.Fatalf("%d exchange rates", len(rates))
	}
	if problems, err := s.CheckIntegrity(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("integrity: %v %v", problems, err)
	}
}

func TestDemoRefusesExistingFileWithoutForce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := Create(ctx, path, Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err = Create(ctx, path, Options{}, false)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second build without --force: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("the refused build changed the file")
	}
	// --force replaces it: the same number of children, never doubled.
	s, err = Create(ctx, path, Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kids, _ := s.ListChildren(ctx, data.ChildFilter{})
	if len(kids) != 7 {
		t.Fatalf("after --force: %d children, want the 7 demo cases once", len(kids))
	}
}

func TestDemoForceNeverReplacesAForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "thesis.docx")
	os.WriteFile(path, []byte("my thesis"), 0o600)
	if _, err := Create(ctx, path, Options{}, true); err == nil {
		t.Fatal("--force replaced a file that is not a Carebook database")
	}
	if b, _ := os.ReadFile(path); string(b) != "my thesis" {
		t.Fatal("the file was changed")
	}
}

func TestSyntheticChildren(t *testing.T) {
	s, err := Create(ctx, filepath.Join(t.TempDir(), "demo.db"), Options{Children: 200, Seed: 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kids, _ := s.ListChildren(ctx, data.ChildFilter{})
	if len(kids) != 207 {
		t.Fatalf("%d children", len(kids))
	}
	statuses, regions := map[data.Status]int{}, map[string]int{}
	for _, c := range kids {
		statuses[c.Status]++
		regions[c.Region]++
	}
	if len(statuses) < 8 || len(regions) < 10 || statuses[data.StatusClosed] < 30 {
		t.Fatalf("spread too narrow: statuses %v, %d regions", statuses, len(regions))
	}
}

// A large foundation for measuring: the donations asked for, from a pool
// of donors, part earmarked, with allocations and payments, and every
// child's money picture computable.
func TestSyntheticDonations(t *testing.T) {
	s, err := Create(ctx, filepath.Join(t.TempDir(), "demo.db"), Options{Children: 100, Donations: 2000, Seed: 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plain, err := Create(ctx, filepath.Join(t.TempDir(), "plain.db"), Options{Children: 100, Seed: 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	n, _ := s.Donations.Count(ctx)
	before, _ := plain.Donations.Count(ctx)
	donors, _ := s.Donors.Count(ctx)
	allocs, _ := s.Allocations.Count(ctx)
	pays, _ := s.Payments.Count(ctx)
	if n != before+2000 || donors < 400 || allocs < 50 || pays < 25 {
		t.Fatalf("%d donations (%d without), %d donors, %d allocations, %d payments", n, before, donors, allocs, pays)
	}
	all, err := s.FundingAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	earmarked := 0
	for _, f := range all {
		if f.Raised.Minor > 0 {
			earmarked++
		}
	}
	if earmarked < 40 {
		t.Fatalf("only %d children raised money", earmarked)
	}
	// The sums (made by SQL) agree with every amount converted and added
	// one by one, in each currency and in the base currency.
	rates, _ := s.LoadRates(ctx)
	dons, _ := s.Donations.All(ctx)
	allAllocs, _ := s.Allocations.All(ctx)
	raised, by := map[string]int64{}, map[string]map[string]int64{}
	count := func(child string, m money.Money, day data.Date) {
		if child == "" {
			return
		}
		b, err := rates.ToBase(m, day, "")
		if err != nil {
			t.Fatal(err)
		}
		raised[child] += b.Minor
		if by[child] == nil {
			by[child] = map[string]int64{}
		}
		by[child][m.Currency] += m.Minor
	}
	for _, d := range dons {
		count(d.ChildID, d.Amount, d.ReceivedOn)
	}
	for _, a := range allAllocs {
		count(a.ChildID, a.Amount, a.On)
	}
	foreign := 0
	for child, want := range raised {
		f := all[child]
		if f == nil || f.Raised.Minor != want || len(f.RaisedBy) != len(by[child]) {
			t.Fatalf("%s: raised %v by SQL, %d one by one", child, f, want)
		}
		for code, minor := range by[child] {
			if f.RaisedBy[code] != minor {
				t.Fatalf("%s: %s %d by SQL, %d one by one", child, code, f.RaisedBy[code], minor)
			}
			if code != "KZT" {
				foreign++
			}
		}
	}
	if foreign == 0 {
		t.Fatal("no donation in another currency: the conversion is not tested")
	}
}
