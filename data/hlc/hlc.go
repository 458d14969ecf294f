// Package hlc is the version every change carries between a foundation's
// offices: a hybrid logical clock. A version is the wall time in
// milliseconds, a counter and the office that made it. Versions from one
// office always increase, even when its laptop's clock goes back; a version
// made after another office's change was received is greater than that
// change, even when this laptop's clock is behind. Two versions are never
// equal unless they are the same change: the office breaks ties.
package hlc

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is one change's place in the foundation's order.
type Version struct {
	Wall   int64  // milliseconds since 1970, as the clock that made it saw them (or later)
	Count  uint32 // orders changes within one millisecond
	Office string // the office that made the change
}

// String is the stored form: sorting the strings sorts the versions
// ("0001795471875079-0000-SHY").
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	return fmt.Sprintf("%016d-%04d-%s", v.Wall, v.Count, v.Office)
}

// IsZero reports whether v is no version at all.
func (v Version) IsZero() bool { return v == Version{} }

// Parse reads a stored version; "" is the zero version.
func Parse(s string) (Version, error) {
	if s == "" {
		return Version{}, nil
	}
	parts := strings.SplitN(s, "-", 3)
	if len(parts) != 3 || len(parts[0]) != 16 || len(parts[1]) < 4 || parts[2] == "" {
		return Version{}, fmt.Errorf("not a change version: %q", s)
	}
	wall, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || wall < 0 {
		return Version{}, fmt.Errorf("not a change version: %q", s)
	}
	count, err := strconv.ParseUint(parts[1], 10, 32)
	if err != nil {
		return Version{}, fmt.Errorf("not a change version: %q", s)
	}
	return Version{Wall: wall, Count: uint32(count), Office: parts[2]}, nil
}

// Compare orders two versions: -1 if a is before b, 0 if equal, +1 after.
func Compare(a, b Version) int {
	switch {
	case a.Wall != b.Wall:
		return cmp(a.Wall, b.Wall)
	case a.Count != b.Count:
		return cmp(int64(a.Count), int64(b.Count))
	}
	return strings.Compare(a.Office, b.Office)
}

func cmp(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Clock hands out the versions of one office.
type Clock struct {
	mu     sync.Mutex
	office string
	last   Version
	now    func() time.Time
}

// NewClock makes the clock of an office that last handed out last (zero for
// none); now is the wall clock (time.Now when nil).
func NewClock(office string, last Version, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{office: office, last: last, now: now}
}

// Tick returns a new version for a change made here: greater than every
// version this clock handed out or observed.
func (c *Clock) Tick() Version {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	v := Version{Wall: wall, Office: c.office}
	if wall <= c.last.Wall {
		v.Wall, v.Count = c.last.Wall, c.last.Count+1
	}
	c.last = v
	return v
}

// Observe tells the clock of a version received from another office, so
// that every version it hands out afterwards is greater.
func (c *Clock) Observe(v Version) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if Compare(v, c.last) > 0 {
		c.last = Version{Wall: v.Wall, Count: v.Count, Office: c.office}
	}
}

// Last is the greatest version handed out or observed.
func (c *Clock) Last() Version {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
