package reports

import (
	"context"
	"time"

	"carebook/data"
)

// Dashboard is the foundation at a glance for a year: the grant report's
// figures for that year (the same call, so the pictures a director sees are
// the ones a sponsor reads) and what only pictures show well.
type Dashboard struct {
	Year int
	Base string
	// Totals are the grant report's for the year, every case (internal
	// edition: the director's own view).
	Totals *GrantTotals
	// ThisYear and LastYear are the donations received each month (to
	// children and to the general fund), in the base currency's minor
	// units, each converted at the rate of its day.
	ThisYear, LastYear [12]int64
	// GapByProgram is what the open cases of each program still lack today.
	GapByProgram map[string]int64
	// ByStatus counts the cases in each status today.
	ByStatus map[data.Status]int
	// DaysToFunded is the average number of days from intake to Funded of
	// the cases funded in the year (FundedCases of them).
	DaysToFunded float64
	FundedCases  int
	// DonorsNew gave for the first time in the year; DonorsReturning had
	// given before.
	DonorsNew, DonorsReturning int
}

// DashboardData gathers the Dashboard of a year (its part up to today for
// the current one).
func DashboardData(ctx context.Context, s *data.Store, year int, now time.Time) (*Dashboard, error) {
	if err := s.Require(ctx, data.MayDirect); err != nil {
		return nil, err
	}
	from, to := yearSpan(year)
	_, tot, err := GrantData(ctx, s, GrantOptions{From: from, To: to, Now: now, Edition: Internal})
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Year: year, Base: tot.Base, Totals: tot, GapByProgram: map[string]int64{}, ByStatus: map[data.Status]int{}}
	rates, err := s.LoadRates(ctx)
	if err != nil {
		return nil, err
	}
	for i, months := range []*[12]int64{&d.ThisYear, &d.LastYear} {
		f, t := yearSpan(year - i)
		err := s.MoneySums(ctx, data.MoneyDonations, d.Base, f, t, func(m data.MoneySum) {
			if b, err := rates.ToBase(m.Amount, m.Day, ""); err == nil {
				months[m.Day.Time().Month()-1] += b.Minor
			}
		})
		if err != nil {
			return nil, err
		}
	}
	kids, err := s.ListChildSummaries(ctx, data.ChildFilter{})
	if err != nil {
		return nil, err
	}
	program := map[string]string{}
	for _, c := range kids {
		d.ByStatus[c.Status]++
		program[c.ID] = c.Program
	}
	funding, err := s.FundingAll(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range kids {
		if f := funding[c.ID]; f != nil && c.Status.IsOpen() && f.Gap.Minor > 0 {
			d.GapByProgram[program[c.ID]] += f.Gap.Minor
		}
	}
	if d.DaysToFunded, d.FundedCases, err = s.DaysToFunded(ctx, from, to); err != nil {
		return nil, err
	}
	if d.DonorsNew, d.DonorsReturning, err = s.DonorsWhoGave(ctx, from, to); err != nil {
		return nil, err
	}
	return d, nil
}

// yearSpan is the first and last day of a year.
func yearSpan(year int) (data.Date, data.Date) {
	return data.DateOf(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)), data.DateOf(time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC))
}
