package money

import (
	"errors"
	"strings"
	"testing"
)

func TestConvertIsExactAndRoundsHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		rate string
		to   string
		want Money
	}{
		{M(100, "EUR"), "512.345", "KZT", M(51235, "KZT")},            // 1.00 € × 512.345 = 512.345 ₸ → 512.35 (half up)
		{M(-100, "EUR"), "512.345", "KZT", M(-51235, "KZT")},          // and away from zero below it
		{M(100, "EUR"), "512.344999", "KZT", M(51234, "KZT")},         // just under a half rounds down
		{M(1234567, "USD"), "503.450000", "KZT", M(621542756, "KZT")}, // 12 345.67 × 503.45 = 6 215 427.5615
		{M(100000, "UZS"), "0.04", "KZT", M(4000, "KZT")},             // 1 000 сум = 40 ₸
		{M(150, "JPY"), "3.3333", "KZT", M(50000, "KZT")},             // 0-digit currency: 150 × 3.3333 = 499.995 → 500.00
		{M(1, "KZT"), "0.5", "JPY", M(0, "JPY")},                      // 0.01 ₸ × 0.5 = 0.005 ¥ → 0
		{M(100, "KZT"), "0.005", "JPY", M(0, "JPY")},                  // 1 ₸ × 0.005 = 0.005 ¥ → 0
		{M(1000, "KZT"), "0.05", "JPY", M(1, "JPY")},                  // 10 ₸ × 0.05 = 0.5 ¥ → 1
	} {
		r, err := ParseRate(tc.rate)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Convert(tc.m, r, tc.to)
		if err != nil || got != tc.want {
			t.Errorf("%v at %s → %v, %v; want %v", tc.m, tc.rate, got, err, tc.want)
		}
	}
	for _, bad := range []string{"0", "-1", "abc", "1e3", "", "1.2.3"} {
		if _, err := ParseRate(bad); !isError(err, "rate", CodeBadRate) {
			t.Errorf("rate %q accepted", bad)
		}
	}
}

func TestAmountInWords(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		lang string
		want string
	}{
		{M(0, "KZT"), "ru", "ноль тенге 00 тиын"},
		{M(100, "KZT"), "ru", "один тенге 00 тиын"},
		{M(2100, "RUB"), "ru", "двадцать один рубль 00 копеек"},
		{M(2205, "RUB"), "ru", "двадцать два рубля 05 копеек"},
		{M(100000100, "RUB"), "ru", "один миллион один рубль 00 копеек"},
		{M(125000000, "KZT"), "ru", "один миллион двести пятьдесят тысяч тенге 00 тиын"},
		{M(200000000, "RUB"), "ru", "два миллиона рублей 00 копеек"},
		{M(2100000, "KZT"), "ru", "двадцать одна тысяча тенге 00 тиын"},
		{M(MaxMinor("KZT"), "KZT"), "ru", "девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять тенге 99 тиын"},
		{M(0, "KZT"), "kk", "нөл теңге 00 тиын"},
		{M(100, "KZT"), "kk", "бір теңге 00 тиын"},
		{M(2100, "KZT"), "kk", "жиырма бір теңге 00 тиын"},
		{M(100000100, "KZT"), "kk", "бір миллион бір теңге 00 тиын"},
		{M(125000000, "KZT"), "kk", "бір миллион екі жүз елу мың теңге 00 тиын"},
		{M(MaxMinor("KZT"), "KZT"), "kk", "тоғыз жүз тоқсан тоғыз миллиард тоғыз жүз тоқсан тоғыз миллион тоғыз жүз тоқсан тоғыз мың тоғыз жүз тоқсан тоғыз теңге 99 тиын"},
		{M(0, "USD"), "en", "zero US dollars 00 cents"},
		{M(101, "USD"), "en", "one US dollar 01 cent"},
		{M(2100, "EUR"), "en", "twenty-one euros 00 cents"},
		{M(100000100, "KZT"), "en", "one million one tenge 00 tiyn"},
		{M(MaxMinor("USD"), "USD"), "en", "nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine US dollars 99 cents"},
		{M(1500, "JPY"), "en", "one thousand five hundred yen"},
	} {
		got, err := InWords(tc.m, tc.lang)
		if err != nil || got != tc.want {
			t.Errorf("%v in %s:\n got %q\nwant %q (%v)", tc.m, tc.lang, got, tc.want, err)
		}
	}
	if _, err := InWords(M(MaxMinor("KZT")+1, "KZT"), "ru"); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("above the largest amount: %v", err)
	}
}

// isError reports whether err is an *Error for field with code.
func isError(err error, field, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Field == field && e.Code == code
}
