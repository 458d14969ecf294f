package bank

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings a statement's text comes in.
const (
	EncUTF8     = "UTF-8"
	EncUTF8BOM  = "UTF-8 with BOM"
	EncUTF16LE  = "UTF-16 LE"
	EncUTF16BE  = "UTF-16 BE"
	Enc1251     = "Windows-1251"
	EncCP866    = "DOS (CP866)"
	maxLineSize = 1 << 20
)

// textLine is one line of a statement, decoded.
type textLine struct {
	n       int    // its number in the file, from 1
	text    string // without its line end
	foreign bool   // in another encoding than the rest of the file
	tooLong bool   // longer than maxLineSize (cut)
}

// lineReader reads a text file line by line whatever its line ends (CRLF,
// LF, or CR alone as old Macs and some banks write them), turning each line
// into UTF-8 from the file's encoding.
type lineReader struct {
	sc   *bufio.Scanner
	enc  string
	n    int
	long bool // the last token was cut at maxLineSize
}

// utf16Reader turns UTF-16 into UTF-8 (the BOM, when there, is dropped).
func utf16Reader(r io.Reader, enc string, bom bool) io.Reader {
	order := unicode.LittleEndian
	if enc == EncUTF16BE {
		order = unicode.BigEndian
	}
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.ExpectBOM
	}
	return transform.NewReader(r, unicode.UTF16(order, policy).NewDecoder())
}

func newLineReader(r io.Reader, enc string) *lineReader {
	lr := &lineReader{enc: enc}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineSize+2)
	skipping := false // the rest of a line too long
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		for {
			i := bytes.IndexAny(data, "\r\n")
			if i < 0 {
				if len(data) >= maxLineSize {
					if skipping {
						return len(data), nil, nil
					}
					skipping = true
					lr.long = true
					return len(data), data[:maxLineSize], nil
				}
				if atEOF && len(data) > 0 {
					if skipping {
						skipping = false
						return len(data), nil, nil
					}
					lr.long = false
					return len(data), data, nil
				}
				return 0, nil, nil
			}
			adv := i + 1
			if data[i] == '\r' {
				if i+1 >= len(data) && !atEOF {
					return 0, nil, nil // is a \n coming?
				}
				if i+1 < len(data) && data[i+1] == '\n' {
					adv++
				}
			}
			if skipping {
				skipping = false
				return adv, nil, nil // the end of the cut line: not a line of its own
			}
			lr.long = false
			return adv, data[:i], nil
		}
	})
	lr.sc = sc
	return lr
}

// next gives the next line; false at the end or on a read error (err).
func (lr *lineReader) next() (textLine, bool) {
	for lr.sc.Scan() {
		tok := lr.sc.Bytes()
		if lr.long {
			lr.n++
			return textLine{n: lr.n, tooLong: true}, true
		}
		lr.n++
		return decodeLine(tok, lr.n, lr.enc), true
	}
	return textLine{}, false
}

func (lr *lineReader) err() error { return lr.sc.Err() }

var dec1251 = charmap.Windows1251.NewDecoder()
var dec866 = charmap.CodePage866.NewDecoder()

// decodeLine turns a line's bytes into text. In a Windows-1251 file a line
// of valid UTF-8 with letters beyond ASCII is foreign, and in a UTF-8 file a
// line that is not UTF-8: such lines are marked, never guessed at.
func decodeLine(b []byte, n int, enc string) textLine {
	l := textLine{n: n}
	switch enc {
	case Enc1251, EncCP866:
		if hasNonASCII(b) && utf8.Valid(b) {
			l.foreign = true
			l.text = string(b)
			return l
		}
		d := dec1251
		if enc == EncCP866 {
			d = dec866
		}
		s, _ := d.Bytes(b)
		l.text = string(s)
	default:
		if !utf8.Valid(b) {
			l.foreign = true
			l.text = string(bytes.ToValidUTF8(b, []byte("?")))
			return l
		}
		l.text = string(b)
	}
	return l
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
