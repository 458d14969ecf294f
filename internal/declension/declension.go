// Package declension puts Russian names in the case a sentence needs: «для
// Кима Даниила Сергеевича», «Айгерим Сейтовой». It is a small engine for the
// petrovich rules (rules.json, MIT licence in LICENSE, from
// github.com/petrovich/petrovich-rules): for each part of a name, the first
// rule whose ending matches says how many letters to cut and what to add in
// each case. A name the rules do not know — foreign, Uzbek in Latin letters,
// a Turkic patronymic (Ғалымжанұлы, Bahodir oʻgʻli) — stays as written.
package declension

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Case is a grammatical case.
type Case int

// The cases, in the order of the rules' modifiers after the nominative.
const (
	Nominative Case = iota
	Genitive
	Dative
	Accusative
	Instrumental
	Prepositional
)

// Gender of the person named.
type Gender string

// Genders.
const (
	Male        Gender = "male"
	Female      Gender = "female"
	Androgynous Gender = "androgynous" // unknown
)

// Part says which part of a full name a word is.
type Part int

// Parts of a name.
const (
	LastName Part = iota
	FirstName
	MiddleName
)

type rule struct {
	Gender Gender   `json:"gender"`
	Test   []string `json:"test"`
	Mods   []string `json:"mods"`
	Tags   []string `json:"tags"`
}

type ruleGroup struct {
	Exceptions []rule `json:"exceptions"`
	Suffixes   []rule `json:"suffixes"`
}

//go:embed rules.json
var rulesJSON []byte

// rules are read on first use: most runs decline no name.
var rules = sync.OnceValue(func() map[string]ruleGroup {
	var r map[string]ruleGroup
	if err := json.Unmarshal(rulesJSON, &r); err != nil {
		panic("declension rules: " + err.Error())
	}
	return r
})

var groupOf = map[Part]string{LastName: "lastname", FirstName: "firstname", MiddleName: "middlename"}

// Decline puts one part of a name in case c. Hyphenated names are declined
// part by part (Салтыков-Щедрин → Салтыкова-Щедрина).
func Decline(word string, part Part, g Gender, c Case) string {
	if c == Nominative || word == "" || !russianLetters(word) || turkicPatronymic(word) {
		return word
	}
	parts := strings.Split(word, "-")
	for i, p := range parts {
		// A hyphenated first name (Жан-Клод, Абдул-Хак) declines in its
		// last part only; a hyphenated surname (Салтыков-Щедрин) in each.
		if part == FirstName && i < len(parts)-1 {
			continue
		}
		if mods := centralAsian(strings.ToLower(p), part, g); mods != nil {
			parts[i] = apply(p, mods[c-1])
			continue
		}
		r := find(strings.ToLower(p), rules()[groupOf[part]], g, i == 0 && len(parts) > 1)
		if r != nil && int(c)-1 < len(r.Mods) {
			parts[i] = apply(p, r.Mods[c-1])
		}
	}
	return strings.Join(parts, "-")
}

// hardMods decline a man's name ending in a hard consonant: -а, -у, -а,
// -ом, -е (Ермек → Ермека, Ермеку, Ермека, Ермеком, Ермеке).
var hardMods = []string{"а", "у", "а", "ом", "е"}

// centralAsian is what the petrovich rules lack for the names this
// foundation writes most: Kazakh, Kyrgyz and Uzbek men's first names
// ending in -ек/-ик/-ук (-бек, Ермек, Серік) keep their vowel (the rules
// take them for Russian diminutives and drop it: Ермька), and names ending
// in a Kazakh letter (Өмірзақ, Жаңғ) decline as any hard consonant. nil:
// the rules decide.
func centralAsian(lower string, part Part, g Gender) []string {
	if part != FirstName || g == Female {
		return nil
	}
	r := []rune(lower)
	if len(r) < 3 {
		return nil
	}
	last := r[len(r)-1]
	switch {
	case strings.ContainsRune("қғңһ", last):
		return hardMods
	case last == 'к' && strings.ContainsRune("еиуіү", r[len(r)-2]):
		return hardMods
	}
	return nil
}

func find(name string, g ruleGroup, gender Gender, firstWord bool) *rule {
	if r := findIn(name, g.Exceptions, gender, firstWord, true); r != nil {
		return r
	}
	return findIn(name, g.Suffixes, gender, firstWord, false)
}

func findIn(name string, set []rule, gender Gender, firstWord, whole bool) *rule {
	for i := range set {
		r := &set[i]
		if len(r.Tags) > 0 && !firstWord {
			continue // first_word rules apply to the first part of a compound name
		}
		if r.Gender != Androgynous && r.Gender != gender {
			continue
		}
		for _, t := range r.Test {
			if whole && name == t || !whole && strings.HasSuffix(name, t) {
				return r
			}
		}
	}
	return nil
}

// apply cuts as many letters as the modifier has leading minuses and adds
// the rest ("." keeps the word).
func apply(word, mod string) string {
	if mod == "." {
		return word
	}
	cut := len(mod) - len(strings.TrimLeft(mod, "-"))
	runes := []rune(word)
	if cut > len(runes) {
		return word
	}
	add := mod[cut:]
	if isUpper(runes) {
		add = strings.ToUpper(add)
	}
	return string(runes[:len(runes)-cut]) + add
}

// isUpper reports a word written in capitals (КИМ), whose endings are too.
func isUpper(r []rune) bool {
	n := 0
	for _, c := range r {
		if unicode.IsLower(c) {
			return false
		}
		if unicode.IsUpper(c) {
			n++
		}
	}
	return n > 1
}

// russianLetters reports a word of Cyrillic letters (Kazakh ones too) and
// hyphens: the rules are for those.
func russianLetters(w string) bool {
	for _, c := range w {
		if c != '-' && !unicode.Is(unicode.Cyrillic, c) {
			return false
		}
	}
	return utf8.RuneCountInString(w) > 1
}

// turkicPatronymic reports a Kazakh, Kyrgyz or Uzbek patronymic, which
// Russian text leaves as it is (Ғалымжанұлы, Маратқызы, Рашид оглы).
func turkicPatronymic(w string) bool {
	l := strings.ToLower(w)
	for _, s := range []string{"ұлы", "улы", "уулу", "қызы", "кызы", "оглы", "угли", "кизи"} {
		if strings.HasSuffix(l, s) {
			return true
		}
	}
	return false
}

// GenderOf guesses the gender from a patronymic (Сергеевич, Серікқызы).
func GenderOf(middle string) Gender {
	l := strings.ToLower(strings.TrimSpace(middle))
	switch {
	case strings.HasSuffix(l, "вич") || strings.HasSuffix(l, "ич") || strings.HasSuffix(l, "ұлы") || strings.HasSuffix(l, "улы") ||
		strings.HasSuffix(l, "оглы") || strings.HasSuffix(l, "угли") || strings.HasSuffix(l, "o‘g‘li") || strings.HasSuffix(l, "oʻgʻli") || strings.HasSuffix(l, "o'g'li"):
		return Male
	case strings.HasSuffix(l, "вна") || strings.HasSuffix(l, "чна") || strings.HasSuffix(l, "қызы") || strings.HasSuffix(l, "кызы") ||
		strings.HasSuffix(l, "кизи") || strings.HasSuffix(l, "qizi"):
		return Female
	}
	return Androgynous
}

// Name is a person's name in Russian, declined whole: «Ким Даниил
// Сергеевич» → «Кима Даниила Сергеевича».
type Name struct {
	Last, First, Middle string
	Gender              Gender
}

// In writes the name in case c, in the order last, first, middle (the
// parts that are empty left out).
func (n Name) In(c Case) string {
	g := n.Gender
	if g == "" || g == Androgynous {
		g = GenderOf(n.Middle)
	}
	var out []string
	for _, p := range []struct {
		w    string
		part Part
	}{{n.Last, LastName}, {n.First, FirstName}, {n.Middle, MiddleName}} {
		if p.w = strings.TrimSpace(p.w); p.w != "" {
			words := strings.Fields(p.w)
			for i, w := range words {
				words[i] = Decline(w, p.part, g, c)
			}
			out = append(out, strings.Join(words, " "))
		}
	}
	return strings.Join(out, " ")
}
