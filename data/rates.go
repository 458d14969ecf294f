package data

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"sort"
)

// Conversion rule: an amount is converted to another currency by exact
// rational arithmetic (math/big.Rat) — amount × rate — and rounded once, at
// the end, to the target currency's minor unit, half away from zero (0.5
// tiyn becomes 1 tiyn, -0.5 becomes -1). Rates are exact decimals entered or
// imported as text, never floats.

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

// ParseRate reads an exact decimal rate ("512.34", "512,34").
func ParseRate(s string) (*big.Rat, error) {
	s = normalizeRate(s)
	if !ValidRate(s) {
		return nil, &FieldError{Field: "rate", Code: CodeBadRate}
	}
	r, _ := new(big.Rat).SetString(s)
	return r, nil
}

// Convert turns m into the currency `to` at rate (units of `to` for one unit
// of m's currency), rounding half away from zero to to's minor unit.
func Convert(m Money, rate *big.Rat, to string) (Money, error) {
	from, ok := LookupCurrency(m.Currency)
	if !ok {
		return Money{}, fmt.Errorf("unknown currency %s", m.Currency)
	}
	target, ok := LookupCurrency(to)
	if !ok {
		return Money{}, fmt.Errorf("unknown currency %s", to)
	}
	// minor_to = minor_from × rate × 10^(digits_to − digits_from)
	v := new(big.Rat).SetInt64(m.Minor)
	v.Mul(v, rate)
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(target.Digits-from.Digits))), nil))
	if target.Digits >= from.Digits {
		v.Mul(v, scale)
	} else {
		v.Quo(v, scale)
	}
	n := roundHalfAway(v)
	if !n.IsInt64() {
		return Money{}, fmt.Errorf("%s in %s is too large", m.Plain(), to)
	}
	return Money{n.Int64(), to}, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// roundHalfAway rounds a rational to the nearest integer, halves away from zero.
func roundHalfAway(r *big.Rat) *big.Int {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// Rates holds the rate table in memory for many conversions at once; load it
// with Store.LoadRates.
type Rates struct {
	base  string
	rates map[string][]datedRate // by currency, oldest first
}

type datedRate struct {
	on   Date
	rate *big.Rat
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
		v, err := ParseRate(r.Rate)
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
func (b *Rates) on(currency string, day Date) (*big.Rat, Date, error) {
	if currency == b.base {
		return big.NewRat(1, 1), day, nil
	}
	l := b.rates[currency]
	i := sort.Search(len(l), func(i int) bool { return day.Before(l[i].on) })
	if i == 0 {
		return nil, Date{}, &MissingRateError{Currency: currency, On: day}
	}
	return l[i-1].rate, l[i-1].on, nil
}

// ToBase converts m to the base currency at the rate of its day (or at the
// stated rate, if given); a missing rate is a *MissingRateError.
func (b *Rates) ToBase(m Money, day Date, stated string) (Money, error) {
	if m.Currency == b.base {
		return m, nil
	}
	var rate *big.Rat
	if stated != "" {
		r, err := ParseRate(stated)
		if err != nil {
			return Money{}, err
		}
		rate = r
	} else {
		r, _, err := b.on(m.Currency, day)
		if err != nil {
			return Money{}, err
		}
		rate = r
	}
	return Convert(m, rate, b.base)
}

// RateOn is the rate of a currency to the base currency on a day: the latest
// entered on or before it. The base currency's rate is 1.
func (s *Store) RateOn(ctx context.Context, currency string, day Date) (*big.Rat, Date, error) {
	b, err := s.LoadRates(ctx)
	if err != nil {
		return nil, Date{}, err
	}
	return b.on(currency, day)
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
