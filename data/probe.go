package data

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// Before SQLite touches a file, Carebook reads what the file says it is,
// without opening it as a database: SQLite would replay a write-ahead log
// into the main file and delete it, or discard a log it does not
// understand, and a file we refuse must stay byte for byte as it was. The
// header that counts is the newest committed copy of page 1, which after a
// crash may still be in the -wal rather than in the main file.

// header is what page 1 says about a database.
type header struct {
	pageSize  int
	appID     uint32
	version   int
	hasTables bool // the schema holds at least one table or index
}

const sqliteMagic = "SQLite format 3\x00"

// parsePage1 reads the database header and the schema table's root page.
func parsePage1(p []byte) (header, bool) {
	if len(p) < 108 || string(p[:16]) != sqliteMagic {
		return header{}, false
	}
	h := header{
		pageSize: int(binary.BigEndian.Uint16(p[16:18])),
		version:  int(binary.BigEndian.Uint32(p[60:64])),
		appID:    binary.BigEndian.Uint32(p[68:72]),
	}
	if h.pageSize == 1 {
		h.pageSize = 65536
	}
	// Page 1 is the root of sqlite_schema: a leaf (0x0d) lists its cells,
	// an interior page (0x05) means there are many.
	switch p[100] {
	case 0x0d:
		h.hasTables = binary.BigEndian.Uint16(p[103:105]) > 0
	default:
		h.hasTables = true
	}
	return h, true
}

// walState says what lies in a -wal beside a database.
type walState int

const (
	walNone    walState = iota // no -wal, or an empty one
	walValid                   // a log with a valid header (its frames may be old)
	walForeign                 // a file that is not a write-ahead log of this page size
)

// readWAL checks the -wal at path and returns the newest committed copy of
// page 1 in it, if any. pageSize is the main file's (0: unknown).
func readWAL(path string, pageSize int) (walState, []byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return walNone, nil, nil
	}
	if err != nil {
		return walNone, nil, err
	}
	defer f.Close()
	hdr := make([]byte, 32)
	n, err := io.ReadFull(f, hdr)
	if n == 0 {
		return walNone, nil, nil
	}
	if err != nil {
		return walForeign, nil, nil // a few bytes that are not a log header
	}
	magic := binary.BigEndian.Uint32(hdr[0:4])
	if magic != 0x377f0682 && magic != 0x377f0683 || binary.BigEndian.Uint32(hdr[4:8]) != 3007000 {
		return walForeign, nil, nil
	}
	bigEndian := magic&1 == 1
	ps := int(binary.BigEndian.Uint32(hdr[8:12]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps > 65536 || ps&(ps-1) != 0 || pageSize != 0 && ps != pageSize {
		return walForeign, nil, nil
	}
	s0, s1 := walChecksum(bigEndian, hdr[:24], 0, 0)
	if s0 != binary.BigEndian.Uint32(hdr[24:28]) || s1 != binary.BigEndian.Uint32(hdr[28:32]) {
		return walForeign, nil, nil
	}
	salt1, salt2 := binary.BigEndian.Uint32(hdr[16:20]), binary.BigEndian.Uint32(hdr[20:24])
	// Follow the frames while their salts and running checksums hold.
	frame := make([]byte, 24+ps)
	var pending, committed []byte
	for {
		if _, err := io.ReadFull(f, frame); err != nil {
			break // the end, or a frame cut short by a crash
		}
		if binary.BigEndian.Uint32(frame[8:12]) != salt1 || binary.BigEndian.Uint32(frame[12:16]) != salt2 {
			break
		}
		s0, s1 = walChecksum(bigEndian, frame[:8], s0, s1)
		s0, s1 = walChecksum(bigEndian, frame[24:], s0, s1)
		if s0 != binary.BigEndian.Uint32(frame[16:20]) || s1 != binary.BigEndian.Uint32(frame[20:24]) {
			break
		}
		if binary.BigEndian.Uint32(frame[0:4]) == 1 {
			pending = append(pending[:0], frame[24:]...)
		}
		if binary.BigEndian.Uint32(frame[4:8]) != 0 && pending != nil { // a commit
			committed = append(committed[:0], pending...)
		}
	}
	return walValid, committed, nil
}

// walChecksum is SQLite's checksum of the write-ahead log, over 32-bit
// words in the byte order the log's magic number names.
func walChecksum(bigEndian bool, b []byte, s0, s1 uint32) (uint32, uint32) {
	order := binary.ByteOrder(binary.LittleEndian)
	if bigEndian {
		order = binary.BigEndian
	}
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += order.Uint32(b[i:]) + s1
		s1 += order.Uint32(b[i+4:]) + s0
	}
	return s0, s1
}

// probe reads, without opening it as a database, what the file at path
// (and a -wal beside it) says it is, and refuses with an *OpenError
// anything Carebook must not open: a folder, an empty file, a file that is
// not SQLite, another program's database, a newer Carebook's, and any
// database beside a -wal that is not its own.
func probe(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	if fi.IsDir() {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: errors.New("it is a folder, not a file")}
	}
	if fi.Size() == 0 {
		return &OpenError{Path: path, Kind: OpenEmpty}
	}
	f, err := os.Open(path)
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	page := make([]byte, 512)
	n, _ := io.ReadFull(f, page)
	f.Close()
	h, ok := parsePage1(page[:n])
	if !ok {
		return &OpenError{Path: path, Kind: OpenNotSQLite}
	}
	state, walPage1, err := readWAL(path+"-wal", h.pageSize)
	if err != nil {
		return &OpenError{Path: path, Kind: OpenUnreadable, Err: err}
	}
	if state == walForeign {
		return &OpenError{Path: path, Kind: OpenForeignWAL}
	}
	if walPage1 != nil {
		if wh, ok := parsePage1(walPage1); ok {
			h = wh
		}
	}
	switch {
	case h.appID == applicationID && h.version > SchemaVersion():
		return &OpenError{Path: path, Kind: OpenTooNew, Version: h.version, Known: SchemaVersion()}
	case h.appID == applicationID:
		return nil
	case h.appID == 0 && !h.hasTables:
		return nil // a database with nothing in it yet: ours to build
	}
	return &OpenError{Path: path, Kind: OpenNotCarebook}
}
