package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A CSV file of exchange rates comes with ',' ';' or tabs, in UTF-8 (with or
// without a byte-order mark) or Windows-1251. (Bank statements have their
// own reader, bank.)

// csvFile is a decoded CSV file: its records with their line numbers.
type csvFile struct {
	Encoding  string // "UTF-8", "UTF-8 with BOM", "Windows-1251"
	Delimiter rune
	Records   [][]string
	Lines     []int // the line each record starts on
	// BadLines are lines in another encoding than the rest of the file.
	BadLines map[int]bool
}

// CSVError refuses a whole CSV file (nothing to import from it).
type CSVError struct {
	Code string // "empty", "header_only", "no_columns", "unreadable"
	Msg  string
}

func (e *CSVError) Error() string { return e.Msg }

// readCSV decodes and splits a small CSV file (exchange rates). Encoding and delimiter
// are detected; a file mixing encodings keeps its lines in the main one and
// marks the others.
func readCSV(r io.Reader) (*csvFile, error) {
	b, err := io.ReadAll(io.LimitReader(r, 512<<20))
	if err != nil {
		return nil, &CSVError{"unreadable", "the file cannot be read: " + err.Error()}
	}
	raw := &csvFile{Encoding: "UTF-8", BadLines: map[int]bool{}}
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		b = b[3:]
		raw.Encoding = "UTF-8 with BOM"
	}
	text := string(b)
	if !utf8.Valid(b) {
		text = decodeMixed(b, raw)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, &CSVError{"empty", "the file is empty"}
	}
	raw.Delimiter = detectDelimiter(text)
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = raw.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			raw.Records = append(raw.Records, nil)
			raw.Lines = append(raw.Lines, line)
			continue
		}
		blank := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			blank = blank && rec[i] == ""
		}
		if blank {
			continue // a blank line, or ";;;" as banks end their exports
		}
		raw.Records = append(raw.Records, rec)
		raw.Lines = append(raw.Lines, line)
	}
	return raw, nil
}

// decodeMixed decodes line by line: lines that are valid UTF-8 with
// non-ASCII text count for UTF-8, invalid ones for Windows-1251; the side with
// more lines wins and the other side's lines are marked bad.
func decodeMixed(b []byte, raw *csvFile) string {
	lines := bytes.Split(b, []byte("\n"))
	utf, cp := 0, 0
	for _, l := range lines {
		switch {
		case !utf8.Valid(l):
			cp++
		case hasNonASCII(l):
			utf++
		}
	}
	dec := charmap.Windows1251.NewDecoder()
	out := make([]string, len(lines))
	if cp >= utf {
		raw.Encoding = "Windows-1251"
	} else {
		raw.Encoding = "UTF-8"
	}
	for i, l := range lines {
		valid := utf8.Valid(l)
		switch {
		case raw.Encoding == "Windows-1251" && valid && hasNonASCII(l):
			raw.BadLines[i+1] = true
			out[i] = string(l)
		case raw.Encoding == "Windows-1251":
			s, _ := dec.Bytes(l)
			out[i] = string(s)
		case !valid:
			raw.BadLines[i+1] = true
			out[i] = strings.ToValidUTF8(string(l), "?")
		default:
			out[i] = string(l)
		}
	}
	return strings.Join(out, "\n")
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// detectDelimiter picks the separator used most, outside quotes, on the
// first line, preferring one that is as frequent on the second line.
func detectDelimiter(text string) rune {
	lines := strings.SplitN(text, "\n", 3)
	count := func(line string, d rune) int {
		n, quoted := 0, false
		for _, r := range line {
			if r == '"' {
				quoted = !quoted
			} else if r == d && !quoted {
				n++
			}
		}
		return n
	}
	best, bestN := ',', 0
	for _, d := range []rune{';', '\t', ','} {
		n := count(lines[0], d)
		if len(lines) > 1 && strings.TrimSpace(lines[1]) != "" && count(lines[1], d) != n {
			n /= 2 // inconsistent: less likely the separator
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}
