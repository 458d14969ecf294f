package data

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"sort"

	"carebook/money"
)

// MissingRateError says plainly that an amount could not be converted: there
// is no rate for the currency on or before the day. The amount stays shown in
// its own currency.
type MissingRateError struct {
	Currency string
	On       Date
}

func (e *MissingRateError) Error() string {
	return fmt.Sprintf("no %s rate on or before %s", e.Currency, e.On.Local("ru"))
}

// Rates holds the rate table in memory for many conversions at once; load it
// with Store.LoadRates.
type Rates struct {
	base  string
	rates map[string][]datedRate // by currency, oldest first
}

type datedRate struct {
	on   Date
	rate money.Rate
	text string
}

func (s *Store) LoadRates(ctx context.Context) (*Rates, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.ExchangeRates.All(ctx)
	if err != nil {
		return nil, err
	}
	b := &Rates{base: st.BaseCurrency, rates: map[string][]datedRate{}}
	for _, r := range all {
		v, err := money.NewRate(r.Rate)
		if err != nil {
			continue // validated on entry; an unreadable stored rate is skipped, not guessed
		}
		b.rates[r.Currency] = append(b.rates[r.Currency], datedRate{r.On, v, r.Rate})
	}
	for _, l := range b.rates {
		sort.Slice(l, func(i, j int) bool { return l[i].on.Before(l[j].on) })
	}
	return b, nil
}

// on finds the latest rate on or before the day.
func (b *Rates) on(currency string, day Date) (money.Rate, Date, error) {
	if currency == b.base {
		return money.One, day, nil
	}
	l := b.rates[currency]
	i := sort.Search(len(l), func(i int) bool { return day.Before(l[i].on) })
	if i == 0 {
		return money.Rate{}, Date{}, &MissingRateError{Currency: currency, On: day}
	}
	return l[i-1].rate, l[i-1].on, nil
}

// ToBase converts m to the base currency at the rate of its day (or at the
// stated rate, if given); a missing rate is a *MissingRateError.
func (b *Rates) ToBase(m money.Money, day Date, stated string) (money.Money, error) {
	if m.Currency == b.base {
		return m, nil
	}
	var rate money.Rate
	if stated != "" {
		r, err := money.NewRate(stated) // a quote's own rate: few, read as met
		if err != nil {
			return money.Money{}, err
		}
		rate = r
	} else {
		r, _, err := b.on(m.Currency, day)
		if err != nil {
			return money.Money{}, err
		}
		rate = r
	}
	return money.ConvertAt(m, rate, b.base)
}

// RateOn is the rate of a currency to the base currency on a day: the latest
// entered on or before it. The base currency's rate is 1.
func (s *Store) RateOn(ctx context.Context, currency string, day Date) (*big.Rat, Date, error) {
	b, err := s.LoadRates(ctx)
	if err != nil {
		return nil, Date{}, err
	}
	r, on, err := b.on(currency, day)
	return r.Rat(), on, err
}

// LineProblem is a line of an imported file that cannot be used, and why.
type LineProblem struct {
	Line int
	Err  *FieldError // Field "" with Code "columns" when the line lacks columns
}

func (p LineProblem) String() string {
	if p.Err.Code == "columns" {
		return fmt.Sprintf("line %d: expected date, currency and rate", p.Line)
	}
	return fmt.Sprintf("line %d: %v", p.Line, p.Err)
}

// ImportRates reads exchange rates from CSV (date, currency, rate; a header
// row is allowed; ',' ';' or tabs) and adds them in one transaction. A rate
// already entered for the same currency and day is replaced. Bad rows are
// returned with their line numbers and nothing is written if there are any.
func (s *Store) ImportRates(ctx context.Context, r io.Reader, source string) (int, []LineProblem, error) {
	raw, err := readCSV(r)
	if err != nil {
		return 0, nil, err
	}
	type row struct {
		line int
		rate ExchangeRate
	}
	var rows []row
	var problems []LineProblem
	for i, rec := range raw.Records {
		line := raw.Lines[i]
		if i == 0 && len(rec) > 0 {
			if _, err := ParseDate(rec[0]); err != nil {
				continue // header
			}
		}
		if raw.BadLines[line] || len(rec) < 3 {
			problems = append(problems, LineProblem{line, &FieldError{Code: "columns"}})
			continue
		}
		day, err := ParseDate(rec[0])
		if err != nil || day.IsZero() {
			problems = append(problems, LineProblem{line, &FieldError{Field: "on_date", Code: CodeBadDate, Params: map[string]any{"value": rec[0]}}})
			continue
		}
		er := ExchangeRate{On: day, Currency: rec[1], Rate: rec[2], Source: source}
		er.prepare()
		if err := er.validate(s.Today()); err != nil {
			problems = append(problems, LineProblem{line, FieldErrors(err)[0]})
			continue
		}
		rows = append(rows, row{line, er})
	}
	if len(problems) > 0 {
		return 0, problems, nil
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		existing, err := s.ExchangeRates.All(ctx)
		if err != nil {
			return err
		}
		have := map[string]*ExchangeRate{}
		for i := range existing {
			have[existing[i].Currency+existing[i].On.String()] = &existing[i]
		}
		for _, rw := range rows {
			if old := have[rw.rate.Currency+rw.rate.On.String()]; old != nil {
				old.Rate, old.Source = rw.rate.Rate, rw.rate.Source
				if err := s.ExchangeRates.Update(ctx, old); err != nil {
					return fmt.Errorf("line %d: %w", rw.line, err)
				}
				continue
			}
			er := rw.rate
			if err := s.ExchangeRates.Create(ctx, &er); err != nil {
				return fmt.Errorf("line %d: %w", rw.line, err)
			}
			have[er.Currency+er.On.String()] = &er
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return len(rows), nil, nil
}

// Base is the base currency the rates convert to.
func (b *Rates) Base() string { return b.base }
