package reports

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"carebook/data"
	"carebook/internal/vocab"
	"carebook/money"
)

// GrantOptions choose a grant report: a period and filters.
type GrantOptions struct {
	Lang      string
	From, To  data.Date
	Program   string
	Region    string
	Diagnosis string // a word of the diagnosis (folded match)
	Status    data.Status
	Now       time.Time
	// Edition: Public (the default) prints a child's name, region and
	// diagnosis only as far as the family consented; Internal prints all
	// and says so on every page.
	Edition Edition
}

// GrantRow is one case of a grant report.
type GrantRow struct {
	Child     data.ChildSummary
	Name      string // as the edition and consent allow ("" : not to be printed)
	Region    string // likewise
	Diagnosis string // likewise
	Raised    money.Money
	Spent     money.Money
	RaisedBy  map[string]int64
	SpentBy   map[string]int64
	ClosedAs  data.Outcome // closed in the period with this outcome
	Activity  bool
}

// GrantTotals are the sums of a grant report.
type GrantTotals struct {
	Base           string
	Children       int // cases with activity in the period
	Helped         int // cases the foundation paid for in the period
	Raised, Spent  money.Money
	RaisedBy       map[string]int64
	SpentBy        map[string]int64
	GeneralFundBy  map[string]int64 // donations to the general fund (only without filters)
	GeneralFund    money.Money
	Outcomes       map[data.Outcome]int
	Missing        []data.MissingRateError
	ByProgram      map[string][2]int64 // raised, spent in base minor units
	ChildrenByArea map[string]int
}

// GrantData computes the rows and totals of a grant report: the cases that
// match the filters and had money or journey events in the period, with the
// money raised (earmarked donations and allocations) and spent (payments)
// in the period, per currency and converted at the rate of each day.
func GrantData(ctx context.Context, s *data.Store, o GrantOptions) ([]GrantRow, *GrantTotals, error) {
	rates, err := s.LoadRates(ctx)
	if err != nil {
		return nil, nil, err
	}
	kids, err := s.ListChildSummaries(ctx, data.ChildFilter{Program: o.Program, Region: o.Region, Search: o.Diagnosis,
		Statuses: statuses(o.Status)})
	if err != nil {
		return nil, nil, err
	}
	base := rates.Base()
	tot := &GrantTotals{Base: base, Raised: money.M(0, base), Spent: money.M(0, base), GeneralFund: money.M(0, base),
		RaisedBy: map[string]int64{}, SpentBy: map[string]int64{}, GeneralFundBy: map[string]int64{},
		Outcomes: map[data.Outcome]int{}, ByProgram: map[string][2]int64{}, ChildrenByArea: map[string]int{}}
	in := func(d data.Date) bool { return !d.Before(o.From) && !o.To.Before(d) }
	printed := printDay(s, o.Now) // consent is judged on it, whatever the period (consent.go)
	missing := map[data.MissingRateError]bool{}
	conv := func(m money.Money, day data.Date) int64 {
		b, err := rates.ToBase(m, day, "")
		if err != nil {
			if mr, ok := err.(*data.MissingRateError); ok && !missing[*mr] {
				missing[*mr] = true
				tot.Missing = append(tot.Missing, *mr)
			}
			return 0
		}
		return b.Minor
	}
	// The period's money, events and closures of every case, a few
	// grouped queries for the whole foundation (not six per case).
	type sums struct {
		raised, spent     int64
		raisedBy, spentBy map[string]int64
	}
	byChild := map[string]*sums{}
	of := func(id string) *sums {
		m := byChild[id]
		if m == nil {
			m = &sums{raisedBy: map[string]int64{}, spentBy: map[string]int64{}}
			byChild[id] = m
		}
		return m
	}
	general := o.Program == "" && o.Region == "" && o.Diagnosis == "" && o.Status == ""
	for _, t := range []data.MoneyTable{data.MoneyDonations, data.MoneyAllocations, data.MoneyPayments} {
		err := s.MoneySums(ctx, t, base, o.From, o.To, func(ms data.MoneySum) {
			switch {
			case ms.ChildID == "" && t == data.MoneyDonations:
				if general {
					tot.GeneralFundBy[ms.Amount.Currency] += ms.Amount.Minor
					tot.GeneralFund.Minor += conv(ms.Amount, ms.Day)
				}
			case t == data.MoneyPayments:
				m := of(ms.ChildID)
				m.spentBy[ms.Amount.Currency] += ms.Amount.Minor
				m.spent += conv(ms.Amount, ms.Day)
			default:
				m := of(ms.ChildID)
				m.raisedBy[ms.Amount.Currency] += ms.Amount.Minor
				m.raised += conv(ms.Amount, ms.Day)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	events, err := s.ChildrenWithEvents(ctx, o.From, o.To)
	if err != nil {
		return nil, nil, err
	}
	closures, err := s.Closures(ctx)
	if err != nil {
		return nil, nil, err
	}
	closedAs := map[string]data.Outcome{}
	for _, h := range closures {
		if in(data.DateOf(h.At.Local())) {
			closedAs[h.ChildID] = h.Outcome // the last in the period
		}
	}
	allConsents, err := s.Consents.All(ctx)
	if err != nil {
		return nil, nil, err
	}
	consents := map[string][]data.Consent{}
	for _, k := range allConsents {
		consents[k.ChildID] = append(consents[k.ChildID], k)
	}
	var rows []GrantRow
	for _, c := range kids {
		row := GrantRow{Child: c, Raised: money.M(0, base), Spent: money.M(0, base), RaisedBy: map[string]int64{}, SpentBy: map[string]int64{}}
		if m := byChild[c.ID]; m != nil {
			row.Raised.Minor, row.Spent.Minor, row.RaisedBy, row.SpentBy = m.raised, m.spent, m.raisedBy, m.spentBy
			row.Activity = true
		}
		if outcome, ok := closedAs[c.ID]; ok {
			row.ClosedAs = outcome
			row.Activity = true
		}
		row.Activity = row.Activity || events[c.ID]
		if !row.Activity {
			continue
		}
		row.Name, row.Region, row.Diagnosis = grantShows(c, visible{internal: o.Edition == Internal, consent: activeConsents(consents[c.ID], printed)}, o)
		rows = append(rows, row)

		tot.Children++
		if row.Spent.Minor > 0 || len(row.SpentBy) > 0 {
			tot.Helped++
		}
		tot.Raised.Minor += row.Raised.Minor
		tot.Spent.Minor += row.Spent.Minor
		for k, v := range row.RaisedBy {
			tot.RaisedBy[k] += v
		}
		for k, v := range row.SpentBy {
			tot.SpentBy[k] += v
		}
		if row.ClosedAs != "" {
			tot.Outcomes[row.ClosedAs]++
		}
		program := c.Program
		pr := tot.ByProgram[program]
		tot.ByProgram[program] = [2]int64{pr[0] + row.Raised.Minor, pr[1] + row.Spent.Minor}
		area := row.Region
		if area == "" && c.Region != "" {
			area = hiddenRegion
		}
		tot.ChildrenByArea[area]++
	}
	return rows, tot, nil
}

// hiddenRegion stands, in the chart of children by region, for the regions
// a public edition may not print: the children still count.
const hiddenRegion = "\x00hidden"

// grantShows is what a grant report may print of a child. A public edition
// prints the full name only with consent to publish it, the diagnosis only
// with consent to publish the story, the region with either; and where the
// report is filtered by diagnosis, a name only with both (the filter tells
// every listed child's diagnosis).
func grantShows(c data.ChildSummary, v visible, o GrantOptions) (name, region, diagnosis string) {
	if v.internal {
		return c.FullName(), c.Region, c.Diagnosis
	}
	if v.fullName() && (o.Diagnosis == "" || v.story()) {
		name = c.FullName()
	}
	if v.fullName() || v.story() {
		region = c.Region
	}
	if v.story() {
		diagnosis = c.Diagnosis
	}
	return name, region, diagnosis
}

func statuses(s data.Status) []data.Status {
	if s == "" {
		return nil
	}
	return []data.Status{s}
}

// Grant writes the grant report as PDF, and its rows as CSV to csvW if given.
func Grant(ctx context.Context, s *data.Store, o GrantOptions, pdfW, csvW io.Writer) error {
	if err := s.Require(ctx, data.MayDirect); err != nil {
		return err
	}
	s.Record(ctx, data.AuditReport, "grant", "", "", fmt.Sprintf("grant %s–%s %s", o.From, o.To, o.Edition))
	if o.Lang == "" {
		o.Lang = "en"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	rows, tot, err := GrantData(ctx, s, o)
	if err != nil {
		return err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	tr := translator(o.Lang)
	lang := o.Lang
	fm := func(m money.Money) string { return m.Format(lang) }
	period := o.From.Local(lang) + " – " + o.To.Local(lang)
	d := newDoc(lang, tr("Grant report")+" "+period, st.LetterheadIn(lang).Name, period, o.Now)
	d.pdf.SetSubject(Clean(tr("Grant report")+" "+period), true)
	d.useLogo(foundationLogo(ctx, s, st))
	edition := tr("Public edition: holds only what the family agreed to publish.")
	if o.Edition == Internal {
		edition = tr("Internal edition: holds personal and medical data; do not pass on.")
		d.mark = edition
	}
	d.pdf.AddPage()
	d.title(tr("Grant report"))
	var filters []string
	for _, f := range [][2]string{{tr("Program"), o.Program}, {tr("Region"), o.Region}, {tr("Diagnosis"), o.Diagnosis},
		{tr("Status"), tr(vocab.Label(vocab.StatusText, o.Status))}} {
		if f[1] != "" {
			filters = append(filters, f[0]+": "+f[1])
		}
	}
	d.subtitle(data.JoinNonEmpty(" · ", st.LetterheadIn(lang).Name, tr("Period")+": "+period, strings.Join(filters, ", "), edition))

	d.section(tr("Summary"), 30)
	// One set of fields, so that every value starts at the same place.
	summary := [][2]string{
		{tr("Children in this report"), fmt.Sprint(tot.Children)},
		{tr("Children the foundation paid for"), fmt.Sprint(tot.Helped)},
		{tr("Raised for these children"), fm(tot.Raised)},
		{tr("Spent on their treatment"), fm(tot.Spent)},
	}
	if len(tot.GeneralFundBy) > 0 {
		summary = append(summary, [2]string{tr("Donations to the general fund"), fm(tot.GeneralFund)})
	}
	var outcomes []string
	for _, oc := range data.AllOutcomes {
		if n := tot.Outcomes[oc]; n > 0 {
			outcomes = append(outcomes, tr(vocab.Label(vocab.OutcomeText, oc))+": "+fmt.Sprint(n))
		}
	}
	if len(outcomes) > 0 {
		summary = append(summary, [2]string{tr("Cases closed in the period"), strings.Join(outcomes, "; ")})
	}
	d.fields(summary)

	d.section(tr("Money per currency"), 30)
	var cur []string
	for c := range mergeKeys(tot.RaisedBy, tot.SpentBy, tot.GeneralFundBy) {
		cur = append(cur, c)
	}
	sort.Slice(cur, func(i, j int) bool { return cur[i] == tot.Base || cur[j] != tot.Base && cur[i] < cur[j] })
	var crow [][]string
	for _, c := range cur {
		crow = append(crow, []string{c, fm(money.M(tot.RaisedBy[c], c)), fm(money.M(tot.GeneralFundBy[c], c)), fm(money.M(tot.SpentBy[c], c))})
	}
	crow = append(crow, []string{tr("Total") + " (" + tot.Base + ")", fm(tot.Raised), fm(tot.GeneralFund), fm(tot.Spent)})
	d.table([]column{{tr("Currency"), 34, "L"}, {tr("Raised for these children"), 48, "R"}, {tr("Donations to the general fund"), 46, "R"}, {tr("Spent"), 46, "R"}}, crow)
	for _, m := range tot.Missing {
		d.note(strings.NewReplacer("{{.Currency}}", m.Currency, "{{.Date}}", m.On.Local(lang)).Replace(
			tr("No {{.Currency}} rate on or before {{.Date}}: those amounts stay in their own currency and are left out of the totals. Enter the rate in Settings → Exchange rates.")))
	}
	d.note(strings.ReplaceAll(tr("Totals in {{.Base}}, each amount converted at the rate of its day (quotes at their stated rate)."), "{{.Base}}", tot.Base))

	// Charts: the Dashboard's own pictures, drawn from this report's sums.
	glance := &Dashboard{Base: tot.Base, Totals: tot}
	var kinds []string
	if len(tot.ByProgram) > 0 {
		kinds = append(kinds, ChartProgram)
	}
	if len(tot.ChildrenByArea) > 0 {
		kinds = append(kinds, ChartRegion)
	}
	charts := printedCharts(kinds, glance, lang)
	if len(tot.ByProgram) > 0 {
		d.section(tr("Money by program"), 95)
		if err := d.chart(ChartProgram, charts[ChartProgram]); err != nil {
			return err
		}
	}
	if len(tot.ChildrenByArea) > 0 {
		d.section(tr("Children by region"), 95)
		if err := d.chart(ChartRegion, charts[ChartRegion]); err != nil {
			return err
		}
	}

	d.section(tr("Cases"), 30)
	var trows [][]string
	for _, r := range rows {
		trows = append(trows, []string{r.Child.CaseNumber, orDash(r.Name), orDash(r.Region), r.Child.Program,
			statusText(tr, r.Child.Status, r.Child.Outcome), fm(r.Raised), fm(r.Spent)})
	}
	if len(trows) == 0 {
		d.note(tr("No case had money or journey events in this period."))
	} else {
		d.table([]column{{tr("Case"), 16, "L"}, {tr("Name"), 30, "L"}, {tr("Region"), 26, "L"}, {tr("Program"), 28, "L"},
			{tr("Status"), 24, "L"}, {tr("Raised"), 25, "R"}, {tr("Spent"), 25, "R"}}, trows)
	}
	b, err := d.output()
	if err != nil {
		return err
	}
	if _, err := pdfW.Write(b); err != nil {
		return err
	}
	if csvW != nil {
		return writeGrantCSV(csvW, rows, tot, lang, tr, d.mark)
	}
	return nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func statusText(tr func(string) string, s data.Status, oc data.Outcome) string {
	t := tr(vocab.Label(vocab.StatusText, s))
	if oc != "" {
		t += " (" + tr(vocab.Label(vocab.OutcomeText, oc)) + ")"
	}
	return t
}

func mergeKeys(ms ...map[string]int64) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// writeGrantCSV writes the report's rows: UTF-8 with a byte-order mark, ';'
// and decimal commas in ru and kk (as Excel there expects), ',' and points in
// en. An internal edition says so in its first line. Text that a
// spreadsheet would run as a formula is neutralised.
func writeGrantCSV(w io.Writer, rows []GrantRow, tot *GrantTotals, lang string, tr func(string) string, mark string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	dec := "."
	if lang != "en" {
		cw.Comma = ';'
		dec = ","
	}
	num := func(m money.Money) string {
		p := m.Plain()
		return strings.Replace(p[:strings.LastIndexByte(p, ' ')], ".", dec, 1)
	}
	if mark != "" {
		cw.Write([]string{csvText(mark)})
	}
	cw.Write([]string{tr("Case"), tr("Name"), tr("Region"), tr("Program"), tr("Diagnosis"), tr("Status"),
		tr("Raised") + " (" + tot.Base + ")", tr("Spent") + " (" + tot.Base + ")"})
	for _, r := range rows {
		cw.Write([]string{csvText(r.Child.CaseNumber), csvText(r.Name), csvText(r.Region), csvText(r.Child.Program), csvText(r.Diagnosis),
			csvText(statusText(tr, r.Child.Status, r.Child.Outcome)), num(r.Raised), num(r.Spent)})
	}
	cw.Write([]string{tr("Total"), "", "", "", "", "", num(tot.Raised), num(tot.Spent)})
	cw.Flush()
	return cw.Error()
}

// csvText neutralises a text cell that a spreadsheet would take for a
// formula (starting with = + - @, a tab or a carriage return) with a
// leading apostrophe, as OWASP recommends for CSV injection. Numbers the
// report formats itself are written as they are.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
