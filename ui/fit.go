package ui

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// A label that truncates with an ellipsis shapes its text anew with a new
// shaper every time it is set, even to a text it showed a moment ago: in a
// table of ten thousand children, searching, that was a fifth of each
// keystroke. A cellFitter shortens each text to its column once, measuring
// through Fyne's cache of text sizes, and remembers the result; the label
// then shows it untruncated.
type cellFitter struct {
	mu   sync.Mutex
	done map[fitKey]string
}

type fitKey struct {
	text  string
	width float32
}

// fitLimit bounds what a fitter remembers; past it, it starts again.
const fitLimit = 20000

const ellipsis = "…"

// fit returns text, or its longest beginning followed by "…", that fits in
// a cell of the given width (the label's own padding taken off).
func (f *cellFitter) fit(text string, cellWidth float32) string {
	if text == "" {
		return ""
	}
	key := fitKey{text, cellWidth}
	f.mu.Lock()
	if s, ok := f.done[key]; ok {
		f.mu.Unlock()
		return s
	}
	f.mu.Unlock()
	s := fitText(text, cellWidth-2*theme.InnerPadding())
	f.mu.Lock()
	if f.done == nil || len(f.done) >= fitLimit {
		f.done = map[fitKey]string{}
	}
	f.done[key] = s
	f.mu.Unlock()
	return s
}

func fitText(text string, width float32) string {
	size := theme.TextSize()
	fits := func(s string) bool { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width }
	if fits(text) {
		return text
	}
	runes := []rune(text)
	lo, hi := 0, len(runes) // the longest beginning that fits is in [lo, hi)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if fits(string(runes[:mid]) + ellipsis) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return ellipsis
	}
	return strings.TrimRight(string(runes[:lo]), " ") + ellipsis
}
