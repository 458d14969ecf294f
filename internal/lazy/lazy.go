// Package lazy builds values on their first use instead of at start. Every
// Carebook process, a one-line command too, runs the start-up code of every
// package linked into it; compiling each package's patterns there cost the
// start a few milliseconds that most runs never use.
package lazy

import (
	"regexp"
	"sync"
)

// Regexp compiles pattern on its first use, once, and is safe for
// concurrent use. An invalid pattern panics then, as regexp.MustCompile.
func Regexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
