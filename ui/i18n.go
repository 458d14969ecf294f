package ui

import (
	"os"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"carebook/assets"
	"carebook/data"
)

// Interface languages. "" follows the system.
var uiLanguages = []string{"", "en", "ru", "kk"}

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

// SetLanguage loads the translations and makes code ("en", "ru", "kk") the
// interface language; "" follows the system. It can be called again (the
// settings screen does, and tests switch languages with it).
func SetLanguage(code string) {
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

// Language is the language code of the interface now ("en", "ru", "kk"): the
// one date and money formats follow.
func Language() string {
	l := strings.ToLower(string(lang.SystemLocale()))
	if v := os.Getenv("LANGUAGE"); v != "" {
		l = strings.ToLower(v)
	}
	for _, c := range []string{"ru", "kk"} {
		if strings.HasPrefix(l, c) {
			return c
		}
	}
	return "en"
}

var statusText = map[data.Status]string{
	data.StatusIntake:         msg("Intake"),
	data.StatusDocuments:      msg("Collecting documents"),
	data.StatusReview:         msg("Review"),
	data.StatusApproved:       msg("Approved"),
	data.StatusFundraising:    msg("Fundraising"),
	data.StatusFunded:         msg("Funded"),
	data.StatusTreatment:      msg("Treatment"),
	data.StatusRehabilitation: msg("Rehabilitation"),
	data.StatusClosed:         msg("Closed"),
	data.StatusDeclined:       msg("Declined"),
	data.StatusOnHold:         msg("On hold"),
}

// StatusLabel is a status in the interface language.
func StatusLabel(s data.Status) string {
	if t, ok := statusText[s]; ok {
		return lang.L(t)
	}
	return string(s)
}
