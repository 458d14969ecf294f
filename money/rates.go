package money

import (
	"fmt"
	"math/big"
	"strings"

	"carebook/internal/lazy"
)

// Conversion rule: an amount is converted to another currency by exact
// rational arithmetic (math/big.Rat) — amount × rate — and rounded once, at
// the end, to the target currency's minor unit, half away from zero (0.5
// tiyn becomes 1 tiyn, -0.5 becomes -1). Rates are exact decimals entered or
// imported as text, never floats.

// ParseRate reads an exact decimal rate ("512.34", "512,34").
func ParseRate(s string) (*big.Rat, error) {
	s = NormalizeRate(s)
	if !ValidRate(s) {
		return nil, &Error{Field: "rate", Code: CodeBadRate}
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

var ratePattern = lazy.Regexp(`^[0-9]{1,12}(\.[0-9]{1,10})?$`)

func NormalizeRate(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// ValidRate reports whether s is a positive exact decimal rate ("512.34").
func ValidRate(s string) bool {
	if !ratePattern().MatchString(s) {
		return false
	}
	r, ok := new(big.Rat).SetString(s)
	return ok && r.Sign() > 0
}
