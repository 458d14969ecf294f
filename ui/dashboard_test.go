package ui

import (
	"strings"
	"testing"

	"carebook/reports"
)

// Issue 30: the Dashboard shows a director the year's figures — the grant
// report's — and its pictures.
func TestTheDashboardShowsTheYear(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.showSectionKey("dashboard")
	p, ok := u.top().(*dashboardPage)
	if !ok {
		t.Fatalf("the Dashboard section shows %T", u.top())
	}
	if p.dash == nil {
		t.Fatal("no figures drawn")
	}
	text := textsIn(p.body)
	for _, want := range []string{"Raised for children", p.dash.Totals.Raised.Format("en"), "Donors"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Dashboard does not say %q:\n%s", want, text)
		}
	}
	for _, k := range reports.AllCharts {
		if img := p.charts[k]; img == nil || img.Image == nil {
			t.Errorf("chart %s is not drawn", k)
		}
	}
	// Another year is counted again.
	p.year.SetSelectedIndex(1)
	if p.dash.Year != s.Today().Year-1 {
		t.Errorf("after choosing last year the Dashboard shows %d", p.dash.Year)
	}
}
