package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"carebook/demo"
)

// BenchmarkChildrenList10k measures what one keystroke in the search box
// costs with 10,000 children: the folded query, the sort and the table
// refresh. Run: make bench. A keystroke should stay well under 100 ms.
func BenchmarkChildrenList10k(b *testing.B) {
	s, err := demo.Create(context.Background(), filepath.Join(b.TempDir(), "big.db"), demo.Options{Children: 10000, Seed: 7}, false)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Setenv("LANGUAGE", "en")
	a := test.NewTempApp(b)
	SetLanguage("en")
	u := New(a, s)
	sc := u.children
	sc.sortBy(1) // by name, the costliest comparison
	queries := []string{"", "ова", "қайрат", "2026-01", "талассемия"}
	b.ResetTimer()
	for i := range b.N {
		sc.search.SetText(queries[i%len(queries)])
	}
	b.StopTimer()
	if n := rowsShown(sc); n == 0 && queries[(b.N-1)%len(queries)] == "" {
		b.Fatal("the list is empty")
	}
}
