package money

import (
	"fmt"
	"math/big"
	"math/bits"
	"strings"
)

// Rate is an exact decimal rate kept as an integer and its decimal scale
// (512.34 is 51234 and 2), so that converting an amount is integer
// arithmetic: the same result as the rational rule above, without making
// a rational number for every amount (a grant report converts each
// donation of the year).
type Rate struct {
	num   uint64 // the rate's digits
	scale int    // how many of them are decimals
	rat   *big.Rat
}

// NewRate reads an exact decimal rate as ParseRate does.
func NewRate(s string) (Rate, error) {
	r, err := ParseRate(s)
	if err != nil {
		return Rate{}, err
	}
	s = NormalizeRate(s)
	whole, frac, _ := strings.Cut(s, ".")
	var n uint64
	ok := len(whole)+len(frac) <= 19 // at most 10^19 − 1: fits
	for _, c := range whole + frac {
		if !ok {
			break
		}
		n = n*10 + uint64(c-'0')
	}
	if !ok {
		n = 0 // too many digits for the integer rule: the rational one serves
	}
	return Rate{num: n, scale: len(frac), rat: r}, nil
}

// One is the rate of a currency to itself.
var One = Rate{num: 1, rat: big.NewRat(1, 1)}

// Rat is the rate as a rational number.
func (r Rate) Rat() *big.Rat { return r.rat }

var pow10u = func() [20]uint64 {
	var p [20]uint64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// ConvertAt turns m into the currency `to` at rate, rounding half away from
// zero to to's minor unit: exactly Convert's result.
func ConvertAt(m Money, rate Rate, to string) (Money, error) {
	from, ok := LookupCurrency(m.Currency)
	if !ok {
		return Money{}, fmt.Errorf("unknown currency %s", m.Currency)
	}
	target, ok := LookupCurrency(to)
	if !ok {
		return Money{}, fmt.Errorf("unknown currency %s", to)
	}
	if rate.num == 0 {
		return Convert(m, rate.rat, to)
	}
	// minor_to = minor_from × num × 10^(digits_to − digits_from − scale)
	e := target.Digits - from.Digits - rate.scale
	neg := m.Minor < 0
	a := uint64(m.Minor)
	if neg {
		a = uint64(-m.Minor)
	}
	hi, lo := bits.Mul64(a, rate.num)
	var q uint64
	switch {
	case e >= 0:
		if hi != 0 || e >= len(pow10u) {
			return Convert(m, rate.rat, to)
		}
		h2, l2 := bits.Mul64(lo, pow10u[e])
		if h2 != 0 {
			return Convert(m, rate.rat, to)
		}
		q = l2
	default:
		if -e >= len(pow10u) {
			return Convert(m, rate.rat, to)
		}
		d := pow10u[-e]
		if hi >= d {
			return Convert(m, rate.rat, to)
		}
		var rem uint64
		q, rem = bits.Div64(hi, lo, d)
		if rem >= d-rem { // 2·rem ≥ d, without overflow: half away from zero
			q++
		}
	}
	if q > 1<<63-1 {
		return Money{}, fmt.Errorf("%s in %s is too large", m.Plain(), to)
	}
	n := int64(q)
	if neg {
		n = -n
	}
	return Money{n, to}, nil
}
