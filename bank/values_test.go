package bank

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"carebook/data"
	"carebook/money"
)

func TestAmountsAreReadExactlyOrRefusedWithAReason(t *testing.T) {
	for _, tc := range []struct {
		in   string
		dec  byte // the column's decimal mark, when settled
		want string
		neg  bool
		code string // the problem
	}{
		{in: "15 000,00", want: "15000.00 KZT"},
		{in: "15\u00a0000,50", want: "15000.50 KZT"},
		{in: "1,234.50", want: "1234.50 KZT"},
		{in: "1.234,50", want: "1234.50 KZT"},
		{in: "1 234.5", want: "1234.50 KZT"},
		{in: "+5 000,00 ₸", want: "5000.00 KZT"},
		{in: "5000 KZT", want: "5000.00 KZT"},
		{in: "-2 000,00", want: "2000.00 KZT", neg: true},
		{in: "2 000,00-", want: "2000.00 KZT", neg: true},
		{in: "(2 000,00)", want: "2000.00 KZT", neg: true},
		{in: "1,234,567", want: "1234567.00 KZT"},
		{in: "1,234", dec: '.', want: "1234.00 KZT"},
		{in: "1.234", dec: ',', want: "1234.00 KZT"},
		{in: "0,5", want: "0.50 KZT"},
		{in: "--100", code: ProblemDoubleSign},
		{in: "+-100", code: ProblemDoubleSign},
		{in: "-100-", code: ProblemDoubleSign},
		{in: "0,001", code: ProblemTooManyDecimals},
		{in: "12,345", dec: ',', code: ProblemTooManyDecimals},
		{in: "1,234", code: ProblemAmbiguous},
		{in: "12.500", code: ProblemAmbiguous},
		{in: "1 5 0", code: ProblemBadAmount},
		{in: "12,5,0", code: ProblemBadAmount},
		{in: "1e9", code: ProblemBadAmount},
		{in: "abc", code: ProblemBadAmount},
		{in: "", code: ProblemNoAmount},
		{in: "0,00", code: ProblemZero},
		{in: "1000000000000", code: ProblemOverflow},
		{in: "100 €", code: ProblemCurrencyClash},
	} {
		a, _, p := readAmount(tc.in, tc.dec)
		var m money.Money
		if p == nil {
			code := "KZT"
			if a.code != "" && a.code != code {
				p = &Problem{Code: ProblemCurrencyClash}
			} else {
				m, p = a.money(code, false)
			}
		}
		switch {
		case tc.code != "":
			if p == nil || p.Code != tc.code {
				t.Errorf("%q: want %s, got %v %v", tc.in, tc.code, m, p)
			}
		case p != nil:
			t.Errorf("%q: %s", tc.in, p.Code)
		case m.Plain() != tc.want || a.neg != tc.neg:
			t.Errorf("%q: read as %s (negative %v), want %s (negative %v)", tc.in, m.Plain(), a.neg, tc.want, tc.neg)
		}
	}
}

func TestAnExcelFloatIsRoundedOnlyWhenItIsNoise(t *testing.T) {
	a, _, _ := readAmount("4999.9999999999991", '.')
	if m, p := a.money("KZT", true); p != nil || m != money.M(500000, "KZT") {
		t.Fatalf("float noise: %v %v", m, p)
	}
	a, _, _ = readAmount("4999.995", '.')
	if _, p := a.money("KZT", true); p == nil || p.Code != ProblemTooManyDecimals {
		t.Fatalf("three real decimals: %v", p)
	}
}

func TestDatesAsBanksWriteThem(t *testing.T) {
	today := data.MustDate("2026-03-10")
	for _, tc := range []struct {
		in         string
		monthFirst bool
		want       string
		code       string
	}{
		{in: "05.02.2026", want: "2026-02-05"},
		{in: "05.02.26", want: "2026-02-05"},
		{in: "2026-02-05", want: "2026-02-05"},
		{in: "2026-02-05T14:33:01", want: "2026-02-05"},
		{in: "05.02.2026 14:33", want: "2026-02-05"},
		{in: "05/02/2026", want: "2026-02-05"},
		{in: "02/05/2026", monthFirst: true, want: "2026-02-05"},
		{in: "20260205", want: "2026-02-05"},
		{in: "31.02.2026", code: ProblemBadDate},
		{in: "05.02.0226", code: ProblemOldDate},
		{in: "05.02.0001", code: ProblemOldDate},
		{in: "05.02.1989", code: ProblemOldDate},
		{in: "11.03.2026", code: ProblemFutureDate},
		{in: "", code: ProblemNoDate},
		{in: "вчера", code: ProblemBadDate},
	} {
		d, _, p := readDate(tc.in, tc.monthFirst)
		if p == nil {
			p = checkDate(d, tc.in, today)
		}
		switch {
		case tc.code != "":
			if p == nil || p.Code != tc.code {
				t.Errorf("%q: want %s, got %v %v", tc.in, tc.code, d, p)
			}
		case p != nil:
			t.Errorf("%q: %s", tc.in, p.Code)
		case d.String() != tc.want:
			t.Errorf("%q: %s, want %s", tc.in, d, tc.want)
		}
	}
}

// A line that quotes nothing is split as the quote-aware reader splits it,
// whatever it holds: every line of the sample statements, with each
// separator.
func TestUnquotedLinesSplitAsQuotedOnesDo(t *testing.T) {
	lines := []string{"", ";", " a ; b ;", "01.02.2026;5 000,00;KZT;ТОО «Береке»;Oʻgʻiloy uchun", "\t\t", "a,b\t,c"}
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	n := 0
	for _, line := range lines {
		if strings.ContainsRune(line, '"') || !utf8.ValidString(line) {
			continue
		}
		n++
		for _, sep := range []rune{';', ',', '\t', '|'} {
			fast, _ := splitFields(line, sep)
			slow, _ := splitQuoted(line, sep)
			if !slices.Equal(fast, slow) {
				t.Errorf("%q split by %q: %q, the quote-aware way %q", line, sep, fast, slow)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d lines tried", n)
	}
}
