package pdfview

import "github.com/tetratelabs/wazero/experimental"

// growingMemory backs the renderer's memory. WebAssembly memory only
// grows, a little at a time as PDFium asks for it; wazero's own backing
// appends to its slice at each growth past its capacity, copying all of it
// into fresh memory each time, and the first page of a scan spent most of
// its time there. This one doubles its capacity when it must move, so
// the memory moves a few times in a process's life.
type growingMemory struct {
	buf []byte
	max uint64
}

func newGrowingMemory(capacity, max uint64) experimental.LinearMemory {
	return &growingMemory{buf: make([]byte, 0, min(capacity, max)), max: max}
}

// Reallocate makes the memory size bytes long, its contents kept and what
// it gains zero. It returns nil past the module's maximum (the module's
// allocation fails, as WebAssembly says it does).
func (m *growingMemory) Reallocate(size uint64) []byte {
	if size > m.max {
		return nil
	}
	if size <= uint64(cap(m.buf)) {
		// What lies past the length was zeroed when made and has never
		// been in the module's reach (the memory never shrinks).
		m.buf = m.buf[:size]
		return m.buf
	}
	buf := make([]byte, size, min(max(size, 2*uint64(cap(m.buf))), m.max))
	copy(buf, m.buf)
	m.buf = buf
	return buf
}

// Free lets the memory go.
func (m *growingMemory) Free() { m.buf = nil }
