package hlc

import (
	"sort"
	"testing"
	"time"
)

// A laptop whose clock is set back an hour still hands out versions after
// the ones it gave before, and a change made after one received from an
// office whose clock runs ahead comes after it.
func TestVersionsOrderChangesWhateverTheClocks(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	c := NewClock("SHY", Version{}, func() time.Time { return now })
	a := c.Tick()
	b := c.Tick() // the same millisecond
	now = now.Add(-time.Hour)
	d := c.Tick()
	if Compare(a, b) >= 0 || Compare(b, d) >= 0 {
		t.Fatalf("versions out of order: %v %v %v", a, b, d)
	}
	ahead := Version{Wall: now.Add(48 * time.Hour).UnixMilli(), Count: 7, Office: "HQ"}
	c.Observe(ahead)
	e := c.Tick()
	if Compare(e, ahead) <= 0 || e.Office != "SHY" {
		t.Fatalf("a change after one received from HQ is ordered before it: %v <= %v", e, ahead)
	}
	// The stored strings sort as the versions do.
	vs := []Version{e, a, ahead, d, b}
	strs := make([]string, len(vs))
	for i, v := range vs {
		strs[i] = v.String()
	}
	sort.Strings(strs)
	sort.Slice(vs, func(i, j int) bool { return Compare(vs[i], vs[j]) < 0 })
	for i := range vs {
		if got, err := Parse(strs[i]); err != nil || got != vs[i] {
			t.Fatalf("sorted strings disagree at %d: %q vs %v (%v)", i, strs[i], vs[i], err)
		}
	}
}

// The same moment in two offices gives two different versions, ordered by
// office; a clock restarted from its last version goes on after it.
func TestVersionsNeverTie(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := NewClock("HQ", Version{}, clock).Tick()
	b := NewClock("SHY", Version{}, clock).Tick()
	if Compare(a, b) == 0 || a.String() == b.String() {
		t.Fatal("two offices made the same version")
	}
	again := NewClock("HQ", a, clock).Tick()
	if Compare(again, a) <= 0 {
		t.Fatalf("a restarted clock went back: %v after %v", again, a)
	}
	for _, bad := range []string{"x", "12-0000-HQ", "000000000000000a-0000-HQ", "0001795471875079-0000-", "0001795471875079-zz-HQ"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
