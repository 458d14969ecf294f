package bank

import (
	"context"
	"strconv"
	"strings"

	"carebook/data"
)

// headerSearch is how many rows a table's header may lie below the top of
// the file (under the bank's title block).
const headerSearch = 200

// layout is what the first look at a table found: where its header is,
// what the title block says, how its columns map.
type layout struct {
	header     []string
	headerLine int
	facts      Facts
	mapping    Mapping
	from       string // "header", "remembered", "given"
	name       string // the remembered layout's name
}

// conventions are what a table's columns settle about themselves: the
// decimal mark of each amount column, the order of '/' dates.
type conventions struct {
	marks map[int]*marks
	dates dateOrder
}

func (c *conventions) decimal(col int) byte {
	if m := c.marks[col]; m != nil {
		return m.decimal()
	}
	return 0
}

// findLayout reads a table's first rows: the title block's facts, the
// header (the first row whose headings name a date and an amount), and
// the mapping: the one given, a remembered one for this header, or the one
// its headings say.
func findLayout(rs recordSource, o Options) (*layout, []record, error) {
	l := &layout{}
	var seen []record
	for len(seen) < headerSearch {
		rec, ok := rs.next()
		if !ok {
			break
		}
		seen = append(seen, rec)
		if rec.problem != nil || rec.blank() {
			continue
		}
		m, found := mapHeader(rec.cells)
		sig := Signature(rec.cells)
		var remembered *Remembered
		if o.Layouts != nil {
			remembered = o.Layouts(sig)
		}
		if found || remembered != nil || (o.Mapping != nil && o.HeaderLine == rec.line) {
			l.header, l.headerLine = rec.cells, rec.line
			l.mapping, l.from = m, "header"
			if remembered != nil {
				l.mapping, l.from, l.name = remembered.Mapping, "remembered", remembered.Name
			}
			if o.Mapping != nil {
				l.mapping, l.from = *o.Mapping, "given"
			}
			return l, seen, nil
		}
		titleFacts(rec.cells, &l.facts)
	}
	if o.Mapping != nil && o.Mapping.Complete() {
		// No header at all: the columns as given, from the first row.
		l.mapping, l.from = *o.Mapping, "given"
		return l, nil, nil
	}
	return nil, seen, &FileError{Code: "no_header"}
}

// tableRows turns a table's records into entries, from after the header
// (and the row of column numbers under it) to the totals.
type tableRows struct {
	rs       recordSource
	l        *layout
	conv     *conventions
	o        Options
	sheet    bool // a spreadsheet's rows: empty cells at the end are not stored
	date1904 bool
	started  bool
	done     bool
}

// scanConventions reads every row once to settle each amount column's
// decimal mark and the order of '/' dates, and counts the rows.
func scanConventions(ctx context.Context, rs recordSource, l *layout) (*conventions, int, error) {
	c := &conventions{marks: map[int]*marks{}}
	t := &tableRows{rs: rs, l: l, conv: c}
	n := 0
	for {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		rec, ok := t.body()
		if !ok {
			break
		}
		n++
		if rec.problem != nil {
			continue
		}
		for _, col := range []int{l.mapping.Amount, l.mapping.Credit, l.mapping.Debit} {
			if col == 0 || col > len(rec.cells) || rec.numeric[col] {
				continue
			}
			_, vote, _ := readAmount(rec.cells[col-1], 0)
			if c.marks[col] == nil {
				c.marks[col] = &marks{}
			}
			c.marks[col].add(vote)
		}
		if col := l.mapping.Date; col > 0 && col <= len(rec.cells) && !rec.numeric[col] {
			_, vote, _ := readDate(rec.cells[col-1], false)
			c.dates.add(vote)
		}
	}
	return c, n, rs.err()
}

// body gives the next row of the table's body: not blank, not the column
// numbers under the header, not after the totals.
func (t *tableRows) body() (record, bool) {
	for !t.done {
		rec, ok := t.rs.next()
		if !ok {
			return record{}, false
		}
		if t.l.headerLine > 0 && rec.line <= t.l.headerLine {
			continue // the title block and the header (read again)
		}
		if rec.blank() {
			continue
		}
		if rec.problem == nil {
			if !t.started && columnNumbers(rec.cells) {
				t.started = true
				continue
			}
			if totals(rec.cells) {
				t.done = true
				return record{}, false
			}
		}
		t.started = true
		return rec, true
	}
	return record{}, false
}

// entry reads one row.
func (t *tableRows) entry(rec record) Entry {
	e := Entry{Line: rec.line, Until: rec.until}
	if rec.problem != nil {
		e.Problem = rec.problem
		return e
	}
	m := t.l.mapping
	for _, col := range m.columns() {
		if col > len(rec.cells) && !t.sheet {
			e.Problem = &Problem{Code: ProblemColumns, Value: strconv.Itoa(col)}
			return e
		}
	}
	cell := func(col int) string {
		if col == 0 || col > len(rec.cells) {
			return ""
		}
		return rec.cells[col-1]
	}
	e.Payer, e.TaxID = cell(m.Payer), cell(m.TaxID)
	e.Purpose, e.Reference = cell(m.Purpose), cell(m.Reference)

	// The amount, and which way it went.
	var a amount
	var p *Problem
	readCol := func(col int) (amount, *Problem) {
		dec := t.conv.decimal(col)
		if rec.numeric[col] {
			dec = '.' // a spreadsheet's number: 15000.5
		}
		v, _, p := readAmount(cell(col), dec)
		return v, p
	}
	switch {
	case m.Credit > 0:
		credit, debit := cell(m.Credit), cell(m.Debit)
		cz, dz := zeroOrEmpty(credit), zeroOrEmpty(debit)
		switch {
		case !cz && !dz:
			p = &Problem{Code: ProblemBothSides, Value: credit + " / " + debit}
		case !cz:
			a, p = readCol(m.Credit)
		case !dz:
			a, p = readCol(m.Debit)
			e.Out = true
		default:
			p = &Problem{Code: ProblemNoAmount}
		}
	default:
		a, p = readCol(m.Amount)
		e.Out = p == nil && a.neg
	}
	if p == nil && a.neg && m.Credit > 0 {
		e.Out = true // a negative credit is money back out
	}

	// The currency: the row's, the amount's own sign, the account's, or the
	// one the person chose.
	code := ""
	if m.Currency > 0 {
		c := cell(m.Currency)
		if code = currencyCode(c); code == "" && c != "" && e.Problem == nil {
			e.Problem = &Problem{Code: ProblemUnknownCurrency, Value: c}
		}
	}
	if p == nil && a.code != "" {
		switch {
		case code == "":
			code = a.code
		case code != a.code:
			p = &Problem{Code: ProblemCurrencyClash, Value: cell(m.Amount + m.Credit)}
		}
	}
	if code == "" {
		code = t.l.facts.Currency
	}
	if code == "" {
		code = t.o.Currency
	}
	if code == "" {
		code = m.AccountCurrency
	}

	// The date.
	dateText := cell(m.Date)
	var d data.Date
	var dp *Problem
	if rec.numeric[m.Date] {
		var ok bool
		if d, ok = excelDate(dateText, t.date1904); !ok {
			dp = &Problem{Code: ProblemBadDate, Value: dateText}
		}
	} else {
		d, _, dp = readDate(dateText, t.conv.dates.monthFirstSettled())
	}
	if dp == nil {
		dp = checkDate(d, dateText, t.o.Today)
	}
	e.Date = d

	switch {
	case e.Problem != nil:
	case dp != nil:
		e.Problem = dp
	case p != nil:
		e.Problem = p
	case code == "":
		e.Problem = &Problem{Code: ProblemNoCurrency}
	default:
		numeric := rec.numeric[m.Amount] || rec.numeric[m.Credit] || rec.numeric[m.Debit]
		e.Amount, e.Problem = a.money(code, numeric)
	}
	return e
}

// zeroOrEmpty: a credit or debit cell with nothing (or 0,00) in it.
func zeroOrEmpty(s string) bool {
	return strings.Trim(s, " 0,.-\u00a0") == ""
}
