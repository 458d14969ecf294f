package bank

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"carebook/data"
	"carebook/internal/ahead"
)

// DefaultMaxSize is the largest statement Carebook reads: a year of a busy
// account is a few hundred megabytes. A larger file is refused as a whole,
// never read in part.
const DefaultMaxSize = 1 << 30

// Remembered is a table layout a volunteer mapped once and named.
type Remembered struct {
	Name    string
	Mapping Mapping
}

// Options say what the file itself may not.
type Options struct {
	// Currency is the account's currency, for files that do not say.
	Currency string
	// Mapping gives a table's columns (from the command line's flags, or
	// as chosen on the import screen); HeaderLine, when set, is the header
	// row it belongs to.
	Mapping    *Mapping
	HeaderLine int
	// Layouts finds a remembered layout by a header's Signature.
	Layouts func(signature string) *Remembered
	// Today: rows dated after it are refused.
	Today data.Date
	// MaxSize overrides DefaultMaxSize.
	MaxSize int64
}

// Source is a statement file, recognised. Its rows are read by Each, as
// many times as needed (the preview, then the import), from the file.
type Source struct {
	Path     string
	Size     int64
	SHA256   string
	Format   string
	Encoding string // for text formats
	Sep      rune   // a text table's separator
	Sheet    string // a workbook's sheet
	Facts    Facts
	// A table's header and how its columns map: "header" (found from the
	// headings), "remembered" (LayoutName), or "given".
	Header      []string
	HeaderLine  int
	Signature   string
	Mapping     Mapping
	MappingFrom string
	LayoutName  string
	// Rows is the number of statement rows (for progress).
	Rows int
	// Sample is a table's first rows as they are, for choosing its columns
	// by hand (SampleLines: their lines).
	Sample      [][]string
	SampleLines []int

	opts     Options
	conv     *conventions
	date1904 bool
}

// Name is the file's name without its folder.
func (s *Source) Name() string { return filepath.Base(s.Path) }

// Open recognises a statement from its content and reads it once through:
// its format and encoding, its facts, a table's header and mapping, and
// what its columns settle (decimal marks). A file that cannot be a
// statement is refused as a whole with a *FileError; for a table whose
// columns cannot be told ("no_header", "no_columns") the Source comes with
// the error, its Sample showing the rows to choose them from.
func Open(ctx context.Context, path string, o Options) (*Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Code: "unreadable", Path: path, Err: err}
	}
	max := o.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	switch {
	case fi.IsDir():
		return nil, &FileError{Code: "unreadable", Path: path, Err: errors.New("it is a folder")}
	case fi.Size() > max:
		return nil, &FileError{Code: "too_large", Path: path, Size: fi.Size(), Max: max}
	case fi.Size() == 0:
		return nil, &FileError{Code: "empty", Path: path}
	}
	s := &Source{Path: path, Size: fi.Size(), opts: o}
	head, enc, err := s.survey(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		s.Format = FormatXLSX
		err = s.openXLSX(ctx)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		return nil, &FileError{Code: "xls", Path: path}
	case bytes.HasPrefix(head, []byte("%PDF")):
		return nil, &FileError{Code: "pdf", Path: path}
	default:
		s.Encoding = enc
		err = s.openText(ctx)
	}
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) && fe.Path == "" {
			fe.Path = path
		}
		if fe != nil && (fe.Code == "no_header" || fe.Code == "no_columns") {
			return s, err // the sample, to choose the columns by hand
		}
		return nil, err
	}
	if s.Rows == 0 {
		return nil, &FileError{Code: "no_rows", Path: path}
	}
	return s, nil
}

// survey reads the whole file once: its SHA-256 (to know it again), its
// first bytes, and its text encoding. A file with lines that are not UTF-8
// is Windows-1251 when most of its lines with letters beyond ASCII are.
func (s *Source) survey(ctx context.Context) (head []byte, enc string, err error) {
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, "", &FileError{Code: "unreadable", Path: s.Path, Err: err}
	}
	defer f.Close()
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(f, h), 1<<20)
	head, _ = br.Peek(4096)
	head = append([]byte(nil), head...)
	enc = EncUTF8
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		enc = EncUTF16LE
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		enc = EncUTF16BE
	case utf16Guess(head) != "":
		enc = utf16Guess(head)
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		enc = EncUTF8BOM
	}
	utf, bad, n := 0, 0, 0
	for {
		line, rerr := br.ReadSlice('\n')
		if n++; n%65536 == 0 && ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		if len(line) > 0 && (enc == EncUTF8 || enc == EncUTF8BOM) {
			switch {
			case !utf8.Valid(line):
				bad++
			case hasNonASCII(line):
				utf++
			}
		}
		if rerr == bufio.ErrBufferFull {
			continue
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, "", &FileError{Code: "unreadable", Path: s.Path, Err: rerr}
		}
	}
	if enc == EncUTF8 && bad > 0 && bad >= utf {
		enc = Enc1251
	}
	s.SHA256 = hex.EncodeToString(h.Sum(nil))
	return head, enc, nil
}

// utf16Guess recognises UTF-16 without a byte-order mark by its zero bytes:
// text in the Latin and Cyrillic ranges has one in every pair.
func utf16Guess(head []byte) string {
	if len(head) < 16 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := len(head) / 2
	switch {
	case odd*10 >= pairs*4 && even == 0:
		return EncUTF16LE
	case even*10 >= pairs*4 && odd == 0:
		return EncUTF16BE
	}
	return ""
}

// textLines opens the file's text, line by line, in its encoding.
func (s *Source) textLines() (*lineReader, io.Closer, error) {
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, nil, &FileError{Code: "unreadable", Path: s.Path, Err: err}
	}
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	enc := s.Encoding
	switch enc {
	case EncUTF16LE, EncUTF16BE:
		br := r.(*bufio.Reader)
		b, _ := br.Peek(2)
		bom := bytes.Equal(b, []byte("\xff\xfe")) || bytes.Equal(b, []byte("\xfe\xff"))
		r = utf16Reader(br, enc, bom)
		enc = EncUTF8
	case EncUTF8BOM:
		r.(*bufio.Reader).Discard(3)
		enc = EncUTF8
	}
	return newLineReader(r, enc), f, nil
}

// openText recognises a text statement by its first lines: the 1C exchange
// format, MT940, or else a table.
func (s *Source) openText(ctx context.Context) error {
	lr, c, err := s.textLines()
	if err != nil {
		return err
	}
	var first []string
	for len(first) < 40 {
		l, ok := lr.next()
		if !ok {
			break
		}
		if t := strings.TrimSpace(l.text); t != "" || len(first) > 0 {
			first = append(first, t)
		}
	}
	c.Close()
	switch {
	case len(first) == 0:
		return &FileError{Code: "empty"}
	case strings.HasPrefix(strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(first[0], "\ufeff"))), "1CCLIENTBANKEXCHANGE"):
		s.Format = Format1C
		return s.open1C(ctx, first)
	case looksLikeMT940(first):
		s.Format = FormatMT940
		return s.openMT940(ctx)
	}
	s.Format = FormatTable
	s.Sep = detectSeparator(first)
	return s.openTable(ctx)
}

// records opens a table's rows afresh.
func (s *Source) records() (recordSource, io.Closer, error) {
	if s.Format == FormatXLSX {
		return s.xlsxRecords()
	}
	lr, c, err := s.textLines()
	if err != nil {
		return nil, nil, err
	}
	return &delimited{lines: lr, sep: s.Sep, width: len(s.Header)}, c, nil
}

// openTable finds a table's layout and settles its conventions.
func (s *Source) openTable(ctx context.Context) error {
	rs, c, err := s.records()
	if err != nil {
		return err
	}
	l, seen, err := findLayout(rs, s.opts)
	c.Close()
	for _, r := range seen {
		if len(s.Sample) < 30 && r.problem == nil && !r.blank() {
			s.Sample = append(s.Sample, r.cells)
			s.SampleLines = append(s.SampleLines, r.line)
		}
	}
	if err != nil {
		return err
	}
	if !l.mapping.Complete() {
		s.setLayout(l)
		return &FileError{Code: "no_columns", What: "the header does not say which column holds the date and which the amount: choose them"}
	}
	s.setLayout(l)
	if rs, c, err = s.records(); err != nil {
		return err
	}
	defer c.Close()
	s.conv, s.Rows, err = scanConventions(ctx, rs, l)
	if err != nil {
		return &FileError{Code: "unreadable", Path: s.Path, Err: err}
	}
	if s.Rows == 0 {
		return &FileError{Code: "no_rows"}
	}
	return nil
}

func (s *Source) setLayout(l *layout) {
	s.Header, s.HeaderLine, s.Signature = l.header, l.headerLine, Signature(l.header)
	s.Mapping, s.MappingFrom, s.LayoutName = l.mapping, l.from, l.name
	s.Facts = l.facts
}

func (s *Source) layout() *layout {
	return &layout{header: s.Header, headerLine: s.HeaderLine, facts: s.Facts, mapping: s.Mapping, from: s.MappingFrom, name: s.LayoutName}
}

// Each reads the statement's rows from the file, in order, and gives each
// to fn; it stops at fn's first error.
func (s *Source) Each(ctx context.Context, fn func(Entry) error) error {
	switch s.Format {
	case Format1C:
		return s.each1C(ctx, fn)
	case FormatMT940:
		return s.eachMT940(ctx, fn)
	}
	rs, c, err := s.records()
	if err != nil {
		return err
	}
	defer c.Close()
	t := &tableRows{rs: rs, l: s.layout(), conv: s.conv, o: s.opts, date1904: s.date1904, sheet: s.Format == FormatXLSX}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, ok := t.body()
		if !ok {
			break
		}
		if err := fn(t.entry(rec)); err != nil {
			return err
		}
	}
	if err := rs.err(); err != nil {
		return &FileError{Code: "unreadable", Path: s.Path, Err: err}
	}
	return nil
}

// eachAhead is Each with the reading a few batches ahead of fn (see
// ahead.Run).
func (s *Source) eachAhead(ctx context.Context, fn func(Entry) error) error {
	return ahead.Run(ctx, func(ctx context.Context, emit func(Entry) error) error {
		return s.Each(ctx, emit)
	}, func(e *Entry) error { return fn(*e) })
}
