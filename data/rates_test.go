package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"carebook/money"
)

// A child with quotes in EUR and KZT, donations in KZT, UZS and USD, an
// allocation and a payment, with rates entered on different days.
func TestFundingAcrossThreeCurrencies(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	rate := func(on, cur, r string) {
		mustCreate(t, s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate(on), Currency: cur, Rate: r}))
	}
	rate("2026-01-10", "EUR", "500")
	rate("2026-03-01", "EUR", "550") // the estimate of 2026-02-15 still uses 500
	rate("2026-02-01", "UZS", "0.04")
	rate("2026-02-20", "USD", "480.5")

	eur := &Estimate{ChildID: c.ID, Provider: "Klinikum", Currency: "EUR", IssuedOn: MustDate("2026-02-15"), Status: EstimateAccepted, Covered: 100000}
	mustCreate(t, s.Estimates.Create(ctx, eur))
	mustCreate(t, s.LineItems.Create(ctx, &LineItem{EstimateID: eur.ID, Description: "Operation", QuantityMilli: 1000, UnitPrice: 1000000})) // 10 000 €
	mustCreate(t, s.LineItems.Create(ctx, &LineItem{EstimateID: eur.ID, Description: "Bed-days", QuantityMilli: 10000, UnitPrice: 20000}))   // 2 000 €
	kzt := &Estimate{ChildID: c.ID, Provider: "НЦПДХ", Currency: "KZT", IssuedOn: MustDate("2026-02-16"), Status: EstimateAccepted, Rate: ""}
	mustCreate(t, s.Estimates.Create(ctx, kzt))
	mustCreate(t, s.LineItems.Create(ctx, &LineItem{EstimateID: kzt.ID, Description: "Повязки", QuantityMilli: 60000, UnitPrice: 850000})) // 510 000 ₸
	// A draft and a superseded quote do not count.
	draft := &Estimate{ChildID: c.ID, Provider: "Other", Currency: "EUR", IssuedOn: MustDate("2026-02-15"), Status: EstimateDraft}
	mustCreate(t, s.Estimates.Create(ctx, draft))
	mustCreate(t, s.LineItems.Create(ctx, &LineItem{EstimateID: draft.ID, Description: "x", QuantityMilli: 1000, UnitPrice: 99999999}))

	give := func(on string, m money.Money) {
		mustCreate(t, s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate(on), Amount: m, ChildID: c.ID}))
	}
	give("2026-03-05", money.M(100000000, "KZT"))  // 1 000 000 ₸
	give("2026-03-06", money.M(2500000000, "UZS")) // 25 000 000 сум × 0.04 = 1 000 000 ₸
	give("2026-03-07", money.M(100000, "USD"))     // 1 000 $ × 480.5 = 480 500 ₸
	mustCreate(t, s.Allocations.Create(ctx, &Allocation{ChildID: c.ID, On: MustDate("2026-03-08"), Amount: money.M(50000000, "KZT")}))
	mustCreate(t, s.Payments.Create(ctx, &Payment{ChildID: c.ID, Payee: "Klinikum", PaidOn: MustDate("2026-04-01"), Amount: money.M(500000, "EUR")})) // 5 000 € × 550

	f, err := s.Funding(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Target: (12 000 − 1 000) € × 500 = 5 500 000 ₸, plus 510 000 ₸.
	if f.Target != money.M(601000000, "KZT") {
		t.Errorf("target %v", f.Target)
	}
	// Raised: 1 000 000 + 1 000 000 + 480 500 + 500 000.
	if f.Raised != money.M(298050000, "KZT") {
		t.Errorf("raised %v", f.Raised)
	}
	if f.Gap != money.M(601000000-298050000, "KZT") || f.Surplus.Minor != 0 {
		t.Errorf("gap %v surplus %v", f.Gap, f.Surplus)
	}
	if f.Spent != money.M(275000000, "KZT") {
		t.Errorf("spent %v", f.Spent)
	}
	if f.TargetBy["EUR"] != 1100000 || f.TargetBy["KZT"] != 51000000 || f.RaisedBy["UZS"] != 2500000000 ||
		f.RaisedBy["KZT"] != 150000000 || f.SpentBy["EUR"] != 500000 {
		t.Errorf("per currency: target %v raised %v spent %v", f.TargetBy, f.RaisedBy, f.SpentBy)
	}
	if !f.Complete() || f.Percent() != 49 {
		t.Errorf("complete %v, %d%%", f.Complete(), f.Percent())
	}
	all, _ := s.FundingAll(ctx)
	if all[c.ID].Gap != f.Gap {
		t.Errorf("FundingAll disagrees: %v", all[c.ID].Gap)
	}
}

// An amount in a currency without a rate on or before its day is named, kept
// in its own currency, and left out of the base sums — never counted as 0.
func TestMissingRateIsSaidPlainly(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	mustCreate(t, s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate("2026-04-01"), Currency: "EUR", Rate: "550"}))
	mustCreate(t, s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-03-12"), Amount: money.M(10000, "EUR"), ChildID: c.ID}))
	mustCreate(t, s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-03-13"), Amount: money.M(5000000, "KZT"), ChildID: c.ID}))
	f, _ := s.Funding(ctx, c.ID)
	if f.Complete() || len(f.Missing) != 1 || f.Missing[0].Currency != "EUR" {
		t.Fatalf("missing: %+v", f.Missing)
	}
	if msg := f.Missing[0].Error(); msg != "no EUR rate on or before 12.03.2026" {
		t.Fatalf("message %q", msg)
	}
	if f.Raised != money.M(5000000, "KZT") || f.RaisedBy["EUR"] != 10000 {
		t.Fatalf("raised %v, by %v", f.Raised, f.RaisedBy)
	}
	_, _, err := s.RateOn(ctx, "EUR", MustDate("2026-03-31"))
	var mr *MissingRateError
	if !errors.As(err, &mr) {
		t.Fatalf("RateOn before the first rate: %v", err)
	}
	r, on, err := s.RateOn(ctx, "EUR", MustDate("2026-05-01"))
	if err != nil || r.FloatString(2) != "550.00" || on != MustDate("2026-04-01") {
		t.Fatalf("latest on or before: %v %v %v", r, on, err)
	}
}

func TestQuantitiesAndEstimateVersions(t *testing.T) {
	for in, want := range map[string]int64{"2": 2000, "1,5": 1500, "0.25": 250, " 14 ": 14000} {
		if got, err := ParseQuantity(in); err != nil || got != want {
			t.Errorf("ParseQuantity(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "0", "-1", "1.2345", "1e3", "abc", "2000000"} {
		if _, err := ParseQuantity(bad); err == nil {
			t.Errorf("ParseQuantity(%q) accepted", bad)
		}
	}
	if FormatQuantity(1500, "ru") != "1,5" || FormatQuantity(14000, "en") != "14" {
		t.Error("FormatQuantity")
	}
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	e := &Estimate{ChildID: c.ID, Provider: "Klinikum", Currency: "EUR", IssuedOn: MustDate("2026-02-15"), Status: EstimateAccepted}
	items := []LineItem{{Description: "Operation", QuantityMilli: 1000, UnitPrice: 900000}, {Description: "Days", QuantityMilli: 5000, UnitPrice: 20000}}
	mustCreate(t, s.SaveEstimate(ctx, e, items, false))
	if tot, _ := s.EstimateTotal(ctx, e.ID); tot != money.M(1000000, "EUR") {
		t.Fatalf("total %v", tot)
	}
	// A new version supersedes the old one; both stay, only the new counts.
	v2 := *e
	v2.SupersedesID = e.ID
	items2 := []LineItem{{Description: "Operation", QuantityMilli: 1000, UnitPrice: 950000}}
	mustCreate(t, s.SaveEstimate(ctx, &v2, items2, true))
	old, _ := s.Estimates.Get(ctx, e.ID)
	all, _ := s.Estimates.ListFor(ctx, "child_id", c.ID)
	if old.Status != EstimateSuperseded || v2.ID == e.ID || len(all) != 2 {
		t.Fatalf("versions: old %s, %d estimates", old.Status, len(all))
	}
	mustCreate(t, s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate("2026-01-01"), Currency: "EUR", Rate: "500"}))
	f, _ := s.Funding(ctx, c.ID)
	if f.Target != money.M(475000000, "KZT") {
		t.Fatalf("target after the new version: %v", f.Target)
	}
	// A bad line names its index and nothing is saved.
	e3 := &Estimate{ChildID: c.ID, Provider: "X", Currency: "KZT", IssuedOn: MustDate("2026-02-15")}
	err := s.SaveEstimate(ctx, e3, []LineItem{{Description: "ok", QuantityMilli: 1000, UnitPrice: 1}, {Description: "", QuantityMilli: 1000}}, false)
	var le *LineError
	if !errors.As(err, &le) || le.Index != 1 || e3.ID != "" {
		t.Fatalf("bad line: %v, id %q", err, e3.ID)
	}
	if all, _ := s.Estimates.ListFor(ctx, "child_id", c.ID); len(all) != 2 {
		t.Fatalf("a failed save left an estimate: %d", len(all))
	}
}

func TestImportRates(t *testing.T) {
	s := newStore(t)
	n, probs, err := s.ImportRates(ctx, strings.NewReader("date;currency;rate\n01.03.2026;EUR;550,25\n2026-03-01;usd;503.1\n"), "НБРК")
	if err != nil || n != 2 || len(probs) != 0 {
		t.Fatalf("%d %v %v", n, probs, err)
	}
	// Again with a new value: replaced, not doubled.
	s.ImportRates(ctx, strings.NewReader("01.03.2026;EUR;551\n"), "НБРК")
	rates, _ := s.ExchangeRates.All(ctx)
	if len(rates) != 2 || rates[0].Rate != "551" {
		t.Fatalf("rates %+v", rates)
	}
	_, probs, _ = s.ImportRates(ctx, strings.NewReader("01.03.2026;EUR;0\n02.03.2026;XYZ;5\n31.02.2026;EUR;5\n"), "")
	if len(probs) != 3 || probs[2].Line != 3 || probs[0].Err.Code != CodeBadRate || probs[1].Err.Code != CodeUnknownCurrency ||
		!strings.HasPrefix(probs[2].String(), "line 3:") {
		t.Fatalf("problems %v", probs)
	}
}

// The funding of every child is each live child's own picture (the same as
// asked one by one), and a child put in the trash has none.
func TestFundingOfEveryChildLeavesOutTheTrash(t *testing.T) {
	s := newStore(t)
	kept := newChild(t, s, "Аружан", "Омарова")
	binned := newChild(t, s, "Тимур", "Ахметов")
	for _, c := range []*Child{kept, binned} {
		mustCreate(t, s.Donations.Create(ctx, &Donation{ChildID: c.ID, ReceivedOn: MustDate("2026-03-05"), Amount: money.M(1000000, "KZT")}))
		mustCreate(t, s.Payments.Create(ctx, &Payment{ChildID: c.ID, Payee: "Клиника", PaidOn: MustDate("2026-03-06"), Amount: money.M(400000, "KZT")}))
	}
	if err := s.Children.Delete(ctx, binned.ID); err != nil {
		t.Fatal(err)
	}
	all, err := s.FundingAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := all[binned.ID]; f != nil {
		t.Errorf("a child in the trash has funding: raised %v", f.Raised)
	}
	one, _ := s.Funding(ctx, kept.ID)
	if f := all[kept.ID]; f == nil || f.Raised != one.Raised || f.Spent != one.Spent || f.Raised != money.M(1000000, "KZT") {
		t.Errorf("every child's funding says %+v, the child's own %+v", f, one)
	}
}

// The case numbers of every live case come in the list's order (year, then
// number), the same cases the list shows.
func TestCaseNumbersAreTheListsCases(t *testing.T) {
	s := newStore(t)
	for _, n := range []string{"Аружан", "Тимур", "Дана"} {
		newChild(t, s, n, "Омарова")
	}
	binned := newChild(t, s, "Ерлан", "Ахметов")
	if err := s.Children.Delete(ctx, binned.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := s.ListChildSummaries(ctx, ChildFilter{})
	refs, err := s.CaseNumbers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != len(list) || len(refs) != 3 {
		t.Fatalf("%d case numbers, %d in the list", len(refs), len(list))
	}
	for i := range refs {
		if refs[i].ID != list[i].ID || refs[i].CaseNumber != list[i].CaseNumber {
			t.Errorf("case %d: %+v, the list %s %s", i, refs[i], list[i].ID, list[i].CaseNumber)
		}
	}
}

// Every recorded donation comes with its donor's name (how a statement's
// payer is matched with a donation entered by hand), and with its payer as
// the statement wrote it.
func TestRecordedDonationsNameTheirDonors(t *testing.T) {
	s := newStore(t)
	bota := &Donor{Kind: DonorPerson, DisplayName: "Бота Сейітқызы"}
	mustCreate(t, s.Donors.Create(ctx, bota))
	mustCreate(t, s.Donations.Create(ctx, &Donation{DonorID: bota.ID, ReceivedOn: MustDate("2026-03-05"), Amount: money.M(500000, "KZT"), Method: MethodCash}))
	mustCreate(t, s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-03-06"), Amount: money.M(700000, "KZT"), Method: MethodBank, Payer: "Иванова Мария"}))
	got := map[string]string{}
	err := s.EachRecordedDonation(ctx, func(r RecordedDonation) error {
		got[r.ReceivedOn.String()] = r.Payer + "/" + r.DonorName
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got["2026-03-05"] != "/Бота Сейітқызы" || got["2026-03-06"] != "Иванова Мария/" || len(got) != 2 {
		t.Fatalf("recorded: %v", got)
	}
}

// A transaction marked all or nothing opens no savepoints inside, and is
// still all or nothing: an error anywhere in it leaves nothing behind.
func TestAnAllOrNothingTransactionLeavesNothingOnAnError(t *testing.T) {
	s := newStore(t)
	boom := errors.New("stopped half way")
	err := s.InTx(ctx, func(ctx context.Context) error {
		ctx = AllOrNothing(ctx)
		mustCreate(t, s.Children.Create(ctx, &Child{FirstName: "Аружан", LastName: "Омарова", BirthDate: MustDate("2019-05-01"),
			Region: "Алматы", Diagnosis: "ОЛЛ", Program: "Онкология"}))
		return s.WriteMany(ctx, func(ctx context.Context, w *ImportWriter) error {
			if err := w.AddDonation(&Donation{ReceivedOn: MustDate("2026-03-05"), Amount: money.M(500000, "KZT"), Method: MethodCash}); err != nil {
				return err
			}
			return boom
		})
	})
	if !errors.Is(err, boom) {
		t.Fatalf("the transaction ended with %v", err)
	}
	kids, _ := s.ListChildSummaries(ctx, ChildFilter{})
	gifts, _ := s.Donations.All(ctx)
	if len(kids) != 0 || len(gifts) != 0 {
		t.Fatalf("after the error: %d children, %d donations", len(kids), len(gifts))
	}
}
