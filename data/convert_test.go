package data_test

import (
	"context"
	"path/filepath"
	"testing"

	"carebook/demo"
	"carebook/money"
)

// Issue 29: every donation of a foundation (the demo's, with two thousand
// synthetic ones in several currencies) converts to the base currency at
// its day's rate exactly as the rational rule converts it.
func TestEveryDonationConvertsAsTheRationalRuleDoes(t *testing.T) {
	ctx := context.Background()
	s, err := demo.Create(ctx, filepath.Join(t.TempDir(), "demo.db"), demo.Options{Children: 200, Donations: 2000, Seed: 6}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rates, err := s.LoadRates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Settings(ctx)
	dons, err := s.Donations.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	converted := 0
	for _, d := range dons {
		got, err := rates.ToBase(d.Amount, d.ReceivedOn, "")
		r, _, rerr := s.RateOn(ctx, d.Amount.Currency, d.ReceivedOn)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("%v on %v: %v / %v", d.Amount, d.ReceivedOn, err, rerr)
		}
		if err != nil {
			continue
		}
		want, _ := money.Convert(d.Amount, r, st.BaseCurrency)
		if got != want {
			t.Fatalf("%v on %v: %v, the rational rule %v", d.Amount, d.ReceivedOn, got, want)
		}
		if d.Amount.Currency != st.BaseCurrency {
			converted++
		}
	}
	if converted < 50 {
		t.Fatalf("only %d donations in another currency", converted)
	}
}
