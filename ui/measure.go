package ui

import (
	"time"
)

// Settle waits until every load started in the background has shown its
// result: the window has settled (for measuring; see tools/bench).
func Settle() { loads.Wait() }

// Measuring makes loads run on the calling goroutine, as in the tests:
// Fyne's headless driver runs fyne.Do at once on the goroutine that calls
// it, so loads in the background would touch widgets from two goroutines.
// The time to a settled window is then the sum of the loads.
func Measuring() { syncLoads = true }

// MeasureKeystrokes types each query into the children's search box one
// letter at a time and says how long each keystroke took until the list
// showed its result: the query and the table's refresh, without the pause
// the box waits for while someone is still typing (see tools/bench). With
// fromDatabase every keystroke asks the database, as one that is not within
// the list shown does.
func (u *App) MeasureKeystrokes(fromDatabase bool, queries []string) []time.Duration {
	sc := u.children
	on := sc.search.OnChanged
	defer func() { sc.search.OnChanged = on }()
	sc.search.OnChanged = func(string) { sc.searchChanged() }
	if fromDatabase {
		sc.search.OnChanged = func(string) { sc.reload() }
	}
	var took []time.Duration
	for _, q := range queries {
		typed := []rune{}
		for _, r := range q {
			typed = append(typed, r)
			start := time.Now()
			sc.search.SetText(string(typed))
			Settle()
			took = append(took, time.Since(start))
		}
		sc.search.SetText("")
		Settle()
	}
	return took
}

// ShowSection shows the sidebar's section of that key ("today",
// "children", …), as a click on it does (tools/bench times Today's).
func (u *App) ShowSection(key string) { u.showSectionKey(key) }
