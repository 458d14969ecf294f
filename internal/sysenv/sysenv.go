// Package sysenv tidies the process environment before Fyne reads it. Fyne's
// lang package parses the locale in its init and logs an error for the POSIX
// "C" locale (common on servers, CI and fresh installs), which would add noise
// to every command line message. Go initializes packages that are ready in
// import-path order, so this one (imported by main, depending only on the
// standard library) runs before any fyne.io package.
package sysenv

import (
	"os"
	"strings"
)

func init() { Tidy() }

// Tidy removes a locale that names no language: LC_ALL, LC_MESSAGES or LANG
// set to C or POSIX means the same as not set at all to the C library, and
// Fyne then falls back to English without complaint. For C.UTF-8, which
// keeps its encoding, LANGUAGE=en is set instead.
func Tidy() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := os.Getenv(v)
		if val == "" {
			continue
		}
		switch {
		case val == "C" || val == "POSIX":
			os.Unsetenv(v)
			continue // the next variable decides now
		case strings.HasPrefix(val, "C.") || strings.HasPrefix(val, "POSIX."):
			if os.Getenv("LANGUAGE") == "" {
				os.Setenv("LANGUAGE", "en")
			}
		}
		return
	}
}
