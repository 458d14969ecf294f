package ui

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"carebook/assets"
	"carebook/data"
	"carebook/internal/vocab"
)

// Interface languages. "" follows the system.
var uiLanguages = []string{"", "en", "ru", "kk", "uz"}

// msg marks an English text as a translation key where it is not passed to
// lang.L directly (tables of labels). The translations test finds every
// lang.L, T and msg call with a literal in this package and checks each language has it.
func msg(s string) string { return s }

// T translates an English text (the key) into the interface language, filling
// {{.Name}} fields from data.
func T(key string, data ...map[string]any) string {
	if len(data) > 0 {
		return lang.L(key, data[0])
	}
	return lang.L(key)
}

// TN translates a text that depends on a count, in the plural form the
// interface language wants for it (one, few, many, other); the count fills
// {{.Count}}. Its translations are objects of those forms.
func TN(key string, count int, data ...map[string]any) string {
	d := map[string]any{}
	if len(data) > 0 {
		for k, v := range data[0] {
			d[k] = v
		}
	}
	d["Count"] = count
	return lang.N(key, count, d)
}

// The locale the system gave the process, for "follow the system".
var systemLanguage, systemLCAll = os.Getenv("LANGUAGE"), os.Getenv("LC_ALL")

// SetLanguage loads the translations and makes code ("en", "ru", "kk") the
// interface language; "" follows the system. It can be called again (the
// settings screen does, and tests switch languages with it).
func SetLanguage(code string) {
	if code == "" {
		os.Setenv("LANGUAGE", systemLanguage)
		os.Setenv("LC_ALL", systemLCAll)
	}
	if code != "" {
		sys := lang.SystemLocale()
		// go-locale reads these on Linux and the BSDs: LANGUAGE wins unless
		// the locale is C, so set both for this process only.
		os.Setenv("LANGUAGE", code)
		os.Setenv("LC_ALL", code)
		if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
			// There the system API decides; give the system's own locale the
			// chosen translations.
			if b, err := assets.Translations.ReadFile("translations/" + code + ".json"); err == nil &&
				!strings.HasPrefix(sys.LanguageString(), code) {
				_ = lang.AddTranslationsForLocale(b, sys)
			}
		}
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
}

// Language is the language code of the interface now ("en", "ru", "kk", "uz"): the
// one date and money formats follow.
func Language() string {
	l := strings.ToLower(string(lang.SystemLocale()))
	if v := os.Getenv("LANGUAGE"); v != "" {
		l = strings.ToLower(v)
	}
	for _, c := range []string{"ru", "kk", "uz"} {
		if strings.HasPrefix(l, c) {
			return c
		}
	}
	return "en"
}

// StatusLabel is a status in the interface language.
func StatusLabel(s data.Status) string { return label(vocab.StatusText, s) }

// label is a value of a closed vocabulary in the interface language.
func label[V ~string](texts map[V]string, v V) string {
	if t, ok := texts[v]; ok {
		return lang.L(t)
	}
	return string(v)
}

// choices lists values and their labels for a select, in the given order.
func choices[V ~string](all []V, texts map[V]string) (values, labels []string) {
	for _, v := range all {
		values = append(values, string(v))
		labels = append(labels, label(texts, v))
	}
	return values, labels
}

// OutcomeLabel and the functions below name vocabulary values in the interface language.
func OutcomeLabel(v data.Outcome) string { return label(vocab.OutcomeText, v) }

// SexLabel names a sex.
func SexLabel(v data.Sex) string { return label(vocab.SexText, v) }

// UrgencyLabel names an urgency.
func UrgencyLabel(v data.Urgency) string { return label(vocab.UrgencyText, v) }

// RelationLabel names a guardian's relation.
func RelationLabel(v data.Relation) string { return label(vocab.RelationText, v) }

// LanguageName names a language.
func LanguageName(v data.Language) string { return label(vocab.LanguageText, v) }

// ConsentLabel names a consent kind.
func ConsentLabel(v data.ConsentKind) string { return label(vocab.ConsentText, v) }

// EventLabel names a journey event kind.
func EventLabel(v data.EventKind) string { return label(vocab.EventText, v) }

// DocumentKindLabel names a document kind.
func DocumentKindLabel(v data.DocumentKind) string { return label(vocab.DocumentKindText, v) }

// MethodLabel names a donation method.
func MethodLabel(v data.Method) string { return label(vocab.MethodText, v) }

// sortForPeople sorts values as the interface language orders words (its
// collation: «Ә» after «А» in Kazakh, «Oʻ» after «O» in Uzbek, Latin and
// Cyrillic each in alphabetical order), not by their bytes.
func sortForPeople(values []string) []string {
	c := collate.New(language.Make(Language()), collate.IgnoreCase)
	c.SortStrings(values)
	// The language's own script first: Cyrillic for Russian and Kazakh
	// readers, Latin for English and Uzbek ones.
	cyrillicFirst := Language() == "ru" || Language() == "kk"
	slices.SortStableFunc(values, func(a, b string) int {
		ra, rb := cyrillicWord(a) == cyrillicFirst, cyrillicWord(b) == cyrillicFirst
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		return 0
	})
	return values
}

// cyrillicWord says whether the first letter of s is Cyrillic.
func cyrillicWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.Is(unicode.Cyrillic, r)
		}
	}
	return false
}

// valuesOf is a column's values in use (regions, programs, volunteers),
// sorted for people.
func (u *App) valuesOf(column string) ([]string, error) {
	v, err := u.store.DistinctValues(u.ctx, column)
	return sortForPeople(v), err
}
