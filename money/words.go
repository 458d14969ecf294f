package money

import (
	"fmt"
	"strings"
)

// InWords spells an amount for letters and receipts: the whole units in
// words, the minor units in digits, as Russian and Kazakh paperwork writes it:
//
//	ru: «один миллион двести пятьдесят тысяч тенге 00 тиын»
//	kk: «бір миллион екі жүз елу мың теңге 00 тиын»
//	en: «one million two hundred fifty thousand tenge 00 tiyn»
func InWords(m Money, lang string) (string, error) {
	c, ok := LookupCurrency(m.Currency)
	if !ok {
		return "", fmt.Errorf("unknown currency %s", m.Currency)
	}
	minor := m.Minor
	neg := minor < 0
	if neg {
		minor = -minor
	}
	p := pow10(c.Digits)
	major, rest := minor/p, minor%p
	if major > MaxMajor {
		return "", fmt.Errorf("amount too large to spell: %s", m.Plain())
	}
	names := currencyWords(c.Code, langOf(lang))
	var b strings.Builder
	switch langOf(lang) {
	case "ru":
		if neg {
			b.WriteString("минус ")
		}
		b.WriteString(ruNumber(major, names.feminine))
		b.WriteString(" " + names.forms[pluralRu(major)])
	case "kk":
		if neg {
			b.WriteString("минус ")
		}
		b.WriteString(kkNumber(major))
		b.WriteString(" " + names.forms[0])
	case "uz":
		if neg {
			b.WriteString("minus ")
		}
		b.WriteString(uzNumber(major))
		b.WriteString(" " + names.forms[0])
	default:
		if neg {
			b.WriteString("minus ")
		}
		b.WriteString(enNumber(major))
		if major == 1 {
			b.WriteString(" " + names.forms[0])
		} else {
			b.WriteString(" " + names.forms[2])
		}
	}
	if c.Digits > 0 {
		form := names.minor[2]
		switch langOf(lang) {
		case "ru":
			form = names.minor[pluralRu(rest)]
		case "en":
			if rest == 1 {
				form = names.minor[0]
			}
		}
		if form == "" { // a currency without names: the fraction as digits
			form = fmt.Sprintf("/%d", p)
			fmt.Fprintf(&b, " %0*d%s", c.Digits, rest, form)
		} else {
			fmt.Fprintf(&b, " %0*d %s", c.Digits, rest, form)
		}
	}
	return b.String(), nil
}

// currencyName holds the forms of a currency's name: for Russian one, few,
// many (1 рубль, 2 рубля, 5 рублей); for English singular at 0 and plural at 2.
type currencyName struct {
	forms    [3]string
	minor    [3]string
	feminine bool // Russian grammatical gender of the unit
}

func currencyWords(code, lang string) currencyName {
	n, ok := currencyNamesOf[code]
	if !ok {
		same := func(s string) [3]string { return [3]string{s, s, s} }
		return currencyName{forms: same(code), minor: same("")}
	}
	two := func(a, b string) [3]string { return [3]string{a, b, b} }
	switch lang {
	case "ru":
		return currencyName{forms: [3]string{n.ru[0], n.ru[1], n.ru[2]}, minor: [3]string{n.ru[3], n.ru[4], n.ru[5]}, feminine: n.feminine}
	case "kk":
		return currencyName{forms: two(n.kk[0], n.kk[0]), minor: two(n.kk[1], n.kk[1])}
	case "uz":
		return currencyName{forms: two(n.uz[0], n.uz[0]), minor: two(n.uz[1], n.uz[1])}
	}
	return currencyName{forms: [3]string{n.en[0], "", n.en[1]}, minor: [3]string{n.en[2], "", n.en[3]}}
}

// pluralRu picks the Russian form: 0 one (1, 21), 1 few (2–4, 22), 2 many (5–20, 0).
func pluralRu(n int64) int {
	n %= 100
	switch {
	case n >= 11 && n <= 14:
		return 2
	case n%10 == 1:
		return 0
	case n%10 >= 2 && n%10 <= 4:
		return 1
	}
	return 2
}

var (
	ruOnes     = []string{"", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"}
	ruOnesF    = []string{"", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"}
	ruTeens    = []string{"десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"}
	ruTens     = []string{"", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"}
	ruHundreds = []string{"", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"}
	ruScales   = []struct {
		forms    [3]string
		feminine bool
	}{
		{[3]string{"", "", ""}, false},
		{[3]string{"тысяча", "тысячи", "тысяч"}, true},
		{[3]string{"миллион", "миллиона", "миллионов"}, false},
		{[3]string{"миллиард", "миллиарда", "миллиардов"}, false},
	}
)

func ruTriple(n int64, feminine bool) []string {
	var w []string
	if h := n / 100; h > 0 {
		w = append(w, ruHundreds[h])
	}
	switch t := n % 100; {
	case t >= 10 && t < 20:
		w = append(w, ruTeens[t-10])
	default:
		if t/10 > 0 {
			w = append(w, ruTens[t/10])
		}
		if o := t % 10; o > 0 {
			if feminine {
				w = append(w, ruOnesF[o])
			} else {
				w = append(w, ruOnes[o])
			}
		}
	}
	return w
}

// spell writes n in words: each group of three digits, from the billions
// down, spelled by group (which also adds the scale word), zero when n is 0.
func spell(n int64, zero string, group func(part int64, scale int) []string) string {
	if n == 0 {
		return zero
	}
	var words []string
	for scale := 3; scale >= 0; scale-- {
		if part := n / pow10(3*scale) % 1000; part > 0 {
			words = append(words, group(part, scale)...)
		}
	}
	return strings.Join(words, " ")
}

func ruNumber(n int64, feminine bool) string {
	return spell(n, "ноль", func(part int64, scale int) []string {
		w := ruTriple(part, ruScales[scale].feminine || scale == 0 && feminine)
		if scale > 0 {
			w = append(w, ruScales[scale].forms[pluralRu(part)])
		}
		return w
	})
}

var (
	kkOnes   = []string{"", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"}
	kkTens   = []string{"", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"}
	kkScales = []string{"", "мың", "миллион", "миллиард"}
)

func kkNumber(n int64) string {
	return spell(n, "нөл", func(part int64, scale int) []string {
		var w []string
		if h := part / 100; h > 1 {
			w = append(w, kkOnes[h], "жүз")
		} else if h == 1 {
			w = append(w, "жүз")
		}
		if t := part % 100 / 10; t > 0 {
			w = append(w, kkTens[t])
		}
		if o := part % 10; o > 0 {
			w = append(w, kkOnes[o])
		}
		if scale > 0 {
			w = append(w, kkScales[scale])
		}
		return w
	})
}

var (
	uzOnes   = []string{"", "bir", "ikki", "uch", "toʻrt", "besh", "olti", "yetti", "sakkiz", "toʻqqiz"}
	uzTens   = []string{"", "oʻn", "yigirma", "oʻttiz", "qirq", "ellik", "oltmish", "yetmish", "sakson", "toʻqson"}
	uzScales = []string{"", "ming", "million", "milliard"}
)

// uzNumber spells a number in Uzbek (Latin) as formal papers do: 1 200 000
// is «bir million ikki yuz ming», 123 «bir yuz yigirma uch», 1 000 «bir ming».
func uzNumber(n int64) string {
	return spell(n, "nol", func(part int64, scale int) []string {
		var w []string
		if h := part / 100; h > 0 {
			w = append(w, uzOnes[h], "yuz")
		}
		if t := part % 100 / 10; t > 0 {
			w = append(w, uzTens[t])
		}
		if o := part % 10; o > 0 {
			w = append(w, uzOnes[o])
		}
		if scale > 0 {
			w = append(w, uzScales[scale])
		}
		return w
	})
}

var (
	enOnes = []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	enTens   = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	enScales = []string{"", "thousand", "million", "billion"}
)

func enNumber(n int64) string {
	return spell(n, "zero", func(part int64, scale int) []string {
		var w []string
		if h := part / 100; h > 0 {
			w = append(w, enOnes[h], "hundred")
		}
		switch t := part % 100; {
		case t == 0:
		case t < 20:
			w = append(w, enOnes[t])
		case t%10 == 0:
			w = append(w, enTens[t/10])
		default:
			w = append(w, enTens[t/10]+"-"+enOnes[t%10])
		}
		if scale > 0 {
			w = append(w, enScales[scale])
		}
		return w
	})
}
