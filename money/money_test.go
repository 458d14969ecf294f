package money

import (
	"math"
	"strings"
	"testing"
)

func TestParseMoneyAcceptsWhatPeopleType(t *testing.T) {
	for _, tc := range []struct {
		in, code string
		want     Money
	}{
		{"1 234,50", "KZT", M(123450, "KZT")},
		{"1234.50", "KZT", M(123450, "KZT")},
		{"1,234.50", "USD", M(123450, "USD")},
		{"1.234,50", "EUR", M(123450, "EUR")},
		{"1 234 ₸", "", M(123400, "KZT")},
		{"1 234 ₸", "KZT", M(123400, "KZT")},
		{"₸1,234.50", "", M(123450, "KZT")},
		{"€12,500.00", "", M(1250000, "EUR")},
		{"12 500 EUR", "", M(1250000, "EUR")},
		{"USD 99", "", M(9900, "USD")},
		{"1\u00a0250\u00a0000 тенге", "", M(125000000, "KZT")},
		{"5 000 000 сум", "", M(500000000, "UZS")},
		{"1,234", "KZT", M(123400, "KZT")}, // three digits after one comma group thousands
		{"1234,5", "RUB", M(123450, "RUB")},
		{"0,99", "ILS", M(99, "ILS")},
		{"1,234,567", "USD", M(123456700, "USD")},
		{"1 500", "JPY", M(1500, "JPY")},
		{"-100", "KZT", M(-10000, "KZT")}, // parsed; validation refuses it on save
		{"999 999 999 999,99", "KZT", M(99999999999999, "KZT")},
		{"  42  ", "kzt", M(4200, "KZT")},
	} {
		got, err := Parse(tc.in, tc.code)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q, %q) = %v, %v; want %v", tc.in, tc.code, got, err, tc.want)
		}
	}
}

func TestParseMoneyRefusesNonsense(t *testing.T) {
	for _, tc := range []struct {
		in, code, field, err string
	}{
		{"12,5,0", "KZT", "amount", CodeBadAmount},
		{"1e9", "KZT", "amount", CodeBadAmount},
		{"1,2.3", "KZT", "amount", CodeBadAmount},
		{"12.", "KZT", "amount", CodeBadAmount},
		{"1,5", "JPY", "amount", CodeBadAmount},
		{"abc", "KZT", "amount", CodeBadAmount},
		{"", "KZT", "amount", CodeRequired},
		{"100", "", "currency", CodeRequired},
		{"100", "XYZ", "currency", CodeUnknownCurrency},
		{"100 RUR", "", "currency", CodeUnknownCurrency},
		{"100 €", "KZT", "amount", CodeBadAmount}, // sign disagrees with the chosen currency
		{strings.Repeat("9", 25), "KZT", "amount", CodeOverflow},
		{"1 000 000 000 000", "KZT", "amount", CodeOverflow},
		{"1,23456", "USD", "amount", CodeBadAmount},
		{"--100", "KZT", "amount", CodeBadAmount}, // was read as +100
		{"-+100", "KZT", "amount", CodeBadAmount},
		{"0,001", "KZT", "amount", CodeBadAmount}, // was read as 1,00
		{"0.001", "USD", "amount", CodeBadAmount},
	} {
		_, err := Parse(tc.in, tc.code)
		fe, ok := err.(*Error)
		if !ok || fe.Field != tc.field || fe.Code != tc.err {
			t.Errorf("Parse(%q, %q): want %s/%s, got %v", tc.in, tc.code, tc.field, tc.err, err)
		}
	}
}

func TestFormatMoneyByLanguage(t *testing.T) {
	nb := "\u00a0"
	for _, tc := range []struct {
		m    Money
		lang string
		want string
	}{
		{M(123450, "KZT"), "ru", "1" + nb + "234,50" + nb + "₸"},
		{M(123450, "KZT"), "kk", "1" + nb + "234,50" + nb + "₸"},
		{M(123450, "KZT"), "en", "₸1,234.50"},
		{M(123456700, "KZT"), "ru", "1" + nb + "234" + nb + "567,00" + nb + "₸"},
		{M(1250000, "EUR"), "en", "€12,500.00"},
		{M(1250000, "EUR"), "ru", "12" + nb + "500,00" + nb + "€"},
		{M(500000000, "UZS"), "ru", "5" + nb + "000" + nb + "000,00" + nb + "сум"},
		{M(500000000, "UZS"), "en", "UZS" + nb + "5,000,000.00"},
		{M(-5, "USD"), "en", "-$0.05"},
		{M(1500, "JPY"), "en", "¥1,500"},
		{M(0, "RUB"), "kk", "0,00" + nb + "₽"},
	} {
		if got := tc.m.Format(tc.lang); got != tc.want {
			t.Errorf("%v in %s = %q, want %q", tc.m.Minor, tc.lang, got, tc.want)
		}
	}
	// What is formatted parses back to the same amount, with or without the
	// currency chosen beside it.
	if back, err := Parse(M(123450, "KZT").Format("en"), ""); err != nil || back != M(123450, "KZT") {
		t.Errorf("₸ alone names KZT: %v, %v", back, err)
	}
	for _, lang := range []string{"en", "ru", "kk"} {
		for _, m := range []Money{M(123450, "KZT"), M(99999999999999, "KZT"), M(1, "EUR"), M(777, "JPY")} {
			back, err := Parse(m.Format(lang), m.Currency)
			if err != nil || back != m {
				t.Errorf("%s round trip of %v: %v, %v", lang, m, back, err)
			}
		}
	}
}

func TestMoneyAddRefusesMixedCurrencies(t *testing.T) {
	if _, err := M(1, "KZT").Add(M(1, "EUR")); err == nil {
		t.Fatal("KZT + EUR was added without a rate")
	}
	s, err := M(150, "KZT").Add(M(50, "KZT"))
	if err != nil || s != M(200, "KZT") {
		t.Fatalf("150 + 50 = %v, %v", s, err)
	}
}

// The machine form of amounts goes into CSV files and command output that
// other programs read: every digit and the sign in place, in each
// currency's minor units.
func TestPlainWritesEveryDigit(t *testing.T) {
	for _, c := range []struct {
		m    Money
		want string
	}{
		{M(0, "KZT"), "0.00 KZT"},
		{M(5, "KZT"), "0.05 KZT"},
		{M(50, "KZT"), "0.50 KZT"},
		{M(123456750, "KZT"), "1234567.50 KZT"},
		{M(-1, "USD"), "-0.01 USD"},
		{M(-100, "EUR"), "-1.00 EUR"},
		{M(7, "KWD"), "0.007 KWD"},
		{M(1000, "KWD"), "1.000 KWD"},
		{M(1500, "JPY"), "1500 JPY"},
		{M(-9, "UZS"), "-0.09 UZS"},
		{M(12345, "XYZ"), "123.45 XYZ"}, // an unknown code: two digits
		{M(math.MinInt64, "KZT"), "-92233720368547758.08 KZT"},
		{M(math.MaxInt64, "KZT"), "92233720368547758.07 KZT"},
	} {
		if got := c.m.Plain(); got != c.want {
			t.Errorf("Plain of %d %s = %q, want %q", c.m.Minor, c.m.Currency, got, c.want)
		}
		if got := string(c.m.AppendNumber([]byte("x"))); got != "x"+strings.TrimSuffix(c.want, " "+c.m.Currency) {
			t.Errorf("AppendNumber of %d %s = %q", c.m.Minor, c.m.Currency, got)
		}
	}
}
