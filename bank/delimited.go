package bank

import (
	"strings"
	"unicode/utf8"
)

// record is one row of a table (a CSV line, or a worksheet row): its cells,
// trimmed, and the lines it spans.
type record struct {
	line, until int
	cells       []string
	problem     *Problem // the row cannot be read at all
	// numeric marks cells a spreadsheet stores as numbers (raw values:
	// 15000.5, a date as a serial), by column.
	numeric map[int]bool
}

// blank reports a row with nothing in it (";;;" as banks end their exports).
func (r record) blank() bool {
	if r.problem != nil {
		return false
	}
	for _, c := range r.cells {
		if c != "" {
			return false
		}
	}
	return true
}

// recordSource gives a table's rows one by one.
type recordSource interface {
	next() (record, bool)
	err() error
}

// splitFields splits a line at sep. A field that starts with a quote runs
// to the quote that closes it ("" is a quote inside it); quotes elsewhere
// are kept as they are (ТОО "Береке"). open reports a quote left open at the
// end of the line.
func splitFields(line string, sep rune) (fields []string, open bool) {
	if !strings.ContainsRune(line, '"') && utf8.ValidString(line) {
		// Most lines quote nothing: the fields are what lies between
		// separators, as the loop below would find them.
		fields = strings.Split(line, string(sep))
		for i, f := range fields {
			fields[i] = strings.TrimSpace(f)
		}
		return fields, false
	}
	return splitQuoted(line, sep)
}

// splitQuoted is splitFields of a line that may quote its fields.
func splitQuoted(line string, sep rune) (fields []string, open bool) {
	var b strings.Builder
	quoted, atStart := false, true
	runes := []rune(line)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quoted && r == '"':
			if i+1 < len(runes) && runes[i+1] == '"' {
				b.WriteRune('"')
				i++
				continue
			}
			// The closing quote, if a separator or the end follows (spaces
			// allowed); otherwise a stray quote inside the text.
			j := i + 1
			for j < len(runes) && runes[j] == ' ' {
				j++
			}
			if j == len(runes) || runes[j] == sep {
				quoted = false
				i = j - 1
				continue
			}
			b.WriteRune(r)
		case quoted:
			b.WriteRune(r)
		case r == sep:
			fields = append(fields, strings.TrimSpace(b.String()))
			b.Reset()
			atStart = true
		case r == '"' && atStart && strings.TrimSpace(b.String()) == "":
			b.Reset()
			quoted = true
			atStart = false
		default:
			b.WriteRune(r)
			if r != ' ' {
				atStart = false
			}
		}
	}
	fields = append(fields, strings.TrimSpace(b.String()))
	return fields, quoted
}

// countFields is splitFields' field count (for finding the separator).
func countFields(line string, sep rune) int {
	f, _ := splitFields(line, sep)
	return len(f)
}

// detectSeparator picks the separator that splits most of the sample lines
// into the same number of fields, preferring more fields: the table's rows
// agree with each other, a title block's lines do not.
func detectSeparator(lines []string) rune {
	best, bestScore := ';', 0
	for _, sep := range []rune{';', '\t', ',', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			if n := countFields(l, sep); n >= 2 {
				counts[n]++
			}
		}
		for n, lines := range counts {
			if lines >= 2 || len(counts) == 1 {
				if score := lines * n; score > bestScore {
					best, bestScore = sep, score
				}
			}
		}
	}
	return best
}

// maxJoin is how many lines a quoted field may span before the quote is
// taken for a stray one.
const maxJoin = 20

// delimited reads the records of delimited text. A quote that never closes
// does not swallow the rows after it: when joining the next lines does not
// give a whole row (as many cells as the header), the line is refused as it
// is and reading goes on with the next.
type delimited struct {
	lines  *lineReader
	sep    rune
	width  int // the header's number of cells, once known (0: any)
	queue  []textLine
	readEr error
}

func (d *delimited) line() (textLine, bool) {
	if len(d.queue) > 0 {
		l := d.queue[0]
		d.queue = d.queue[1:]
		return l, true
	}
	return d.lines.next()
}

func (d *delimited) next() (record, bool) {
	l, ok := d.line()
	if !ok {
		return record{}, false
	}
	rec := record{line: l.n, until: l.n}
	switch {
	case l.tooLong:
		rec.problem = &Problem{Code: ProblemLineTooLong}
		return rec, true
	case l.foreign:
		rec.problem = &Problem{Code: ProblemEncoding}
		return rec, true
	}
	fields, open := splitFields(l.text, d.sep)
	if !open {
		rec.cells = fields
		return rec, true
	}
	// A quoted field goes on over the next lines: join them while the
	// quote stays open.
	text := l.text
	var taken []textLine
	for len(taken) < maxJoin {
		n, ok := d.line()
		if !ok {
			break
		}
		taken = append(taken, n)
		if n.foreign || n.tooLong {
			break
		}
		text += "\n" + n.text
		if fields, open = splitFields(text, d.sep); !open {
			if d.width == 0 || len(fields) == d.width {
				rec.cells, rec.until = fields, n.n
				return rec, true
			}
			break
		}
	}
	// Not a row: this line alone is refused, the others are read again.
	d.queue = append(taken, d.queue...)
	rec.problem = &Problem{Code: ProblemUnbalanced, Value: l.text}
	return rec, true
}

func (d *delimited) err() error { return d.lines.err() }
