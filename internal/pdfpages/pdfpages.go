// Package pdfpages cuts a run of pages out of a PDF that Carebook itself
// wrote (fpdf's plain layout: one cross-reference table, a single page tree
// whose pages share one resources dictionary), the same bytes every time.
//
// A batch of letters is stored once; each letter's copy is its pages of
// the batch. The copy a person opens, saves or attaches must be the same
// file each time (its checksum may be quoted back), so the cut copies the
// batch's objects byte for byte, drops the other pages, and writes a new
// page tree and cross-reference table — no clock, no random identifier, no
// map order. A general PDF library rewrites every object and stamps the
// time, which is right for editing a PDF and wrong for this.
package pdfpages

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// ErrNotPlain says the PDF is not laid out as Carebook writes them (it
// may still be a valid PDF: cut it with a general library instead).
var ErrNotPlain = errors.New("not a PDF in the layout Carebook writes")

// Range is a run of pages, 1-based and inclusive.
type Range struct{ First, Last int }

// String is the range as stored: "3-4", or "3" for one page.
func (r Range) String() string {
	if r.First == r.Last {
		return strconv.Itoa(r.First)
	}
	return fmt.Sprintf("%d-%d", r.First, r.Last)
}

// Pages is how many pages the range holds.
func (r Range) Pages() int { return r.Last - r.First + 1 }

// ParseRange reads a range as String writes it.
func ParseRange(s string) (Range, error) {
	a, b, two := bytes.Cut([]byte(s), []byte("-"))
	first, err := strconv.Atoi(string(a))
	if err != nil {
		return Range{}, fmt.Errorf("page range %q: %w", s, err)
	}
	last := first
	if two {
		if last, err = strconv.Atoi(string(b)); err != nil {
			return Range{}, fmt.Errorf("page range %q: %w", s, err)
		}
	}
	if first < 1 || last < first {
		return Range{}, fmt.Errorf("page range %q: not a run of pages", s)
	}
	return Range{first, last}, nil
}

var (
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reSection   = regexp.MustCompile(`^xref\s+0\s+(\d+)\s*\n`)
	reTrailer   = regexp.MustCompile(`(?s)trailer\s*<<(.*?)>>\s*startxref`)
	reRef       = regexp.MustCompile(`/(Root|Info)\s+(\d+)\s+0\s+R`)
	rePagesRef  = regexp.MustCompile(`/Pages\s+(\d+)\s+0\s+R`)
	reKids      = regexp.MustCompile(`(?s)/Kids\s*\[(.*?)\]`)
	reObjRef    = regexp.MustCompile(`(\d+)\s+0\s+R`)
	reContents  = regexp.MustCompile(`/Contents\s+(\d+)\s+0\s+R`)
	reType      = regexp.MustCompile(`/Type\s*/Pages\b`)
	reLength    = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
	reCount     = regexp.MustCompile(`/Count\s+\d+`)
)

// file is a parsed plain PDF: where each object is.
type file struct {
	b       []byte
	off     []int // object number → offset of "n 0 obj" (0: free)
	root    int
	info    int
	pages   int   // the page tree's object
	kids    []int // the pages' objects, in order
	version []byte
}

func parse(b []byte) (*file, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		return nil, ErrNotPlain
	}
	m := reStartXref.FindSubmatch(b[max(0, len(b)-64):])
	if m == nil {
		return nil, ErrNotPlain
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at <= 0 || at >= len(b) {
		return nil, ErrNotPlain
	}
	sec := reSection.FindSubmatchIndex(b[at:])
	if sec == nil {
		return nil, ErrNotPlain // a cross-reference stream, or several sections
	}
	n, _ := strconv.Atoi(string(b[at+sec[2] : at+sec[3]]))
	f := &file{b: b, off: make([]int, n), version: b[:8]}
	p := at + sec[1]
	for i := range n {
		if p+20 > len(b) {
			return nil, ErrNotPlain
		}
		e := b[p : p+20]
		if e[17] == 'n' {
			o, err := strconv.Atoi(string(e[:10]))
			if err != nil || o <= 0 || o >= at {
				return nil, ErrNotPlain
			}
			f.off[i] = o
		}
		p += 20
	}
	tr := reTrailer.FindSubmatch(b[p:])
	if tr == nil {
		return nil, ErrNotPlain
	}
	for _, r := range reRef.FindAllSubmatch(tr[1], -1) {
		v, _ := strconv.Atoi(string(r[2]))
		if string(r[1]) == "Root" {
			f.root = v
		} else {
			f.info = v
		}
	}
	cat, err := f.body(f.root)
	if err != nil {
		return nil, err
	}
	pr := rePagesRef.FindSubmatch(cat)
	if pr == nil {
		return nil, ErrNotPlain
	}
	f.pages, _ = strconv.Atoi(string(pr[1]))
	tree, err := f.body(f.pages)
	if err != nil {
		return nil, err
	}
	kids := reKids.FindSubmatch(tree)
	if kids == nil || !reType.Match(tree) {
		return nil, ErrNotPlain
	}
	for _, k := range reObjRef.FindAllSubmatch(kids[1], -1) {
		v, _ := strconv.Atoi(string(k[1]))
		page, err := f.body(v)
		if err != nil {
			return nil, err
		}
		if bytes.Contains(page, []byte("/Kids")) {
			return nil, ErrNotPlain // a page tree of several levels
		}
		f.kids = append(f.kids, v)
	}
	if len(f.kids) == 0 {
		return nil, ErrNotPlain
	}
	return f, nil
}

// object is object n's bytes, from "n 0 obj" to "endobj" and its line end.
func (f *file) object(n int) ([]byte, error) {
	if n <= 0 || n >= len(f.off) || f.off[n] == 0 {
		return nil, fmt.Errorf("%w: object %d is missing", ErrNotPlain, n)
	}
	start := f.off[n]
	head := fmt.Appendf(nil, "%d 0 obj", n)
	if !bytes.HasPrefix(f.b[start:], head) {
		return nil, fmt.Errorf("%w: object %d is not where the table says", ErrNotPlain, n)
	}
	rest := f.b[start:]
	// A stream's bytes may hold "endobj": step over them by their length.
	skip := 0
	if s := bytes.Index(rest, []byte("stream\n")); s >= 0 {
		if e := bytes.Index(rest, []byte("endobj")); e < 0 || s < e {
			d := rest[:s]
			l := reLength.FindSubmatch(d)
			if l == nil || len(l[2]) > 0 {
				return nil, fmt.Errorf("%w: object %d's stream has no length of its own", ErrNotPlain, n)
			}
			length, _ := strconv.Atoi(string(l[1]))
			skip = s + len("stream\n") + length
		}
	}
	if skip > len(rest) {
		return nil, fmt.Errorf("%w: object %d is cut short", ErrNotPlain, n)
	}
	e := bytes.Index(rest[skip:], []byte("endobj"))
	if e < 0 {
		return nil, fmt.Errorf("%w: object %d has no end", ErrNotPlain, n)
	}
	end := skip + e + len("endobj")
	if end < len(rest) && rest[end] == '\n' {
		end++
	}
	return rest[:end], nil
}

// body is an object's dictionary text (its stream, if any, left out).
func (f *file) body(n int) ([]byte, error) {
	o, err := f.object(n)
	if err != nil {
		return nil, err
	}
	if s := bytes.Index(o, []byte("stream\n")); s >= 0 {
		o = o[:s]
	}
	return o, nil
}

// Count is how many pages a plain PDF has.
func Count(pdf []byte) (int, error) {
	f, err := parse(pdf)
	if err != nil {
		return 0, err
	}
	return len(f.kids), nil
}

// Cut returns a PDF of pages r of pdf: the same bytes for the same input,
// always.
func Cut(pdf []byte, r Range) ([]byte, error) {
	f, err := parse(pdf)
	if err != nil {
		return nil, err
	}
	return f.cut(r)
}

// Batch is a PDF read once to cut many runs of pages from (a batch's
// letters, each to its donor's file).
type Batch struct{ f *file }

// Read reads a plain PDF to cut from.
func Read(pdf []byte) (*Batch, error) {
	f, err := parse(pdf)
	if err != nil {
		return nil, err
	}
	return &Batch{f}, nil
}

// Cut is Cut of the batch's PDF.
func (b *Batch) Cut(r Range) ([]byte, error) { return b.f.cut(r) }

func (f *file) cut(r Range) ([]byte, error) {
	pdf := f.b
	if r.First < 1 || r.Last > len(f.kids) || r.Last < r.First {
		return nil, fmt.Errorf("pages %s of a PDF of %d pages", r, len(f.kids))
	}
	// The other pages and their contents are left out.
	drop := map[int]bool{}
	for i, k := range f.kids {
		if i+1 >= r.First && i+1 <= r.Last {
			continue
		}
		drop[k] = true
		page, _ := f.body(k)
		for _, c := range reContents.FindAllSubmatch(page, -1) {
			v, _ := strconv.Atoi(string(c[1]))
			drop[v] = true
		}
	}
	var out bytes.Buffer
	out.Grow(len(pdf) / max(1, len(f.kids)/r.Pages()))
	out.Write(f.version)
	out.WriteString("\n%\xc2\xb5\xc2\xb6\n")
	offs := make([]int, len(f.off))
	for n := 1; n < len(f.off); n++ {
		if f.off[n] == 0 || drop[n] {
			continue
		}
		offs[n] = out.Len()
		if n == f.pages {
			tree, err := f.body(n)
			if err != nil {
				return nil, err
			}
			kept := f.kids[r.First-1 : r.Last]
			var kids bytes.Buffer
			for i, k := range kept {
				if i > 0 {
					kids.WriteByte(' ')
				}
				fmt.Fprintf(&kids, "%d 0 R", k)
			}
			tree = reKids.ReplaceAllLiteral(tree, fmt.Appendf(nil, "/Kids [%s]", kids.Bytes()))
			tree = reCount.ReplaceAllLiteral(tree, fmt.Appendf(nil, "/Count %d", len(kept)))
			out.Write(bytes.TrimRight(tree, " \r\n"))
			out.WriteString("\nendobj\n")
			continue
		}
		o, err := f.object(n)
		if err != nil {
			return nil, err
		}
		out.Write(o)
	}
	// The cross-reference table: free entries chained, as the format asks.
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n", len(offs))
	next := func(n int) int {
		for m := n + 1; m < len(offs); m++ {
			if offs[m] == 0 {
				return m
			}
		}
		return 0
	}
	fmt.Fprintf(&out, "%010d 65535 f \n", next(0))
	for n := 1; n < len(offs); n++ {
		if offs[n] == 0 {
			fmt.Fprintf(&out, "%010d 00001 f \n", next(n))
		} else {
			fmt.Fprintf(&out, "%010d 00000 n \n", offs[n])
		}
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", len(offs), f.root)
	if f.info > 0 {
		fmt.Fprintf(&out, "/Info %d 0 R\n", f.info)
	}
	fmt.Fprintf(&out, ">>\nstartxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// Ranges splits pages 1..total at the first pages given (each run ends
// where the next starts): the letters of a batch from where each began.
func Ranges(starts []int, total int) []Range {
	s := slices.Clone(starts)
	out := make([]Range, len(s))
	for i, first := range s {
		last := total
		if i+1 < len(s) {
			last = s[i+1] - 1
		}
		out[i] = Range{first, last}
	}
	return out
}
