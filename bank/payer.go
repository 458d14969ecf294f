package bank

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"carebook/data"
)

// A payer is matched to a donor by tax number first, then by name. Names
// are compared in a folded form that ignores what banks write differently
// about the same payer: the kind of quotes (ТОО "Береке" and ТОО «Береке»),
// where and how the legal form is written (ТОО, TOO, ЖШС, LLP are one
// Kazakh form; ООО, LLC, МЧЖ one limited company), letter case, spaces, and
// the order of the words (АХМЕТОВА АЙГЕРИМ and Айгерим Ахметова).

// legalForms maps a folded legal form to its kind.
var legalForms = func() map[string]string {
	m := map[string]string{}
	add := func(kind string, forms ...string) {
		for _, f := range forms {
			m[data.Fold(f)] = kind
		}
	}
	add("llp", "ТОО", "TOO", "ЖШС", "LLP")
	add("llc", "ООО", "OOO", "LLC", "МЧЖ", "MChJ", "MCHJ", "Ltd", "GmbH")
	add("jsc", "АО", "AO", "АҚ", "JSC", "ПАО", "PAO", "ОАО", "ЗАО", "AJ", "АЖ", "Inc")
	add("ie", "ИП", "IP", "ЖК", "ЯТТ", "YaTT", "YATT", "ЧП")
	add("pf", "ОФ", "ҚБ", "БФ", "ОО", "ННО", "NNO", "ОЮЛ")
	return m
}()

// quoteRunes are the quotes names come in; apostrophes ('‘’`ʻʼ) are
// dropped instead, being letters' marks in Uzbek (Oʻrinboyev, O'rinboyev).
const (
	quoteRunes      = "\"«»„“”‚‹›"
	apostropheRunes = "'‘’`ʻʼ"
)

// PayerKey is a payer's name in the form names are matched in.
func PayerKey(name string) string {
	f := data.Fold(strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(quoteRunes, r):
			return ' '
		case strings.ContainsRune(apostropheRunes, r):
			return -1
		}
		return r
	}, name))
	words := strings.FieldsFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
	var form string
	kept := words[:0]
	for _, w := range words {
		if k, ok := legalForms[w]; ok && form == "" {
			form = k
			continue
		}
		kept = append(kept, w)
	}
	sort.Strings(kept)
	return form + "|" + strings.Join(kept, " ")
}

// Organisation reports a name that carries a legal form.
func Organisation(name string) bool { return !strings.HasPrefix(PayerKey(name), "|") }

// damaged reports a name whose letters were lost on the way: "?сел Ж." is
// what Excel makes of "Әсел Ж." saved in a code page without Ә.
func damaged(name string) bool {
	return strings.ContainsAny(name, "?\ufffd")
}

// caseRe finds case numbers in a purpose: 2026-002, or an office's
// SHY-2026-004.
var caseRe = regexp.MustCompile(`(?:\b[A-Z]{2,4}-)?\b(?:19|20)\d{2}-\d{3}\b`)

// childIndex finds the child a payment's purpose names.
type childIndex struct {
	byCase  map[string]string   // case number → child id
	byFirst map[string][]kidKey // folded first name → children
}

type kidKey struct {
	id, last string // the folded last name
}

func newChildIndex(kids []data.Child) *childIndex {
	ix := &childIndex{byCase: map[string]string{}, byFirst: map[string][]kidKey{}}
	for _, c := range kids {
		ix.byCase[strings.ToUpper(c.CaseNumber)] = c.ID
		first := data.Fold(c.FirstName)
		if first == "" {
			continue
		}
		ix.byFirst[first] = append(ix.byFirst[first], kidKey{id: c.ID, last: data.Fold(c.LastName)})
	}
	return ix
}

// match proposes the child a purpose names: by case number, or by first
// name with the last name or its initial ("на лечение Аружан М.",
// "Мұратбекова Аружан"). Nothing when the purpose names none or more than
// one.
func (ix *childIndex) match(purpose string) string {
	if purpose == "" {
		return ""
	}
	found := map[string]bool{}
	for _, m := range caseRe.FindAllString(strings.ToUpper(purpose), -1) {
		if id, ok := ix.byCase[m]; ok {
			found[id] = true
		}
	}
	if len(found) == 0 {
		words := strings.FieldsFunc(data.Fold(purpose), func(r rune) bool { return !unicode.IsLetter(r) })
		for i, w := range words {
			for _, first := range stems(w) {
				for _, k := range ix.byFirst[first] {
					for j, v := range words {
						if j == i || k.last == "" {
							continue
						}
						full := v == k.last || (strings.HasPrefix(v, k.last) && len([]rune(v))-len([]rune(k.last)) <= maxSuffix)
						initial := j == i+1 && len([]rune(v)) == 1 && strings.HasPrefix(k.last, v)
						if full || initial {
							found[k.id] = true
						}
					}
				}
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	for id := range found {
		return id
	}
	return ""
}

// maxSuffix is the longest ending a name takes in a Kazakh or Uzbek
// sentence ("Аружанның", "Мұратбековаға", "Oʻgʻiloyning").
const maxSuffix = 5

// stems are a word and the word without each ending it may carry.
func stems(w string) []string {
	r := []rune(w)
	out := []string{w}
	for k := 1; k <= maxSuffix && len(r)-k >= 3; k++ {
		out = append(out, string(r[:len(r)-k]))
	}
	return out
}
