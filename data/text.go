package data

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Length limits, in characters (runes).
const (
	maxName  = 100
	maxShort = 200
	maxLine  = 500
	maxLong  = 20000
	maxBody  = 50000
)

// textRule says what a text field may hold.
type textRule int

const (
	ruleName textRule = iota // a person's name: letters, marks, spaces, - ' . and apostrophes
	ruleLine                 // one line of any printable text
	ruleLong                 // several lines of any printable text
)

// normalizeText trims, turns Windows line ends into \n, tabs in one-line
// fields into spaces, and composes characters (NFC) so that a Kazakh letter
// pasted as base + combining mark is stored and found like a typed one.
func normalizeText(s string, rule textRule) string {
	if !utf8.ValidString(s) {
		return s // reported by checkText; do not guess
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if rule != ruleLong {
		s = strings.ReplaceAll(s, "\t", " ")
	}
	s = norm.NFC.String(s)
	return strings.TrimSpace(s)
}

// nameApostrophes are the apostrophe look-alikes people type in Uzbek Latin
// names (Oʻ, Gʻ, ʼ) and elsewhere.
const nameApostrophes = "'’‘ʻʼ`´"

// checkText normalizes *p in place and records what is wrong with it.
func (fe *fieldErrs) checkText(field string, p *string, rule textRule, max int, required bool) {
	*p = normalizeText(*p, rule)
	s := *p
	if !utf8.ValidString(s) {
		fe.add(field, CodeInvalidUTF8)
		return
	}
	if s == "" {
		if required {
			fe.add(field, CodeRequired)
		}
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		fe.add(field, CodeTooLong, "max", max, "length", n)
		return
	}
	var bad []rune
	for _, r := range s {
		if r == '\n' && rule == ruleLong || r == '\t' && rule == ruleLong {
			continue
		}
		if isControl(r) {
			fe.add(field, CodeControlChars)
			return
		}
		if rule == ruleName && !nameRune(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	if len(bad) > 0 {
		fe.add(field, CodeBadChars, "chars", string(bad))
	}
}

// isControl reports characters that have no business in typed text: C0 and C1
// controls, bidi overrides, and the replacement character left by a broken paste.
func isControl(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

func nameRune(r rune) bool {
	if unicode.IsLetter(r) || unicode.Is(unicode.M, r) || r == ' ' || r == '-' || r == '.' || r == '‐' {
		return true
	}
	return strings.ContainsRune(nameApostrophes, r)
}

var folder = cases.Fold()

// kazakhFold maps the letters of the Kazakh alphabet that a Russian keyboard
// lacks to the letters people type instead, so "кайрат" finds "Қайрат".
var kazakhFold = strings.NewReplacer(
	"ә", "а", "ғ", "г", "қ", "к", "ң", "н", "ө", "о", "ұ", "у", "ү", "у", "һ", "х", "і", "и", "ё", "е",
)

// Fold returns the form of s that search compares: case folded in every script,
// Kazakh letters and ё mapped to their Russian keyboard look-alikes, and
// apostrophes (Uzbek oʻ, gʻ) dropped. Both the stored search column and the
// query are folded the same way.
func Fold(s string) string {
	s = norm.NFC.String(s)
	s = folder.String(s)
	s = kazakhFold.Replace(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case strings.ContainsRune(nameApostrophes, r):
			continue
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// searchText joins the folded parts into the stored search column.
func searchText(parts ...string) string {
	var out []string
	for _, p := range parts {
		if f := Fold(p); f != "" {
			out = append(out, f)
		}
	}
	return " " + strings.Join(out, " ") + " "
}

// checkEmail does the only checks worth doing on an e-mail address.
func (fe *fieldErrs) checkEmail(field string, p *string) {
	fe.checkText(field, p, ruleLine, maxShort, false)
	s := *p
	if s == "" {
		return
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.ContainsAny(s, " ,;<>") || !strings.Contains(s[at:], ".") {
		fe.add(field, CodeBadEmail)
	}
}

// checkEnum records an unknown value; empty is allowed unless required.
func checkEnum[T ~string](fe *fieldErrs, field string, v T, required bool, allowed []T) {
	if v == "" {
		if required {
			fe.add(field, CodeRequired)
		}
		return
	}
	for _, a := range allowed {
		if a == v {
			return
		}
	}
	fe.add(field, CodeUnknownValue, "value", string(v))
}
