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
var keyCall = regexp.MustCompile(`(?:\bT|\bmsg|\btr|lang\.L|lang\.X)\(\s*("(?:[^"\\]|\\.)*")`)

var fieldPattern = regexp.MustCompile(`{{\s*\.\w+\s*}}`)

func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	// The interface, the reports and the shared vocabulary use one set of texts.
	var files []string
	for _, dir := range []string{".", "../reports", "../internal/vocab"} {
		f, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, f...)
	}
	keys := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyCall.FindAllSubmatch(src, -1) {
			k, err := strconv.Unquote(string(m[1]))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			keys[k] = f
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the pattern broken?", len(keys))
	}
	return keys
}

func loadTranslations(t *testing.T, code string) map[string]string {
	t.Helper()
	b, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
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
	keys := usedKeys(t)
	// go-i18n reads these JSON keys as parts of a plural message, which
	// breaks the whole file: never use them as texts.
	for k := range keys {
		switch strings.ToLower(k) {
		case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other", "translation":
			t.Errorf("%q is reserved by go-i18n; reword it", k)
		}
	}
	for _, code := range []string{"en", "ru", "kk"} {
		tr := loadTranslations(t, code)
		var missing []string
		for k, file := range keys {
			v, ok := tr[k]
			if !ok || strings.TrimSpace(v) == "" {
				missing = append(missing, file+": "+strconv.Quote(k))
				continue
			}
			want, got := fieldPattern.FindAllString(k, -1), fieldPattern.FindAllString(v, -1)
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(want, ",") != strings.Join(got, ",") {
				t.Errorf("%s: %q has fields %v, the key has %v", code, v, got, want)
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
