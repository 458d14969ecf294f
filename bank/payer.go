package bank

import (
	"strings"
	"unicode"

	"carebook/data"
	"carebook/internal/lazy"
)

// A payer is matched to a donor by tax number first, then by name, in the
// form data.NameKey gives names.

// Organisation reports a name that carries a legal form.
func Organisation(name string) bool { return !strings.HasPrefix(data.NameKey(name), "|") }

// damaged reports a name whose letters were lost on the way: "?сел Ж." is
// what Excel makes of "Әсел Ж." saved in a code page without Ә.
func damaged(name string) bool {
	return strings.ContainsAny(name, "?\ufffd")
}

// caseRe finds case numbers in a purpose: 2026-002, or an office's
// SHY-2026-004.
var caseRe = lazy.Regexp(`(?:\b[A-Z]{2,4}-)?\b(?:19|20)\d{2}-\d{3}\b`)

// childIndex finds the child a payment's purpose names.
type childIndex struct {
	byCase  map[string]string   // case number → child id
	byFirst map[string][]kidKey // folded first name → children
}

type kidKey struct {
	id, last string // the folded last name
}

func newChildIndex() *childIndex {
	return &childIndex{byCase: map[string]string{}, byFirst: map[string][]kidKey{}}
}

// add is one child the purposes may name.
func (ix *childIndex) add(c data.ChildName) error {
	ix.byCase[strings.ToUpper(c.CaseNumber)] = c.ID
	if first := data.Fold(c.FirstName); first != "" {
		ix.byFirst[first] = append(ix.byFirst[first], kidKey{id: c.ID, last: data.Fold(c.LastName)})
	}
	return nil
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
	for _, m := range caseRe().FindAllString(strings.ToUpper(purpose), -1) {
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
