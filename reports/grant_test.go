package reports

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"carebook/data"
	"carebook/money"
)

// grantBoth writes a grant report over every date and returns the PDF's
// text, its page count and the CSV.
func grantBoth(t *testing.T, s *data.Store, o GrantOptions) (string, int, string) {
	t.Helper()
	o.From, o.To, o.Lang, o.Now = data.MustDate("2000-01-01"), data.MustDate("2026-12-31"), "ru", printed
	var pdf, csvb bytes.Buffer
	must(t, Grant(ctx, s, o, &pdf, &csvb))
	return pdfText(t, pdf.Bytes()), pageCount(t, pdf.Bytes()), csvb.String()
}

// Item 8: the grant report for sponsors shows a child's name, region and
// diagnosis only as far as the family consented; its counts and sums still
// include every child. The internal edition shows everything and says so
// on every page.
func TestPublicGrantReportShowsOnlyWhatConsentAllows(t *testing.T) {
	s := demoStore(t)
	// Case 2026-004 (no consent to publish anything) gets money in the period.
	must(t, s.Donations.Create(ctx, &data.Donation{ChildID: childID(t, s, "2026-004"), ReceivedOn: data.MustDate("2026-03-01"),
		Amount: money.M(5_000_000, "KZT"), Method: data.MethodCash}))
	text, _, csvText := grantBoth(t, s, GrantOptions{})
	all := text + csvText
	for _, private := range []string{"Қайрат", "Бекжанов", "Жамбыл", "церебральный", // 2026-004: no publish consent
		"Аружан", "Мұратбекова"} { // 2026-001: story and photo, not the name
		if strings.Contains(all, private) {
			t.Errorf("the public grant report shows %q", private)
		}
	}
	for _, public := range []string{"2026-004", "Rahimova Oʻgʻiloy", "Түркістан облысы", "буллёзный эпидермолиз"} {
		if !strings.Contains(all, public) {
			t.Errorf("the public grant report lacks %q", public)
		}
	}
	pub, _, _ := GrantData(ctx, s, GrantOptions{From: data.MustDate("2000-01-01"), To: data.MustDate("2026-12-31")})
	intRows, intTot, _ := GrantData(ctx, s, GrantOptions{From: data.MustDate("2000-01-01"), To: data.MustDate("2026-12-31"), Edition: Internal})
	_, pubTot, _ := GrantData(ctx, s, GrantOptions{From: data.MustDate("2000-01-01"), To: data.MustDate("2026-12-31")})
	if len(pub) != len(intRows) || pubTot.Raised != intTot.Raised || pubTot.Children != intTot.Children {
		t.Fatalf("the public edition counts differently: %d/%d rows, %v/%v raised", len(pub), len(intRows), pubTot.Raised, intTot.Raised)
	}

	text, pages, csvText := grantBoth(t, s, GrantOptions{Edition: Internal})
	for _, w := range []string{"Бекжанов Қайрат", "Жамбыл облысы", "Мұратбекова Аружан"} {
		if !strings.Contains(text+csvText, w) {
			t.Errorf("the internal edition lacks %q", w)
		}
	}
	marked := 0
	for _, page := range strings.Split(strings.TrimRight(text, "\f"), "\f") {
		if strings.Contains(page, "Внутренняя версия") {
			marked++
		}
	}
	if marked != pages {
		t.Errorf("the internal mark is on %d of %d pages", marked, pages)
	}
	if !strings.Contains(strings.SplitN(csvText, "\n", 2)[0], "Внутренняя версия") {
		t.Error("the internal CSV does not say so at the top")
	}
}

// Item 8: a cell that Excel would take for a formula is neutralised as
// OWASP recommends (a leading apostrophe), in every text column.
func TestGrantCSVNeutralisesFormulas(t *testing.T) {
	s := demoStore(t)
	c := &data.Child{FirstName: "Анна", LastName: "Смирнова", BirthDate: data.MustDate("2015-01-01"),
		Program: "=HYPERLINK(\"http://x.example\",\"click\")", Region: "@SUM(1+1)", Diagnosis: "+7 701 000 00 00", Settlement: "-2+3"}
	must(t, s.Children.Create(ctx, c))
	must(t, s.Donations.Create(ctx, &data.Donation{ChildID: c.ID, ReceivedOn: data.MustDate("2026-03-01"), Amount: money.M(100000, "KZT"), Method: data.MethodCash}))
	_, _, csvText := grantBoth(t, s, GrantOptions{Edition: Internal})
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff")))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would be a formula", cell)
			}
			if cell == "'=HYPERLINK(\"http://x.example\",\"click\")" || cell == "'@SUM(1+1)" {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("the neutralised cells are missing")
	}
}

// Issue 23, item 6: consent is judged on the day a public output is
// printed. The family withdrew the consent to publish the name (and story
// and photo) in June; a grant report printed in November for the first
// five months, when the consent still stood, must not name the child, nor
// may the public journey, the appeal or the letters printed after it.
func TestAWithdrawnConsentHidesTheChildFromEveryLaterPrint(t *testing.T) {
	s := demoStore(t)
	id := childID(t, s, "2026-002") // Rahimova Oʻgʻiloy: every consent given
	cons, err := s.Consents.ListFor(ctx, "child_id", id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cons {
		switch cons[i].Kind {
		case data.ConsentPublishName, data.ConsentPublishStory, data.ConsentPublishPhoto:
			cons[i].WithdrawnOn = data.MustDate("2026-06-01")
			must(t, s.Consents.Update(ctx, &cons[i]))
		}
	}
	hidden := []string{"Rahimova", "Jasurovna"}
	check := func(what, text string) {
		t.Helper()
		for _, w := range hidden {
			if strings.Contains(text, w) {
				t.Errorf("%s printed after the withdrawal shows %q", what, w)
			}
		}
	}
	for _, period := range [][2]string{{"2026-01-01", "2026-05-31"}, {"2000-01-01", "2026-12-31"}, {"2026-06-01", "2026-11-21"}} {
		var pdf, csvb bytes.Buffer
		must(t, Grant(ctx, s, GrantOptions{From: data.MustDate(period[0]), To: data.MustDate(period[1]), Lang: "ru", Now: printed}, &pdf, &csvb))
		check("the public grant report for "+period[0]+"–"+period[1], pdfText(t, pdf.Bytes())+csvb.String())
		if !strings.Contains(csvb.String(), "2026-002") {
			t.Errorf("the grant report for %v no longer counts the case", period)
		}
	}
	var journey bytes.Buffer
	must(t, Journey(ctx, s, id, JourneyOptions{Lang: "ru", Edition: Public, Now: printed}, &journey))
	check("the public journey", pdfText(t, journey.Bytes()))
	var appeal bytes.Buffer
	if err := Appeal(ctx, s, id, AppealOptions{Lang: "ru", Now: printed}, &appeal); err == nil {
		check("the appeal", pdfText(t, appeal.Bytes()))
	} else if _, ok := err.(*ErrNoStoryConsent); !ok {
		t.Fatal(err)
	}
	plan, err := PlanLetters(ctx, s, yearOptions(data.TemplateDonationThanks))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Settings(ctx)
	for _, pl := range plan.Letters {
		b, err := renderLetter(ctx, s, st, data.TemplateDonationThanks, pl, printed, 0)
		if err != nil {
			t.Fatal(err)
		}
		check("the letter to "+pl.Donor.DisplayName, pdfText(t, b))
	}
}
