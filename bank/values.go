package bank

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"carebook/data"
	"carebook/money"
)

// Problem codes: why a statement row cannot become a donation. Value is what
// the file held; the interface turns Code and Value into a sentence.
const (
	ProblemBadDate         = "bad_date"           // not a date
	ProblemOldDate         = "old_date"           // before 1990
	ProblemFutureDate      = "future_date"        // after today
	ProblemNoDate          = "no_date"            // the date cell is empty
	ProblemBadAmount       = "bad_amount"         // not an amount
	ProblemDoubleSign      = "double_sign"        // "--100", "+-5"
	ProblemTooManyDecimals = "too_many_decimals"  // "0,001" in tenge
	ProblemAmbiguous       = "ambiguous_amount"   // "1,234": 1234 or 1.234, the column does not say
	ProblemOverflow        = "overflow"           // more than data.MaxMajor
	ProblemZero            = "zero"               // 0,00
	ProblemNoAmount        = "no_amount"          // no amount in the row
	ProblemBothSides       = "both_sides"         // an amount in both the credit and the debit column
	ProblemNoCurrency      = "no_currency"        // neither the row nor the statement says
	ProblemUnknownCurrency = "unknown_currency"   // a code Carebook does not know
	ProblemOldCurrency     = "withdrawn_currency" // a currency no longer in use (DEM, RUR…)
	ProblemCurrencyClash   = "currency_clash"     // "100 $" in a row whose currency is KZT
	ProblemNoPayer         = "no_payer"           // the bank named nobody
	ProblemDamagedName     = "damaged_name"       // "?сел Ж.": letters lost to "?" (Excel)
	ProblemBadText         = "bad_text"           // control characters, or too long
	ProblemBadTaxID        = "bad_tax_id"         // not 9 to 14 digits
	ProblemEncoding        = "encoding"           // a line in another encoding than the file's
	ProblemUnbalanced      = "unbalanced_quote"   // a quote that never closes
	ProblemColumns         = "columns"            // the row lacks a mapped column
	ProblemBadRecord       = "bad_record"         // a 1C document or MT940 line that cannot be read
	ProblemDirection       = "direction"          // a 1C document neither received nor sent
	ProblemLineTooLong     = "line_too_long"      // a line of more than a megabyte
)

// Problem is why a row cannot be imported.
type Problem struct {
	Code  string
	Value string // the text in question
	// Digits is the currency's number of decimals (too_many_decimals); Until
	// is the last line an unbalanced quote reached.
	Digits, Until int
}

// Earliest is the first day a statement row may carry: older is a typo.
var Earliest = data.NewDate(1990, time.January, 1)

// amount is a number read from a statement, exactly: its digits with the
// decimal point implied before the last len(frac) of them.
type amount struct {
	neg       bool
	int, frac string
	code      string // a currency sign or code written with it ("₸", "KZT")
	raw       string // as the statement wrote it
}

// numberToken is what a cell says about which mark is the decimal one.
type markVote byte

const (
	voteNone  markVote = 0
	voteComma markVote = ','
	voteDot   markVote = '.'
)

// marks settles which of ',' and '.' is the decimal mark of a column, from
// the values in it that leave no doubt ("15,50", "1.234.567", "1 234.5").
type marks struct {
	comma, dot int
}

func (m *marks) add(v markVote) {
	switch v {
	case voteComma:
		m.comma++
	case voteDot:
		m.dot++
	}
}

// decimal is the column's decimal mark, or 0 when the column does not say
// (or says both).
func (m marks) decimal() byte {
	switch {
	case m.comma > 0 && m.dot == 0:
		return ','
	case m.dot > 0 && m.comma == 0:
		return '.'
	}
	return 0
}

// groupSpace reports the characters people group digits with.
func groupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\'' || r == '’'
}

// splitSign takes the sign off an amount: one '+' or '-' (or '−') before
// it, one '-' after it (as some banks print debits), or parentheses around
// it. Two signs are refused.
func splitSign(s string) (rest string, neg bool, p *Problem) {
	s = strings.TrimSpace(s)
	signs := 0
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
		neg = true
		signs++
	}
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r != '+' && r != '-' && r != '−' {
			break
		}
		signs++
		neg = neg || r != '+'
		s = strings.TrimSpace(s[size:])
	}
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if r != '-' && r != '−' && r != '+' {
			break
		}
		signs++
		neg = neg || r != '+'
		s = strings.TrimSpace(s[:len(s)-size])
	}
	if signs > 1 {
		return "", false, &Problem{Code: ProblemDoubleSign}
	}
	return s, neg, nil
}

// readAmount parses a statement amount. dec is the column's decimal mark
// when settled (0 when not). vote is what this value says about the mark.
func readAmount(s string, dec byte) (a amount, vote markVote, p *Problem) {
	bad := func(code string) (amount, markVote, *Problem) {
		return amount{}, voteNone, &Problem{Code: code, Value: strings.TrimSpace(s)}
	}
	text := strings.TrimSpace(s)
	if text == "" {
		return bad(ProblemNoAmount)
	}
	rest, neg, sp := splitSign(text)
	if sp != nil {
		return bad(sp.Code)
	}
	num, code := money.SplitCurrency(rest)
	if code != "" {
		// The sign may stand between the currency and the number: "₸ -100".
		var neg2 bool
		num, neg2, sp = splitSign(num)
		if sp != nil || (neg && neg2) {
			return bad(ProblemDoubleSign)
		}
		neg = neg || neg2
	}
	var digits strings.Builder
	for _, r := range num {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '.':
			digits.WriteRune(r)
		case groupSpace(r):
			// grouping: dropped (checked below: only between digits)
		default:
			return bad(ProblemBadAmount)
		}
	}
	n := digits.String()
	if n == "" || n[0] == ',' || n[0] == '.' && len(n) == 1 {
		return bad(ProblemBadAmount)
	}
	a = amount{neg: neg, code: code, raw: text}
	lastComma, lastDot := strings.LastIndexByte(n, ','), strings.LastIndexByte(n, '.')
	mark := byte(0) // the decimal mark of this value, once known
	switch {
	case lastComma >= 0 && lastDot >= 0:
		mark = n[max(lastComma, lastDot)]
		vote = markVote(mark)
	case lastComma >= 0 || lastDot >= 0:
		i := max(lastComma, lastDot)
		m := n[i]
		after := len(n) - i - 1
		intPart := n[:i]
		switch {
		case strings.Count(n, string(m)) > 1:
			// 1,234,567: it groups, so the other mark is the decimal one.
			vote = markVote(other(m))
		case after == 3 && len(intPart) >= 1 && len(intPart) <= 3 && intPart[0] != '0':
			// 1,234 or 12.500: grouping or three decimals; the column decides.
			if dec == 0 {
				return bad(ProblemAmbiguous)
			}
			if dec == m {
				mark = m
			}
		default:
			// 15,5 / 15,50 / 0,001 / 1234,567: only a decimal mark fits.
			mark = m
			vote = markVote(m)
		}
	}
	intPart, frac := n, ""
	if mark != 0 {
		i := strings.LastIndexByte(n, mark)
		intPart, frac = n[:i], n[i+1:]
		if frac == "" || strings.ContainsAny(frac, ",.") {
			return bad(ProblemBadAmount)
		}
	}
	if strings.ContainsAny(intPart, ",.") {
		g := byte(',')
		if strings.IndexByte(intPart, ',') < 0 {
			g = '.'
		}
		if (mark != 0 && g == mark) || strings.ContainsAny(intPart, string(other(g))) {
			return bad(ProblemBadAmount)
		}
		groups := strings.Split(intPart, string(g))
		if len(groups[0]) < 1 || len(groups[0]) > 3 || groups[0][0] == '0' {
			return bad(ProblemBadAmount)
		}
		for _, gr := range groups[1:] {
			if len(gr) != 3 {
				return bad(ProblemBadAmount)
			}
		}
		intPart = strings.Join(groups, "")
		if mark == 0 && dec != 0 && dec == g {
			// "1,234" where the column's decimal mark is ',': three decimals.
			return bad(ProblemBadAmount)
		}
	}
	if !spacedRight(num) {
		return bad(ProblemBadAmount)
	}
	a.int = strings.TrimLeft(intPart, "0")
	a.frac = frac
	return a, vote, nil
}

func other(m byte) byte {
	if m == ',' {
		return '.'
	}
	return ','
}

// spacedRight checks that spaces only group digits ("15 000", not "1 5 0").
func spacedRight(num string) bool {
	fields := strings.FieldsFunc(num, groupSpace)
	if len(fields) <= 1 {
		return true
	}
	if len(strings.TrimRight(fields[0], ",.")) > 3 {
		return false
	}
	for _, f := range fields[1:len(fields)] {
		head := f
		if i := strings.IndexAny(f, ",."); i >= 0 {
			head = f[:i]
		}
		if len(head) != 3 {
			return false
		}
	}
	return true
}

// money makes an amount into Money of the currency code, refusing more
// decimals than the currency has. A float's last-digit noise from a numeric
// Excel cell (4999.9999999999991) is rounded when float is set.
func (a amount) money(code string, float bool) (money.Money, *Problem) {
	cur, ok := money.LookupCurrency(code)
	if !ok {
		if withdrawn[strings.ToUpper(code)] {
			return money.Money{}, &Problem{Code: ProblemOldCurrency, Value: code}
		}
		return money.Money{}, &Problem{Code: ProblemUnknownCurrency, Value: code}
	}
	frac := strings.TrimRight(a.frac, "0")
	if len(frac) > cur.Digits {
		if !float || len(frac) < 10 {
			return money.Money{}, &Problem{Code: ProblemTooManyDecimals, Value: a.text(), Digits: cur.Digits}
		}
		r, _ := new(big.Rat).SetString(a.int + "." + a.frac)
		scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt64(pow10(cur.Digits)))
		n := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(scaled.Num(), big.NewInt(2)), scaled.Denom()), new(big.Int).Mul(scaled.Denom(), big.NewInt(2)))
		back := new(big.Rat).SetFrac(n, big.NewInt(pow10(cur.Digits)))
		diff := new(big.Rat).Sub(r, back)
		if diff.Abs(diff).Cmp(big.NewRat(1, 1_000_000)) > 0 {
			return money.Money{}, &Problem{Code: ProblemTooManyDecimals, Value: a.text(), Digits: cur.Digits}
		}
		s := n.String()
		if len(s) <= cur.Digits {
			s = strings.Repeat("0", cur.Digits-len(s)+1) + s
		}
		a.int, frac = s[:len(s)-cur.Digits], strings.TrimRight(s[len(s)-cur.Digits:], "0")
		a.int = strings.TrimLeft(a.int, "0")
	}
	if len(a.int) > 12 {
		return money.Money{}, &Problem{Code: ProblemOverflow, Value: a.text()}
	}
	major, _ := strconv.ParseInt("0"+a.int, 10, 64)
	if major > money.MaxMajor {
		return money.Money{}, &Problem{Code: ProblemOverflow, Value: a.text()}
	}
	frac += strings.Repeat("0", cur.Digits-len(frac))
	minor, _ := strconv.ParseInt("0"+frac, 10, 64)
	v := major*pow10(cur.Digits) + minor
	if v == 0 {
		return money.Money{}, &Problem{Code: ProblemZero, Value: a.text()}
	}
	return money.M(v, cur.Code), nil
}

func (a amount) text() string {
	if a.raw != "" {
		return a.raw
	}
	s := a.int
	if s == "" {
		s = "0"
	}
	if a.frac != "" {
		s += "." + a.frac
	}
	if a.neg {
		s = "-" + s
	}
	return s
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

// dateOrder settles, for dates written with '/', whether the day comes
// first (23/02/2026) or the month (02/23/2026).
type dateOrder struct {
	dayFirst, monthFirst int
}

func (o *dateOrder) add(v int) {
	switch v {
	case 1:
		o.dayFirst++
	case 2:
		o.monthFirst++
	}
}

// monthFirstSettled: only American-style dates seen.
func (o dateOrder) monthFirstSettled() bool { return o.monthFirst > 0 && o.dayFirst == 0 }

// readDate parses a statement date: 05.02.2026, 05.02.26, 2026-02-05,
// 05/02/2026 (day first unless the column is month-first), a time after it
// (05.02.2026 14:33, 2026-02-05T14:33:01), or 20260205. It does not check
// the range (checkDate does). vote says whether a '/' date showed its order
// (1: day first, 2: month first).
func readDate(s string, monthFirst bool) (d data.Date, vote int, p *Problem) {
	text := strings.TrimSpace(s)
	bad := &Problem{Code: ProblemBadDate, Value: text}
	if text == "" {
		return d, 0, &Problem{Code: ProblemNoDate}
	}
	if i := strings.IndexAny(text, " T"); i > 0 {
		text = text[:i]
	}
	if len(text) == 8 && strings.Trim(text, "0123456789") == "" {
		y, _ := strconv.Atoi(text[:4])
		m, _ := strconv.Atoi(text[4:6])
		day, _ := strconv.Atoi(text[6:])
		d = data.NewDate(y, time.Month(m), day)
		if !d.Valid() || y < 1900 {
			return data.Date{}, 0, bad
		}
		return d, 0, nil
	}
	var parts []string
	sep := ""
	for _, c := range []string{".", "-", "/"} {
		if strings.Count(text, c) == 2 {
			parts, sep = strings.Split(text, c), c
			break
		}
	}
	if parts == nil {
		if strings.IndexFunc(text, unicode.IsLetter) >= 0 {
			if d, err := data.ParseDate(s); err == nil && !d.IsZero() {
				return d, 0, nil
			}
		}
		return data.Date{}, 0, bad
	}
	nums := make([]int, 3)
	for i, part := range parts {
		if part == "" || len(part) > 4 || strings.Trim(part, "0123456789") != "" {
			return data.Date{}, 0, bad
		}
		nums[i], _ = strconv.Atoi(part)
	}
	var y, m, day int
	switch {
	case len(parts[0]) == 4:
		y, m, day = nums[0], nums[1], nums[2]
	case len(parts[2]) == 4 || len(parts[2]) == 2:
		y, m, day = nums[2], nums[1], nums[0]
		if sep == "/" {
			switch {
			case nums[0] > 12 && nums[1] <= 12:
				vote = 1
			case nums[1] > 12 && nums[0] <= 12:
				vote = 2
				m, day = nums[0], nums[1]
			case monthFirst:
				m, day = nums[0], nums[1]
			}
		}
		if len(parts[2]) == 2 {
			y = twoDigitYear(y)
		}
	default:
		return data.Date{}, 0, bad
	}
	d = data.NewDate(y, time.Month(m), day)
	if !d.Valid() {
		return data.Date{}, 0, bad
	}
	return d, vote, nil
}

// twoDigitYear reads 26 as 2026 and 95 as 1995: a year up to next year's is
// this century's.
func twoDigitYear(yy int) int {
	next := (time.Now().Year() + 1) % 100
	if yy <= next {
		return 2000 + yy
	}
	return 1900 + yy
}

// checkDate refuses a date before Earliest or after today.
func checkDate(d data.Date, text string, today data.Date) *Problem {
	switch {
	case d.Before(Earliest):
		return &Problem{Code: ProblemOldDate, Value: text}
	case !today.IsZero() && today.Before(d):
		return &Problem{Code: ProblemFutureDate, Value: text}
	}
	return nil
}

// excelDate reads an Excel date serial (days since 1899-12-30, or since
// 1904-01-01 in workbooks made on old Macs), as a date cell holds it.
func excelDate(s string, date1904 bool) (data.Date, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 1 || f > 2958465 {
		return data.Date{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return data.DateOf(base.AddDate(0, 0, int(f))), true
}

// Error is an English sentence about the problem, for the command line and
// logs (the interface builds its own from Code and Value).
func (p *Problem) Error() string {
	v := "«" + p.Value + "»"
	switch p.Code {
	case ProblemBadDate:
		return v + " is not a date"
	case ProblemOldDate:
		return v + " is before 1990: a typo?"
	case ProblemFutureDate:
		return v + " is in the future"
	case ProblemNoDate:
		return "no date"
	case ProblemBadAmount:
		return v + " is not an amount"
	case ProblemDoubleSign:
		return v + " has two signs"
	case ProblemTooManyDecimals:
		return fmt.Sprintf("%s has more decimals than the currency has (%d)", v, p.Digits)
	case ProblemAmbiguous:
		return v + " could be read two ways (a thousand separator, or three decimals) and the column does not say which"
	case ProblemOverflow:
		return v + " is too large"
	case ProblemZero:
		return "the amount is zero"
	case ProblemNoAmount:
		return "no amount"
	case ProblemBothSides:
		return "amounts in both the credit and the debit column (" + p.Value + ")"
	case ProblemNoCurrency:
		return "the statement does not say its currency: give it"
	case ProblemUnknownCurrency:
		return "unknown currency " + v
	case ProblemOldCurrency:
		return "withdrawn currency " + v + ": no longer in use"
	case ProblemCurrencyClash:
		return v + " is in another currency than the row's"
	case ProblemNoPayer:
		return "the bank names no payer: enter this donation by hand"
	case ProblemDamagedName:
		return "the name " + v + " was damaged by Excel (letters became ?): export the statement as XLSX or UTF-8"
	case ProblemBadText:
		return v + " cannot be stored (too long, or with control characters)"
	case ProblemBadTaxID:
		return v + " is not a tax number (9 to 14 digits)"
	case ProblemEncoding:
		return "this line is in another encoding than the rest of the file"
	case ProblemUnbalanced:
		return "a quote opens on this line and never closes"
	case ProblemColumns:
		return "the row has no column " + p.Value
	case ProblemBadRecord:
		return v + " cannot be read"
	case ProblemDirection:
		return "payment " + p.Value + " neither came into the account nor left it"
	case ProblemLineTooLong:
		return "the line is longer than a megabyte"
	}
	return p.Code
}

// FormatName says in English what the file was found to be.
func (s *Source) FormatName() string {
	switch s.Format {
	case Format1C:
		return "1C exchange format " + s.Facts.Version + " (" + s.Encoding + ")"
	case FormatMT940:
		return "SWIFT MT940 (" + s.Encoding + ")"
	case FormatXLSX:
		return "Excel workbook, sheet «" + s.Sheet + "»"
	}
	sep := map[rune]string{';': "';'", ',': "','", '\t': "tabs", '|': "'|'"}[s.Sep]
	return "table (CSV, separated by " + sep + ", " + s.Encoding + ")"
}

// withdrawn are ISO 4217 codes of currencies no longer in use, which old
// statements and test files still carry: said as such, not as unknown.
var withdrawn = map[string]bool{
	"DEM": true, "FRF": true, "ITL": true, "ESP": true, "NLG": true, "BEF": true, "ATS": true, "FIM": true,
	"IEP": true, "PTE": true, "GRD": true, "LUF": true, "CYP": true, "MTL": true, "SIT": true, "SKK": true,
	"EEK": true, "LVL": true, "LTL": true, "HRK": true, "RUR": true, "SUR": true, "BYR": true, "TMM": true,
	"AZM": true, "GEK": true, "UAK": true, "XEU": true, "YUM": true, "ROL": true, "TRL": true,
}
