package lazy

import (
	"sync"
	"testing"
)

func TestRegexpCompilesOnceOnFirstUse(t *testing.T) {
	re := Regexp(`^[A-Z]{2}\d{2}$`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !re().MatchString("KZ86") || re().MatchString("kz86") {
				t.Error("the pattern does not match as written")
			}
		})
	}
	wg.Wait()
	if re() != re() {
		t.Error("compiled again on a later use")
	}
}

func TestRegexpPanicsOnAnInvalidPatternWhenUsed(t *testing.T) {
	re := Regexp(`(`) // building the function must not panic
	defer func() {
		if recover() == nil {
			t.Error("an invalid pattern was accepted")
		}
	}()
	re()
}
