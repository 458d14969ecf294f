package reports

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
)

var writeCharts = flag.Bool("write-charts", false, "write the Dashboard's charts of the demo as PNG into a temporary folder, to look at")

// Issue 30: the Dashboard's figures are the grant report's for the same
// year — what a director sees is what the sponsor reads — and its money per
// month adds up to the year's donations as the grant report counts them.
func TestDashboardFiguresAreTheGrantReports(t *testing.T) {
	s := demoStore(t)
	year := s.Today().Year
	d, err := DashboardData(ctx, s, year, printed)
	if err != nil {
		t.Fatal(err)
	}
	from, to := yearSpan(year)
	var pdf bytes.Buffer
	if err := Grant(ctx, s, GrantOptions{Lang: "en", From: from, To: to, Now: printed, Edition: Internal}, &pdf, nil); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
	for name, m := range map[string]string{
		"raised":       d.Totals.Raised.Format("en"),
		"spent":        d.Totals.Spent.Format("en"),
		"general fund": d.Totals.GeneralFund.Format("en"),
	} {
		if d.Totals.Raised.Minor == 0 {
			t.Fatal("the demo raised nothing this year: the test proves nothing")
		}
		if !strings.Contains(text, m) {
			t.Errorf("the Dashboard's %s, %s, is not in the grant report", name, m)
		}
	}
	// Donations per month: to children and to the general fund. The grant
	// report's "raised" also holds the general fund's money allocated to a
	// child, which was a donation to the fund first.
	var months, allocated int64
	for _, v := range d.ThisYear {
		months += v
	}
	rates, _ := s.LoadRates(ctx)
	s.MoneySums(ctx, data.MoneyAllocations, d.Base, from, to, func(m data.MoneySum) {
		if b, err := rates.ToBase(m.Amount, m.Day, ""); err == nil {
			allocated += b.Minor
		}
	})
	if want := d.Totals.Raised.Minor - allocated + d.Totals.GeneralFund.Minor; months != want {
		t.Errorf("donations per month add up to %d, the grant report's donations to %d", months, want)
	}
	if n := d.ByStatus[data.StatusFundraising]; n == 0 {
		t.Errorf("no case in Fundraising on the demo: %v", d.ByStatus)
	}
	if len(d.GapByProgram) == 0 || d.DonorsNew+d.DonorsReturning == 0 {
		t.Errorf("gap per program %v, donors %d new and %d returning", d.GapByProgram, d.DonorsNew, d.DonorsReturning)
	}
}

// Each chart draws in every language, its letters from Noto Sans.
func TestChartsDrawInEveryLanguage(t *testing.T) {
	s := demoStore(t)
	d, err := DashboardData(ctx, s, s.Today().Year, printed)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if *writeCharts {
		dir, _ = os.MkdirTemp("", "charts-")
		t.Logf("charts in %s", dir)
	}
	for _, lang := range []string{"en", "ru", "kk", "uz"} {
		for _, kind := range AllCharts {
			b, err := ChartPNG(kind, d, lang, 800, 420)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, lang, err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() != 800 || img.Bounds().Dy() != 420 {
				t.Fatalf("%s %s: %v %v", kind, lang, err, img.Bounds())
			}
			os.WriteFile(filepath.Join(dir, kind+"-"+lang+".png"), b, 0o644)
		}
	}
	// A year with nothing at all draws too (it says so).
	empty, err := DashboardData(ctx, s, 2001, printed)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range AllCharts {
		if _, err := Chart(kind, empty, "ru", 400, 300); err != nil {
			t.Errorf("%s of an empty year: %v", kind, err)
		}
	}
}
