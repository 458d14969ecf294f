package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A bank statement is a CSV file of incoming payments. Banks in Kazakhstan
// and Uzbekistan export it with ',' ';' or tabs, in UTF-8 (with or without a
// byte-order mark) or Windows-1251, with decimal commas and dates as
// dd.mm.yyyy. Reading it never changes the database; importing is one
// transaction.

// RawStatement is a decoded CSV file: its records with their line numbers.
type RawStatement struct {
	Encoding  string // "UTF-8", "UTF-8 with BOM", "Windows-1251"
	Delimiter rune
	Records   [][]string
	Lines     []int // the line each record starts on
	// BadLines are lines in another encoding than the rest of the file.
	BadLines map[int]bool
}

// StatementError refuses a whole file (nothing to import from it).
type StatementError struct {
	Code string // "empty", "header_only", "no_columns", "unreadable"
	Msg  string
}

func (e *StatementError) Error() string { return e.Msg }

// ReadStatement decodes and splits a CSV statement. Encoding and delimiter
// are detected; a file mixing encodings keeps its lines in the main one and
// marks the others.
func ReadStatement(r io.Reader) (*RawStatement, error) {
	b, err := io.ReadAll(io.LimitReader(r, 512<<20))
	if err != nil {
		return nil, &StatementError{"unreadable", "the file cannot be read: " + err.Error()}
	}
	raw := &RawStatement{Encoding: "UTF-8", BadLines: map[int]bool{}}
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
		return nil, &StatementError{"empty", "the file is empty"}
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
func decodeMixed(b []byte, raw *RawStatement) string {
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

// StatementOptions map columns (numbered from 1; 0 = not in the file or
// found from the header) and give what the file lacks.
type StatementOptions struct {
	DateCol, AmountCol, CurrencyCol, DonorCol, ReferenceCol int
	Currency                                                string // used when there is no currency column
	ChildID                                                 string // earmark every donation for this child
	Method                                                  Method // default: bank
}

// Row states.
const (
	RowOK        = "ok"
	RowDuplicate = "duplicate"
	RowRejected  = "rejected"
)

// StatementRow is one record and what the import would do with it.
type StatementRow struct {
	Line     int
	Fields   []string
	State    string
	Code     string // why it is rejected or a duplicate: a FieldError code, "encoding", "columns", "in_file", "in_database"
	Field    string // which field, for rejected rows
	Value    string
	Donation Donation
	Donor    string // the donor's name as written
}

// Reason is an English sentence about the row, naming its line.
func (r *StatementRow) Reason() string {
	switch r.Code {
	case "":
		return ""
	case "encoding":
		return fmt.Sprintf("line %d: the text is in another encoding than the rest of the file", r.Line)
	case "columns":
		return fmt.Sprintf("line %d: the row has no column %s", r.Line, r.Value)
	case "in_file":
		return fmt.Sprintf("line %d: repeats an earlier row of this file (same date, amount, currency and reference)", r.Line)
	case "in_database":
		return fmt.Sprintf("line %d: this donation is already recorded (same date, amount, currency and reference)", r.Line)
	}
	fe := &FieldError{Field: r.Field, Code: r.Code, Params: map[string]any{"value": r.Value, "max": MaxMajor}}
	return fmt.Sprintf("line %d: %q: %s", r.Line, r.Value, fe.Error())
}

// Statement is a statement read and checked against the database.
type Statement struct {
	Raw                      *RawStatement
	Opts                     StatementOptions // with the columns found from the header
	Header                   []string
	Rows                     []StatementRow
	OK, Duplicates, Rejected int
}

var columnWords = map[string][]string{
	"date":      {"дата", "date", "күні", "күн", "sana"},
	"amount":    {"сумма", "amount", "сома", "кредит", "credit", "поступлен", "приход", "summa"},
	"currency":  {"валюта", "currency", "val"},
	"donor":     {"плательщик", "отправитель", "payer", "donor", "фио", "name", "төлеуші", "жіберуші", "контрагент", "sender", "имя"},
	"reference": {"референс", "reference", "номер", "№", "ref", "документ", "транзакц", "id"},
}

// findColumns fills the columns the options leave open from a header row.
func findColumns(header []string, o *StatementOptions) {
	slots := []struct {
		key string
		p   *int
	}{{"date", &o.DateCol}, {"amount", &o.AmountCol}, {"currency", &o.CurrencyCol}, {"donor", &o.DonorCol}, {"reference", &o.ReferenceCol}}
	used := map[int]bool{o.DateCol: true, o.AmountCol: true, o.CurrencyCol: true, o.DonorCol: true, o.ReferenceCol: true}
	for _, slot := range slots {
		if *slot.p != 0 {
			continue
		}
		for i, h := range header {
			if !used[i+1] && containsAny(Fold(h), columnWords[slot.key]...) {
				*slot.p = i + 1
				used[i+1] = true
				break
			}
		}
	}
}

// looksLikeHeader: a first row whose date column holds no date.
func looksLikeHeader(rec []string, o StatementOptions) bool {
	if o.DateCol > 0 && o.DateCol <= len(rec) {
		_, err := ParseDate(firstWord(rec[o.DateCol-1]))
		return err != nil
	}
	for _, f := range rec {
		if _, err := ParseDate(firstWord(f)); err == nil {
			return false
		}
	}
	return true
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " T"); i > 0 {
		return s[:i]
	}
	return s
}

// PrepareImport maps and checks every row: what it would import, what
// repeats a donation already recorded (or an earlier row), and what is
// wrong with the rest. It changes nothing.
func (s *Store) PrepareImport(ctx context.Context, raw *RawStatement, o StatementOptions) (*Statement, error) {
	st := &Statement{Raw: raw, Opts: o}
	if len(raw.Records) == 0 {
		return nil, &StatementError{"empty", "the file has no rows"}
	}
	first := raw.Records[0]
	body := raw.Records
	lines := raw.Lines
	if looksLikeHeader(first, o) {
		st.Header = first
		findColumns(first, &st.Opts)
		body, lines = body[1:], lines[1:]
	}
	o = st.Opts
	if o.DateCol == 0 || o.AmountCol == 0 {
		return nil, &StatementError{"no_columns", "cannot tell which column holds the date and which the amount; name them (date and amount columns)"}
	}
	if o.CurrencyCol == 0 && o.Currency == "" {
		return nil, &StatementError{"no_columns", "the file has no currency column; say which currency it is in"}
	}
	if len(body) == 0 {
		return nil, &StatementError{"header_only", "the file holds only a header, no donations"}
	}
	if o.Method == "" {
		o.Method = MethodBank
	}
	keys, err := s.donationKeys(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	today := s.Today()
	st.Rows = make([]StatementRow, 0, len(body))
	for i, rec := range body {
		row := StatementRow{Line: lines[i], Fields: rec, State: RowRejected}
		st.checkRow(&row, o, today, keys, seen)
		switch row.State {
		case RowOK:
			st.OK++
		case RowDuplicate:
			st.Duplicates++
		default:
			st.Rejected++
		}
		st.Rows = append(st.Rows, row)
	}
	return st, nil
}

func (st *Statement) checkRow(row *StatementRow, o StatementOptions, today Date, keys, seen map[string]bool) {
	reject := func(field, code, value string) {
		row.State, row.Field, row.Code, row.Value = RowRejected, field, code, value
	}
	if st.Raw.BadLines[row.Line] {
		reject("", "encoding", "")
		return
	}
	if row.Fields == nil {
		reject("", CodeBadChars, "unbalanced quotes")
		return
	}
	col := func(n int) (string, bool) {
		if n == 0 {
			return "", true
		}
		if n > len(row.Fields) {
			reject("", "columns", fmt.Sprint(n))
			return "", false
		}
		return row.Fields[n-1], true
	}
	dateText, ok := col(o.DateCol)
	if !ok {
		return
	}
	amountText, ok := col(o.AmountCol)
	if !ok {
		return
	}
	currency, ok := col(o.CurrencyCol)
	if !ok {
		return
	}
	donor, ok := col(o.DonorCol)
	if !ok {
		return
	}
	ref, ok := col(o.ReferenceCol)
	if !ok {
		return
	}
	if o.CurrencyCol == 0 {
		currency = o.Currency
	}
	day, err := ParseDate(firstWord(dateText))
	if err != nil || day.IsZero() {
		reject("received_on", CodeBadDate, dateText)
		return
	}
	code := upperCode(currency)
	if _, known := LookupCurrency(code); !known {
		if code == "" {
			reject("currency", CodeRequired, currency)
		} else {
			reject("currency", CodeUnknownCurrency, currency)
		}
		return
	}
	m, err := ParseMoney(strings.TrimPrefix(amountText, "+"), code)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			reject("amount", fe.Code, amountText)
		} else {
			reject("amount", CodeBadAmount, amountText)
		}
		return
	}
	d := Donation{ReceivedOn: day, Amount: m, Method: o.Method, ChildID: o.ChildID, BankReference: ref}
	d.prepare()
	if err := d.validate(today); err != nil {
		fe := FieldErrors(err)[0]
		value := amountText
		if fe.Field == "received_on" {
			value = dateText
		} else if fe.Field == "bank_reference" {
			value = ref
		}
		reject(fe.Field, fe.Code, value)
		return
	}
	row.Donation, row.Donor = d, strings.TrimSpace(donor)
	if row.Donor != "" {
		var fes fieldErrs
		name := row.Donor
		fes.checkText("donor", &name, ruleLine, maxShort, false)
		if len(fes) > 0 {
			reject("donor", fes[0].Code, row.Donor)
			return
		}
		row.Donor = name
	}
	key := donationKey(d)
	switch {
	case keys[key]:
		row.State, row.Code = RowDuplicate, "in_database"
	case seen[key]:
		row.State, row.Code = RowDuplicate, "in_file"
	default:
		row.State = RowOK
		seen[key] = true
	}
}

// donationKey is what makes two donations the same for an import.
func donationKey(d Donation) string {
	return d.ReceivedOn.String() + "|" + fmt.Sprint(d.Amount.Minor) + "|" + d.Amount.Currency + "|" + Fold(d.BankReference)
}

func (s *Store) donationKeys(ctx context.Context) (map[string]bool, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT received_on, amount_minor, currency, bank_reference FROM donations WHERE deleted_at IS NULL")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var d Donation
		if err := rows.Scan(&d.ReceivedOn, &d.Amount.Minor, &d.Amount.Currency, &d.BankReference); err != nil {
			return nil, err
		}
		keys[donationKey(d)] = true
	}
	return keys, rows.Err()
}

// ImportResult counts what an import did.
type ImportResult struct {
	Imported, Duplicates, Rejected, NewDonors int
}

// Import writes the statement's good rows in one transaction: donors that
// are not known yet (by folded name) are created, and each donation recorded.
// Duplicates and rejected rows are left out. Either all good rows land or none.
func (s *Store) Import(ctx context.Context, st *Statement) (ImportResult, error) {
	res := ImportResult{Duplicates: st.Duplicates, Rejected: st.Rejected}
	err := s.InTx(ctx, func(ctx context.Context) error {
		tx := ctx.Value(txKey{}).(*sql.Tx)
		// Check again inside the transaction: someone may have recorded a
		// donation since the preview.
		keys, err := s.donationKeys(ctx)
		if err != nil {
			return err
		}
		donors, err := s.ListDonors(ctx, "")
		if err != nil {
			return err
		}
		byName := map[string]string{}
		for _, d := range donors {
			byName[Fold(d.DisplayName)] = d.ID
		}
		insDonation, err := tx.PrepareContext(ctx, specOf(&Donation{}).insertSQL)
		if err != nil {
			return err
		}
		defer insDonation.Close()
		for i := range st.Rows {
			row := &st.Rows[i]
			if row.State != RowOK {
				continue
			}
			if keys[donationKey(row.Donation)] {
				res.Duplicates++
				continue
			}
			d := row.Donation
			if row.Donor != "" {
				id, ok := byName[Fold(row.Donor)]
				if !ok {
					donor := &Donor{Kind: DonorPerson, DisplayName: row.Donor}
					if err := s.Donors.Create(ctx, donor); err != nil {
						return fmt.Errorf("line %d: %w", row.Line, err)
					}
					id = donor.ID
					byName[Fold(row.Donor)] = id
					res.NewDonors++
				}
				d.DonorID = id
			}
			m := d.meta()
			m.ID = NewID()
			m.CreatedAt = s.stamp()
			m.UpdatedAt = m.CreatedAt
			if _, err := insDonation.ExecContext(ctx, scanPtrs(&d)...); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			keys[donationKey(d)] = true
			res.Imported++
		}
		return s.audit(ctx, tx, "import", "donation", "", fmt.Sprintf("%d donations imported from a bank statement", res.Imported))
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}
