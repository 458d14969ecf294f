package reports

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"carebook/data"
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
		Amount: data.M(5_000_000, "KZT"), Method: data.MethodCash}))
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
	must(t, s.Donations.Create(ctx, &data.Donation{ChildID: c.ID, ReceivedOn: data.MustDate("2026-03-01"), Amount: data.M(100000, "KZT"), Method: data.MethodCash}))
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
