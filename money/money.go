// Package money is amounts of money as Carebook keeps them: whole minor units
// of an ISO 4217 currency, never floats; how people in Kazakhstan and
// Uzbekistan type and read them in four languages; conversion at exact
// decimal rates; and amounts written out in words for letters and receipts.
// It imports nothing of Carebook's.
package money

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Currency describes an ISO 4217 currency: its minor digits (ISO 4217's own
// minor unit, so UZS has 2) and the symbols people write.
type Currency struct {
	Code   string
	Digits int
	// Symbol is written before the number in English (₸1,234.50) and after it
	// in Russian and Kazakh (1 234,50 ₸). Empty means the code is written.
	Symbol string
	// Local is the word used after the number in ru/kk/uz when it differs from
	// Symbol (UZS: "сум").
	Local string
}

// currencies holds the active currencies a foundation in Central Asia meets.
// Historic codes (RUR, DEM) and funds or metals (XAU, XXX) are deliberately absent.
var currencies = map[string]Currency{}

func init() {
	for _, c := range []Currency{
		{"KZT", 2, "₸", ""}, {"UZS", 2, "", "сум"}, {"RUB", 2, "₽", ""}, {"EUR", 2, "€", ""},
		{"USD", 2, "$", ""}, {"ILS", 2, "₪", ""}, {"GBP", 2, "£", ""}, {"CHF", 2, "", ""},
		{"TRY", 2, "₺", ""}, {"KGS", 2, "", "сом"}, {"TJS", 2, "", ""}, {"TMT", 2, "", ""},
		{"AZN", 2, "₼", ""}, {"GEL", 2, "₾", ""}, {"AMD", 2, "֏", ""}, {"BYN", 2, "", ""},
		{"UAH", 2, "₴", ""}, {"MDL", 2, "", ""}, {"CNY", 2, "CN¥", ""}, {"JPY", 0, "¥", ""},
		{"KRW", 0, "₩", ""}, {"INR", 2, "₹", ""}, {"AED", 2, "", ""}, {"SAR", 2, "", ""},
		{"QAR", 2, "", ""}, {"KWD", 3, "", ""}, {"PLN", 2, "", "zł"}, {"CZK", 2, "", "Kč"},
		{"HUF", 2, "", "Ft"}, {"SEK", 2, "", "kr"}, {"NOK", 2, "", "kr"}, {"DKK", 2, "", "kr"},
		{"CAD", 2, "", ""}, {"AUD", 2, "", ""}, {"MNT", 2, "₮", ""}, {"AFN", 2, "", ""},
		{"IRR", 2, "", ""}, {"PKR", 2, "", ""}, {"SGD", 2, "", ""}, {"HKD", 2, "", ""},
	} {
		currencies[c.Code] = c
	}
}

// LookupCurrency returns the currency with the ISO code (any letter case).
func LookupCurrency(code string) (Currency, bool) {
	c, ok := currencies[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// CurrencyCodes lists the known codes, the foundation's usual ones first.
func CurrencyCodes() []string {
	first := []string{"KZT", "UZS", "RUB", "EUR", "USD", "ILS"}
	seen := map[string]bool{}
	for _, c := range first {
		seen[c] = true
	}
	var rest []string
	for c := range currencies {
		if !seen[c] {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	return append(first, rest...)
}

// MaxMajor is the largest whole amount Carebook accepts: 999 999 999 999 units
// of any currency (almost a trillion), far above any treatment, and low enough
// that sums of many amounts never overflow int64.
const MaxMajor = 999_999_999_999

// Money is an exact amount: a count of the currency's minor units. Never a float.
type Money struct {
	Minor    int64
	Currency string
}

// M builds Money from minor units.
func M(minor int64, code string) Money { return Money{minor, code} }

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// MaxMinor is the largest accepted count of minor units in the currency.
func MaxMinor(code string) int64 {
	c, _ := LookupCurrency(code)
	return (MaxMajor+1)*pow10(c.Digits) - 1
}

// IsZero reports a zero amount.
func (m Money) IsZero() bool { return m.Minor == 0 }

// Add returns m+n; both must be in the same currency.
func (m Money) Add(n Money) (Money, error) {
	if m.Currency != n.Currency {
		return Money{}, fmt.Errorf("cannot add %s to %s", n.Currency, m.Currency)
	}
	s := m.Minor + n.Minor
	if (s > m.Minor) != (n.Minor > 0) {
		return Money{}, fmt.Errorf("sum overflows")
	}
	return Money{s, m.Currency}, nil
}

// groupDigits writes the decimal digits of n with sep between groups of three.
func groupDigits(n uint64, sep string) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Number is the amount without any currency sign, as the language writes
// numbers: 1 234 567,50 in ru/kk/uz (no-break spaces), 1,234,567.50 in en.
func (m Money) Number(lang string) string {
	c, ok := LookupCurrency(m.Currency)
	if !ok {
		c = Currency{Code: m.Currency, Digits: 2}
	}
	group, dec := ",", "."
	if langOf(lang) != "en" {
		group, dec = "\u00a0", ","
	}
	neg := m.Minor < 0
	u := uint64(m.Minor)
	if neg {
		u = uint64(-(m.Minor + 1)) + 1 // safe for MinInt64
	}
	p := uint64(pow10(c.Digits))
	s := groupDigits(u/p, group)
	if c.Digits > 0 {
		s += dec + fmt.Sprintf("%0*d", c.Digits, u%p)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Format writes the amount with its currency the way a reader of the language
// expects: "1 234,50 ₸" in ru and kk, "₸1,234.50" and "€12,500.00" in en, and
// the ISO code where a currency has no common sign ("UZS 1,234.50").
func (m Money) Format(lang string) string {
	c, ok := LookupCurrency(m.Currency)
	if !ok {
		c = Currency{Code: m.Currency}
	}
	num := m.Number(lang)
	if langOf(lang) == "en" {
		if c.Symbol == "" {
			return c.Code + "\u00a0" + num
		}
		if strings.HasPrefix(num, "-") {
			return "-" + c.Symbol + num[1:]
		}
		return c.Symbol + num
	}
	sign := c.Symbol
	if l := localSign(c, lang); l != "" {
		sign = l
	}
	if sign == "" {
		sign = c.Code
	}
	return num + "\u00a0" + sign
}

// localSign is the word a language writes after an amount instead of the
// symbol: the sum is «сум» in Russian, «сом» in Kazakh, «soʻm» in Uzbek.
func localSign(c Currency, lang string) string {
	switch c.Code + "/" + langOf(lang) {
	case "UZS/kk":
		return "сом"
	case "UZS/uz":
		return "soʻm"
	case "KGS/uz":
		return "som"
	}
	return c.Local
}

// String is the English form, for logs.
func (m Money) String() string { return m.Format("en") }

// Plain is a machine-friendly form: "1234.50 KZT".
func (m Money) Plain() string {
	return string(append(append(m.AppendNumber(make([]byte, 0, 24+len(m.Currency))), ' '), m.Currency...))
}

// AppendNumber appends the amount without its currency, as Plain writes
// it ("1234.50"), to b: for files and command output of many amounts.
func (m Money) AppendNumber(b []byte) []byte {
	c, ok := LookupCurrency(m.Currency)
	if !ok {
		c.Digits = 2
	}
	u := uint64(m.Minor)
	if m.Minor < 0 {
		b = append(b, '-')
		u = uint64(-(m.Minor + 1)) + 1
	}
	p := uint64(pow10(c.Digits))
	b = strconv.AppendUint(b, u/p, 10)
	if c.Digits > 0 {
		b = append(b, '.')
		frac := u % p
		for q := p / 10; q > frac && q > 1; q /= 10 {
			b = append(b, '0')
		}
		b = strconv.AppendUint(b, frac, 10)
	}
	return b
}

// currencySigns maps what people write next to a number to the ISO code.
var currencySigns = map[string]string{
	"₸": "KZT", "тг": "KZT", "тг.": "KZT", "тенге": "KZT", "теңге": "KZT",
	"₽": "RUB", "руб": "RUB", "руб.": "RUB", "р.": "RUB", "€": "EUR", "$": "USD", "₪": "ILS",
	"сум": "UZS", "сўм": "UZS", "so'm": "UZS", "soʻm": "UZS", "£": "GBP", "₺": "TRY",
	"₼": "AZN", "₾": "GEL", "₴": "UAH", "₩": "KRW", "₹": "INR", "₮": "MNT",
}

// signsLongestFirst are the currency signs, longest first so that "тенге"
// wins over a shorter match.
var signsLongestFirst = func() []string {
	keys := make([]string, 0, len(currencySigns))
	for k := range currencySigns {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}()

// SplitCurrency takes a currency sign or code off either end of s: "1 234 ₸"
// gives "1 234" and "KZT"; code is "" when s names none.
func SplitCurrency(s string) (rest, code string) { return splitCurrency(s) }

// splitCurrency takes a currency sign or code off either end of s.
func splitCurrency(s string) (rest, code string) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	for _, k := range signsLongestFirst {
		if strings.HasSuffix(low, k) {
			return strings.TrimSpace(s[:len(s)-len(k)]), currencySigns[k]
		}
		if strings.HasPrefix(low, k) {
			return strings.TrimSpace(s[len(k):]), currencySigns[k]
		}
	}
	// A three-letter code before or after the number.
	if len(s) > 3 {
		if head := s[:3]; isLetters(head) {
			return strings.TrimSpace(s[3:]), strings.ToUpper(head)
		}
		if tail := s[len(s)-3:]; isLetters(tail) {
			return strings.TrimSpace(s[:len(s)-3]), strings.ToUpper(tail)
		}
	}
	return s, ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// Parse reads an amount as people type it, in the currency `code`:
// "1 234,50", "1234.50", "1,234.50", "1 234 ₸", "€12,500". A sign or code in
// the text must agree with `code`; when code is "" the text must name one.
// It accepts negative numbers (the caller's validation decides); it refuses
// "12,5,0", "1e9", more than MaxMajor and more decimals than the currency has.
// Errors are *Error for the field "amount" (or "currency").
func Parse(s, code string) (Money, error) {
	fail := func(field, c string, kv ...any) (Money, error) {
		e := &Error{Field: field, Code: c}
		if len(kv) == 2 {
			e.Params = map[string]any{kv[0].(string): kv[1]}
		}
		return Money{}, e
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return fail("amount", CodeRequired)
	}
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		neg = true
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	}
	// The chosen currency's own sign is always understood (¥ is JPY when the
	// form says JPY, even though alone it could be CNY).
	if c, ok := LookupCurrency(code); ok {
		for _, sign := range []string{c.Symbol, c.Local, c.Code} {
			if sign == "" {
				continue
			}
			if strings.HasPrefix(s, sign) {
				s = strings.TrimSpace(strings.TrimPrefix(s, sign))
			} else if strings.HasSuffix(s, sign) {
				s = strings.TrimSpace(strings.TrimSuffix(s, sign))
			}
		}
	}
	num, named := splitCurrency(s)
	if named != "" {
		if code != "" && !strings.EqualFold(named, code) {
			return fail("amount", CodeBadAmount)
		}
		code = named
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	cur, ok := LookupCurrency(code)
	if !ok {
		if code == "" {
			return fail("currency", CodeRequired)
		}
		return fail("currency", CodeUnknownCurrency, "value", code)
	}
	// Drop the spaces people group digits with (space, no-break, thin, narrow).
	num = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\'' {
			return -1
		}
		return r
	}, num)
	if strings.HasPrefix(num, "-") || strings.HasPrefix(num, "−") || strings.HasPrefix(num, "+") {
		if neg {
			return fail("amount", CodeBadAmount) // two signs: "--100" is not 100
		}
		neg = !strings.HasPrefix(num, "+")
		num = strings.TrimLeft(num, "-−+")
	}
	if num == "" {
		return fail("amount", CodeBadAmount)
	}
	for _, r := range num {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return fail("amount", CodeBadAmount)
		}
	}
	intPart, frac, err := splitDecimal(num, cur.Digits)
	if err != nil {
		return fail("amount", CodeBadAmount)
	}
	intPart = strings.TrimLeft(intPart, "0")
	maxMoney := Money{MaxMinor(code), code}
	if len(intPart) > 12 {
		return fail("amount", CodeOverflow, "max", maxMoney.Format("en"))
	}
	major, _ := strconv.ParseInt("0"+intPart, 10, 64)
	if major > MaxMajor {
		return fail("amount", CodeOverflow, "max", maxMoney.Format("en"))
	}
	frac += strings.Repeat("0", cur.Digits-len(frac))
	minor, _ := strconv.ParseInt("0"+frac, 10, 64)
	v := major*pow10(cur.Digits) + minor
	if neg {
		v = -v
	}
	return Money{v, code}, nil
}

// splitDecimal finds which of ',' and '.' is the decimal mark and checks that
// the other one groups digits by three.
func splitDecimal(num string, digits int) (intPart, frac string, err error) {
	bad := fmt.Errorf("not a number")
	lastComma, lastDot := strings.LastIndex(num, ","), strings.LastIndex(num, ".")
	dec := -1
	switch {
	case lastComma >= 0 && lastDot >= 0:
		dec = max(lastComma, lastDot)
	case lastComma >= 0 || lastDot >= 0:
		i := max(lastComma, lastDot)
		mark := num[i : i+1]
		after := len(num) - i - 1
		// One mark followed by 1..digits digits is a decimal mark; otherwise
		// it groups thousands (1,234 and 1.234.567).
		if strings.Count(num, mark) == 1 && after >= 1 && after <= digits && after != 3 {
			dec = i
		} else if strings.Count(num, mark) == 1 && after == 3 && digits >= 3 {
			dec = i
		}
	}
	intPart = num
	if dec >= 0 {
		intPart, frac = num[:dec], num[dec+1:]
		if strings.ContainsAny(frac, ",.") || len(frac) == 0 || len(frac) > digits {
			return "", "", bad
		}
	}
	if strings.ContainsAny(intPart, ",.") {
		// Grouping: the group mark must be one kind, the first group 1..3
		// digits, every other exactly 3.
		groupMark := ","
		if strings.Contains(intPart, ".") {
			groupMark = "."
		}
		if strings.Contains(intPart, ",") && strings.Contains(intPart, ".") {
			return "", "", bad
		}
		if dec >= 0 && num[dec:dec+1] == groupMark {
			return "", "", bad
		}
		groups := strings.Split(intPart, groupMark)
		// "0,001" groups nothing: it has too many decimals.
		if len(groups[0]) < 1 || len(groups[0]) > 3 || groups[0][0] == '0' {
			return "", "", bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", "", bad
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" {
		intPart = "0"
	}
	return intPart, frac, nil
}

// MustParse parses or panics; for fixed amounts in code and tests.
func MustParse(s, code string) Money {
	m, err := Parse(s, code)
	if err != nil {
		panic(err)
	}
	return m
}

// Float is for charts only, never for sums.
func (m Money) Float() float64 {
	c, _ := LookupCurrency(m.Currency)
	return float64(m.Minor) / math.Pow10(c.Digits)
}
