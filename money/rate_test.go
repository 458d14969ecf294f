package money

import (
	"fmt"
	"math/rand"
	"testing"
)

// Issue 29: the integer rule gives exactly what the rational rule gives, for
// every kind of amount, rate and pair of currencies (halves, negatives,
// currencies with 0, 2 and 3 decimals, rates with up to ten decimals).
func TestConvertAtIsConvert(t *testing.T) {
	rnd := rand.New(rand.NewSource(29))
	currencies := []string{"KZT", "USD", "EUR", "UZS", "RUB", "JPY", "KWD", "BHD"}
	rates := []string{"1", "512.34", "0.0019", "11985.5", "0.0000000001", "999999999999.9999999999", "4.5", "0.5", "1.0000000001", "470.85"}
	for i := 0; i < 200000; i++ {
		s := rates[rnd.Intn(len(rates))]
		if rnd.Intn(3) == 0 {
			s = fmt.Sprintf("%d.%0*d", rnd.Intn(100000), rnd.Intn(10)+1, rnd.Int63n(1e10))
			s = s[:min(len(s), 23)]
		}
		r, err := NewRate(s)
		if err != nil {
			continue
		}
		m := M(rnd.Int63n(1e12)-5e11, currencies[rnd.Intn(len(currencies))])
		if rnd.Intn(4) == 0 {
			m.Minor = rnd.Int63n(2000) - 1000
		}
		to := currencies[rnd.Intn(len(currencies))]
		want, werr := Convert(m, r.Rat(), to)
		got, gerr := ConvertAt(m, r, to)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Fatalf("%s at %s to %s: %v %v, want %v %v", m.Plain(), s, to, got, gerr, want, werr)
		}
	}
}
