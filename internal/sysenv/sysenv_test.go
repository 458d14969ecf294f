package sysenv

import (
	"os"
	"testing"
)

func TestTidy(t *testing.T) {
	for _, tc := range []struct {
		lcAll, lang, wantLcAll, wantLang, wantLanguage string
	}{
		{"C", "ru_RU.UTF-8", "", "ru_RU.UTF-8", ""},
		{"", "C", "", "", ""},
		{"", "C.UTF-8", "", "C.UTF-8", "en"},
		{"", "kk_KZ.UTF-8", "", "kk_KZ.UTF-8", ""},
	} {
		t.Setenv("LC_ALL", tc.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tc.lang)
		t.Setenv("LANGUAGE", "")
		Tidy()
		if os.Getenv("LC_ALL") != tc.wantLcAll || os.Getenv("LANG") != tc.wantLang || os.Getenv("LANGUAGE") != tc.wantLanguage {
			t.Errorf("%+v: LC_ALL=%q LANG=%q LANGUAGE=%q", tc, os.Getenv("LC_ALL"), os.Getenv("LANG"), os.Getenv("LANGUAGE"))
		}
	}
}
