package pdfview

import (
	"bytes"
	"testing"
)

// The renderer's memory keeps what it holds as it grows, gains only
// zeros, and refuses to pass the module's maximum.
func TestTheRenderersMemoryKeepsItsContentsAsItGrows(t *testing.T) {
	m := newGrowingMemory(0, 1<<20)
	buf := m.Reallocate(4096)
	for i := range buf {
		buf[i] = byte(i%251 + 1)
	}
	want := bytes.Clone(buf)
	moves := 0
	for size := uint64(8192); size <= 1<<20; size += 4096 {
		before := &buf[0]
		buf = m.Reallocate(size)
		if uint64(len(buf)) != size {
			t.Fatalf("grown to %d, want %d", len(buf), size)
		}
		if &buf[0] != before {
			moves++
		}
		if !bytes.Equal(buf[:4096], want) {
			t.Fatalf("at %d bytes the memory lost what it held", size)
		}
		if bytes.IndexFunc(buf[4096:], func(r rune) bool { return r != 0 }) >= 0 {
			t.Fatalf("at %d bytes the memory gained bytes that are not zero", size)
		}
	}
	// 255 growths of one page each: the memory moves when its capacity
	// doubles, not at every growth.
	if moves > 10 {
		t.Errorf("the memory moved %d times in 255 growths", moves)
	}
	if m.Reallocate(1<<20+1) != nil {
		t.Error("the memory grew past its maximum")
	}
}
