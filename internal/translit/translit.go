// Package translit writes names in Cyrillic letters (Russian, Kazakh,
// Kyrgyz, Uzbek) in Latin letters, for letters in English and in Uzbek
// whose readers do not read Cyrillic: English as passports and the
// foundation's English-speaking donors spell them (Yerlan, Aigerim,
// Zhanna, Nazarbayev), Uzbek in the Uzbek Latin alphabet (Shavkat,
// Oʻgʻiloy, Qodiriy). Letters that are already Latin stay as they are.
package translit

import (
	"strings"
	"unicode"
)

// ʻ (U+02BB) makes oʻ and gʻ; ʼ (U+02BC) is the Uzbek tutuq belgisi.
const (
	okina = "ʻ"
	tutuq = "ʼ"
)

// common are the letters both write alike.
var common = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'з': "z", 'и': "i", 'к': "k",
	'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'ч': "ch", 'ш': "sh", 'ю': "yu", 'я': "ya", 'ё': "yo", 'э': "e",
	'ц': "ts", 'ь': "", 'ә': "a", 'і': "i", 'ү': "u", 'ұ': "u", 'һ': "h", 'ҳ': "h",
}

var english = map[rune]string{
	'ж': "zh", 'х': "kh", 'щ': "shch", 'ы': "y", 'ъ': "", 'й': "y",
	'ғ': "g", 'қ': "k", 'ң': "ng", 'ө': "o", 'ў': "o",
}

var uzbek = map[rune]string{
	'ж': "j", 'х': "x", 'щ': "sh", 'ы': "i", 'ъ': tutuq, 'й': "y",
	'ғ': "g" + okina, 'қ': "q", 'ң': "ng", 'ө': "o" + okina, 'ў': "o" + okina,
}

func vowel(r rune) bool {
	return strings.ContainsRune("аеёиоуыэюяәіүұөўaeiouy", unicode.ToLower(r))
}

// English writes s in Latin letters for a letter in English.
func English(s string) string { return write(s, english, false) }

// Uzbek writes s in the Uzbek Latin alphabet.
func Uzbek(s string) string { return write(s, uzbek, true) }

// For is s in the Latin letters of a letter in lang ("uz": Uzbek, "en":
// English); other languages keep it as written.
func For(s, lang string) string {
	switch lang {
	case "uz":
		return Uzbek(s)
	case "en":
		return English(s)
	}
	return s
}

// Cyrillic says whether s has a Cyrillic letter.
func Cyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func write(s string, own map[rune]string, uz bool) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		lower := unicode.ToLower(r)
		prev, next := rune(0), rune(0)
		if i > 0 {
			prev = unicode.ToLower(rs[i-1])
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		wordStart := prev == 0 || !unicode.IsLetter(prev) && prev != 'ʼ' && prev != 'ʻ'
		var out string
		switch {
		case lower == 'е':
			// ye at the start of a word and after a vowel or a sign
			// (Yerlan, Nazarbayev); e elsewhere.
			out = "e"
			if wordStart || vowel(prev) || prev == 'ъ' || prev == 'ь' {
				out = "ye"
			}
		case lower == 'й' && !uz:
			// i after a vowel before a consonant or at the end (Aigerim,
			// Kairat, Sergei); y elsewhere (Dmitriy, Yod).
			out = "y"
			if vowel(prev) && prev != 'и' && prev != 'ы' && !vowel(next) {
				out = "i"
			}
		case lower == 'ц' && uz && !wordStart && !vowel(prev):
			out = "s" // after a consonant Uzbek writes s (Uzbek spelling rules)
		default:
			var ok bool
			if out, ok = own[lower]; !ok {
				if out, ok = common[lower]; !ok {
					b.WriteRune(r) // Latin, digits, spaces, hyphens as they are
					continue
				}
			}
		}
		if out == "" {
			continue
		}
		if unicode.IsUpper(r) {
			// A capital begins the word (Sh, Zh, Yu…); in a word all in
			// capitals, the whole spelling is.
			if next != 0 && unicode.IsUpper(next) || i > 0 && unicode.IsUpper(rs[i-1]) && (next == 0 || !unicode.IsLetter(next)) {
				out = strings.ToUpper(out)
			} else {
				out = upperFirst(out)
			}
		}
		b.WriteString(out)
	}
	return b.String()
}

func upperFirst(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
