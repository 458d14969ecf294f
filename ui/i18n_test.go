package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"carebook/assets"
)

// keyCall finds the translation keys in the code: T("…"), lang.L("…") and msg("…").
var keyCall = regexp.MustCompile(`(\bTN|\bT|\bmsg|\btr|lang\.L|lang\.X)\(\s*("(?:[^"\\]|\\.)*")`)

// pluralForms are the forms CLDR gives each interface language.
var pluralForms = map[string][]string{"en": {"one", "other"}, "ru": {"one", "few", "many", "other"}, "kk": {"one", "other"}, "uz": {"one", "other"}}

var fieldPattern = regexp.MustCompile(`{{\s*\.\w+\s*}}`)

// usedKeys maps each key to the file using it; plural names the keys used
// with TN.
func usedKeys(t *testing.T) (keys map[string]string, plural map[string]bool) {
	t.Helper()
	// The interface, the reports and the shared vocabulary use one set of texts.
	var files []string
	for _, dir := range []string{".", "../reports", "../internal/vocab"} {
		f, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, f...)
	}
	keys, plural = map[string]string{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyCall.FindAllSubmatch(src, -1) {
			k, err := strconv.Unquote(string(m[2]))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			keys[k] = f
			if string(m[1]) == "TN" {
				plural[k] = true
			}
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the pattern broken?", len(keys))
	}
	return keys, plural
}

// loadTranslations reads a language's texts: a string, or an object of
// plural forms.
func loadTranslations(t *testing.T, code string) map[string]any {
	t.Helper()
	b, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	if err := lang.AddTranslationsForLocale(b, fyne.Locale(code)); err != nil {
		msg := err.Error()
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		t.Fatalf("%s.json is refused by Fyne's translator: %s", code, msg)
	}
	return m
}

// Every text the interface shows exists in English, Russian and Kazakh, with
// the same {{.Fields}}; and no language keeps texts the code no longer uses.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	keys, plural := usedKeys(t)
	// go-i18n reads these JSON keys as parts of a plural message, which
	// breaks the whole file: never use them as texts.
	for k := range keys {
		switch strings.ToLower(k) {
		case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other", "translation":
			t.Errorf("%q is reserved by go-i18n; reword it", k)
		}
	}
	for _, code := range []string{"en", "ru", "kk", "uz"} {
		tr := loadTranslations(t, code)
		var missing []string
		for k, file := range keys {
			var texts []string
			switch v := tr[k].(type) {
			case string:
				if plural[k] {
					t.Errorf("%s: %q is counted (TN) but has no plural forms", code, k)
				}
				texts = []string{v}
			case map[string]any:
				if !plural[k] {
					t.Errorf("%s: %q has plural forms but is not counted (use TN)", code, k)
				}
				for _, form := range pluralForms[code] {
					s, _ := v[form].(string)
					if strings.TrimSpace(s) == "" {
						t.Errorf("%s: %q lacks the plural form %q", code, k, form)
					}
					texts = append(texts, s)
				}
			}
			if len(texts) == 0 || strings.TrimSpace(texts[0]) == "" {
				missing = append(missing, file+": "+strconv.Quote(k))
				continue
			}
			want := fieldPattern.FindAllString(k, -1)
			sort.Strings(want)
			for _, v := range texts {
				got := fieldPattern.FindAllString(v, -1)
				sort.Strings(got)
				if strings.Join(dedupe(want), ",") != strings.Join(dedupe(got), ",") && !(plural[k] && onlyCountDiffers(want, got)) {
					t.Errorf("%s: %q has fields %v, the key has %v", code, v, got, want)
				}
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s.json lacks %d texts:\n%s", code, len(missing), strings.Join(missing, "\n"))
		}
		for k := range tr {
			if _, ok := keys[k]; !ok {
				t.Errorf("%s.json has a text the code does not use: %q", code, k)
			}
		}
	}
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// onlyCountDiffers allows a plural form to leave out the count ("one
// child" may be written out as a word).
func onlyCountDiffers(want, got []string) bool {
	strip := func(s []string) string {
		var out []string
		for _, x := range dedupe(s) {
			if strings.ReplaceAll(x, " ", "") != "{{.Count}}" {
				out = append(out, x)
			}
		}
		return strings.Join(out, ",")
	}
	return strip(want) == strip(got)
}

// fyneKeys are the texts Fyne's own widgets show (its base.en.json, 2.7).
var fyneKeys = []string{"Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut", "Enter filename", "Error",
	"Favourites", "File", "Folder", "New Folder", "No", "OK", "Open", "Paste", "Quit", "Redo", "Save", "Select all",
	"Show Hidden Files", "Undo", "Yes", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"monday.short", "tuesday.short", "wednesday.short", "thursday.short", "friday.short", "saturday.short", "sunday.short"}

// Item 10: Fyne's own words (Quit, Yes, No, the calendar's days…) are
// Kazakh in Kazakh, and Russian in Russian — with Tuesday and Thursday,
// which Fyne's Russian swaps, in their places.
func TestFynesOwnWordsAreTranslated(t *testing.T) {
	defer SetLanguage("en")
	SetLanguage("kk")
	for _, k := range fyneKeys {
		if got := lang.X(k, "\x00"); got == "\x00" || got == k && k != "OK" {
			t.Errorf("kk: Fyne's %q is not translated (%q)", k, got)
		}
	}
	for k, want := range map[string]string{"Quit": "Шығу", "Yes": "Иә", "No": "Жоқ", "tuesday.short": "Сс"} {
		if got := lang.X(k, k); got != want {
			t.Errorf("kk: %q is %q, want %q", k, got, want)
		}
	}
	if got := lang.X("file.parent", "Parent"); got != "Жоғары" {
		t.Errorf("kk: file.parent is %q", got)
	}
	SetLanguage("uz")
	for _, k := range fyneKeys {
		if got := lang.X(k, "\x00"); got == "\x00" || got == k && k != "OK" {
			t.Errorf("uz: Fyne's %q is not translated (%q)", k, got)
		}
	}
	SetLanguage("ru")
	for k, want := range map[string]string{"tuesday": "Вторник", "thursday": "Четверг", "tuesday.short": "Вт", "Quit": "Выйти"} {
		if got := lang.X(k, k); got != want {
			t.Errorf("ru: %q is %q, want %q", k, got, want)
		}
	}
}
