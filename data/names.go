package data

import (
	"database/sql/driver"
	"sort"
	"strings"
	"sync"
	"unicode"

	"modernc.org/sqlite"
)

// A bank statement's payer is matched to a donor by tax number first, then
// by name. Names are compared in a folded form, NameKey, that ignores what
// banks write differently about the same payer: the kind of quotes (ТОО
// "Береке" and ТОО «Береке»), where and how the legal form is written (ТОО,
// TOO, ЖШС, LLP are one Kazakh form; ООО, LLC, МЧЖ one limited company),
// letter case, spaces, and the order of the words (АХМЕТОВА АЙГЕРИМ and
// Айгерим Ахметова). Each donor keeps its name's key (donors.name_key,
// under an index), so that an import finds its payers' donors one by one
// rather than reading them all.

// legalForms maps a folded legal form to its kind (made on first use).
var legalForms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(kind string, forms ...string) {
		for _, f := range forms {
			m[Fold(f)] = kind
		}
	}
	add("llp", "ТОО", "TOO", "ЖШС", "LLP")
	add("llc", "ООО", "OOO", "LLC", "МЧЖ", "MChJ", "MCHJ", "Ltd", "GmbH")
	add("jsc", "АО", "AO", "АҚ", "JSC", "ПАО", "PAO", "ОАО", "ЗАО", "AJ", "АЖ", "Inc")
	add("ie", "ИП", "IP", "ЖК", "ЯТТ", "YaTT", "YATT", "ЧП")
	add("pf", "ОФ", "ҚБ", "БФ", "ОО", "ННО", "NNO", "ОЮЛ")
	return m
})

// quoteRunes are the quotes names come in; apostrophes ('‘’`ʻʼ) are
// dropped instead, being letters' marks in Uzbek (Oʻrinboyev, O'rinboyev).
const (
	quoteRunes      = "\"«»„“”‚‹›"
	apostropheRunes = "'‘’`ʻʼ"
)

// NameKey is a name in the form payers and donors are matched in: the kind
// of its legal form ("" for none), "|", and its other words folded and
// sorted.
func NameKey(name string) string {
	f := Fold(strings.Map(func(r rune) rune {
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
	forms := legalForms()
	for _, w := range words {
		if k, ok := forms[w]; ok && form == "" {
			form = k
			continue
		}
		kept = append(kept, w)
	}
	sort.Strings(kept)
	return form + "|" + strings.Join(kept, " ")
}

// The migration that added donors.name_key fills it through this function;
// nothing in the schema calls it, so the database stays readable by any
// SQLite.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("carebook_name_key", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, _ := args[0].(string)
		return NameKey(s), nil
	})
}
