package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"carebook/money"
)

// What the store offers to an import of donations (bank reads the
// statements; the store sees only the donations and donors that come of
// them): the donations already recorded, to tell repeats; the donors, to
// match payers; a writer that records many donations in one transaction;
// and the statements and table layouts met before.

// RecordedDonation is what tells a recorded donation from a new one: its
// day, amount, who paid and the bank's words for it.
type RecordedDonation struct {
	ID         string
	ReceivedOn Date
	Amount     money.Money
	Payer      string // as the statement wrote it; empty when entered by hand
	DonorID    string
	DonorName  string
	Reference  string
	Purpose    string
}

// SameDayKeysIn gives fn the day and amount of every live donation received
// from from to to, read from the same-day index alone, if they are at most
// most (it reports whether it did).
func (s *Store) SameDayKeysIn(ctx context.Context, from, to Date, most int, fn func(Date, money.Money) error) (bool, error) {
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM donations INDEXED BY donations_same_day
		WHERE received_on BETWEEN ? AND ? AND deleted_at IS NULL LIMIT ?)`, from, to, most+1).Scan(&n); err != nil {
		return false, err
	}
	if n > most {
		return false, nil
	}
	return true, eachRow(ctx, s.q(ctx), `SELECT received_on, amount_minor, currency FROM donations INDEXED BY donations_same_day
		WHERE received_on BETWEEN ? AND ? AND deleted_at IS NULL`,
		func(rows *sql.Rows, k *RecordedDonation) error {
			return rows.Scan(&k.ReceivedOn, &k.Amount.Minor, &k.Amount.Currency)
		},
		func(k RecordedDonation) error { return fn(k.ReceivedOn, k.Amount) }, from, to)
}

// Lookups are an import's reads of what is recorded, one row at a time
// through an index, each statement compiled once: the donations of a day
// and amount, and the donor of a tax number or a name. What an import reads
// grows with its statement, not with the foundation.
type Lookups struct {
	s  *Store
	tx *sql.Tx // the transaction the statements were compiled in (nil: conn's)
	// conn holds a read transaction of its own while no transaction is
	// given: one snapshot for every lookup, and none begun and ended per
	// row (that was half of each lookup's cost).
	conn *sql.Conn
	st   map[string]*sql.Stmt
}

// recordedColumns are what a RecordedDonation is read from (eachRecorded).
// A donation recorded by hand names no payer: its donor's name is what a
// statement's row of it says, looked up for those rows alone.
const recordedColumns = `id, received_on, amount_minor, currency, payer,
	coalesce(donor_id, ''), bank_reference, purpose,
	CASE WHEN payer = '' THEN coalesce((SELECT display_name FROM donors n WHERE n.id = donor_id), '') ELSE '' END`

// eachRecorded gives fn each row of rows (of recordedColumns), and closes them.
func eachRecorded(rows *sql.Rows, fn func(RecordedDonation) error) error {
	defer rows.Close()
	for rows.Next() {
		var r RecordedDonation
		if err := rows.Scan(&r.ID, &r.ReceivedOn, &r.Amount.Minor, &r.Amount.Currency, &r.Payer, &r.DonorID, &r.Reference, &r.Purpose, &r.DonorName); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return classify(rows.Err())
}

const sameDayQuery = `SELECT ` + recordedColumns + `
	FROM donations WHERE received_on = ? AND amount_minor = ? AND currency = ? AND deleted_at IS NULL`

// The oldest live donor of a tax number, or of a name's key.
const (
	donorByTaxQuery = `SELECT id, display_name, tax_id, kind FROM donors
	WHERE tax_id = ? AND tax_id <> '' AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1`
	donorByNameQuery = `SELECT id, display_name, tax_id, kind FROM donors
	WHERE name_key = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1`
)

// Lookups returns an import's lookups. Close them.
func (s *Store) Lookups() *Lookups { return &Lookups{s: s} }

// query runs one of the lookups inside ctx's transaction when it carries
// one, else inside the lookups' own read transaction.
func (l *Lookups) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	if l.st == nil || l.tx != tx {
		l.Close()
		if tx == nil {
			conn, err := l.s.db.Conn(ctx)
			if err != nil {
				return nil, classify(err)
			}
			if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
				conn.Close()
				return nil, classify(err)
			}
			l.conn = conn
		}
		l.tx, l.st = tx, map[string]*sql.Stmt{}
	}
	st := l.st[query]
	if st == nil {
		var err error
		if l.tx != nil {
			st, err = l.tx.PrepareContext(ctx, query)
		} else {
			st, err = l.conn.PrepareContext(ctx, query)
		}
		if err != nil {
			return nil, classify(err)
		}
		l.st[query] = st
	}
	if l.s.seen != nil {
		l.s.seen(query, args)
	}
	rows, err := st.QueryContext(ctx, args...)
	return rows, classify(err)
}

// SameDay gives fn the live donations received on day of amount.
func (l *Lookups) SameDay(ctx context.Context, day Date, amount money.Money, fn func(RecordedDonation) error) error {
	rows, err := l.query(ctx, sameDayQuery, day, amount.Minor, amount.Currency)
	if err != nil {
		return err
	}
	return eachRecorded(rows, fn)
}

// DonorByTax is the oldest live donor of a tax number (digits), if any.
func (l *Lookups) DonorByTax(ctx context.Context, tax string) (DonorKey, bool, error) {
	return l.donor(ctx, donorByTaxQuery, tax)
}

// DonorByName is the oldest live donor whose name has the key (NameKey),
// if any.
func (l *Lookups) DonorByName(ctx context.Context, key string) (DonorKey, bool, error) {
	return l.donor(ctx, donorByNameQuery, key)
}

func (l *Lookups) donor(ctx context.Context, query, arg string) (DonorKey, bool, error) {
	var d DonorKey
	rows, err := l.query(ctx, query, arg)
	if err != nil {
		return d, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return d, false, classify(rows.Err())
	}
	err = rows.Scan(&d.ID, &d.Name, &d.TaxID, &d.Kind)
	return d, err == nil, err
}

// Close frees the compiled statements (before their transaction ends) and
// the read transaction.
func (l *Lookups) Close() {
	for _, st := range l.st {
		st.Close()
	}
	if l.conn != nil {
		_, _ = l.conn.ExecContext(context.Background(), "ROLLBACK")
		l.conn.Close()
	}
	l.st, l.tx, l.conn = nil, nil, nil
}

// EachRecordedDonation gives every live donation to fn, streamed (a large
// foundation has millions).
func (s *Store) EachRecordedDonation(ctx context.Context, fn func(RecordedDonation) error) error {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT `+recordedColumns+` FROM donations WHERE deleted_at IS NULL`)
	if err != nil {
		return err
	}
	return eachRecorded(rows, fn)
}

// DonationsOn lists the live donations of one day and amount (to show what
// a statement row resembles).
func (s *Store) DonationsOn(ctx context.Context, day Date, amount money.Money) ([]RecordedDonation, error) {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT d.id, d.received_on, d.amount_minor, d.currency, d.payer,
		coalesce(o.display_name, ''), d.bank_reference, d.purpose
		FROM donations d LEFT JOIN donors o ON o.id = d.donor_id
		WHERE d.deleted_at IS NULL AND d.received_on = ? AND d.amount_minor = ? AND d.currency = ?
		ORDER BY d.created_at`, day, amount.Minor, amount.Currency)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RecordedDonation
	for rows.Next() {
		var r RecordedDonation
		if err := rows.Scan(&r.ID, &r.ReceivedOn, &r.Amount.Minor, &r.Amount.Currency, &r.Payer, &r.DonorName, &r.Reference, &r.Purpose); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DonorKey is what matching a payer needs of a donor.
type DonorKey struct {
	ID, Name, TaxID string
	Kind            DonorKind
}

// CountDonors counts the live donors, up to most.
func (s *Store) CountDonors(ctx context.Context, most int) (int, error) {
	var n int
	err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM donors WHERE deleted_at IS NULL LIMIT ?)", most).Scan(&n)
	return n, err
}

// EachDonor gives every live donor to fn, oldest first, streamed.
func (s *Store) EachDonor(ctx context.Context, fn func(DonorKey) error) error {
	return eachRow(ctx, s.q(ctx), `SELECT id, display_name, tax_id, kind FROM donors WHERE deleted_at IS NULL ORDER BY created_at, id`,
		func(rows *sql.Rows, k *DonorKey) error { return rows.Scan(&k.ID, &k.Name, &k.TaxID, &k.Kind) }, fn)
}

// eachRow gives fn each row of a query as scan reads it, streamed.
func eachRow[T any](ctx context.Context, q querier, query string, scan func(*sql.Rows, *T) error, fn func(T) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ChildName is what finding the child a payment's purpose names needs.
type ChildName struct{ ID, CaseNumber, FirstName, LastName string }

// EachChildName gives fn every live child's case number and names,
// streamed.
func (s *Store) EachChildName(ctx context.Context, fn func(ChildName) error) error {
	return eachRow(ctx, s.q(ctx), `SELECT id, case_number, first_name, last_name FROM children WHERE deleted_at IS NULL`,
		func(rows *sql.Rows, c *ChildName) error {
			return rows.Scan(&c.ID, &c.CaseNumber, &c.FirstName, &c.LastName)
		}, fn)
}

// StatementImport records a statement file imported, to know it again.
type StatementImport struct {
	Meta
	SHA256   string
	FileName string
	Format   string
	RowsRead int
	Imported int
}

func (si *StatementImport) table() (string, string) { return "statement_imports", "statement import" }
func (si *StatementImport) fields() []field {
	return []field{
		{name: "sha256", ptr: &si.SHA256},
		{name: "file_name", ptr: &si.FileName},
		{name: "format", ptr: &si.Format},
		{name: "rows_read", ptr: &si.RowsRead},
		{name: "imported", ptr: &si.Imported},
	}
}
func (si *StatementImport) prepare()              {}
func (si *StatementImport) validate(Date) error   { return nil }
func (si *StatementImport) summary() string       { return si.FileName }
func (si *StatementImport) order() string         { return "created_at" }
func (si *StatementImport) ImportedAt() Timestamp { return si.CreatedAt }

// StatementImported lists the earlier imports of a file with this SHA-256,
// newest first.
func (s *Store) StatementImported(ctx context.Context, sha string) ([]StatementImport, error) {
	return s.StatementImports.list(ctx, "deleted_at IS NULL AND sha256=?", "created_at DESC", sha)
}

// BankLayout is a statement table's column mapping, remembered by its
// header's signature and named by the person who mapped it.
type BankLayout struct {
	Meta
	Name      string
	Signature string
	Mapping   string // JSON: the bank package's Mapping
}

func (b *BankLayout) table() (string, string) { return "bank_layouts", "bank layout" }
func (b *BankLayout) fields() []field {
	return []field{
		{name: "name", ptr: &b.Name},
		{name: "signature", ptr: &b.Signature, fixed: true},
		{name: "mapping", ptr: &b.Mapping},
	}
}
func (b *BankLayout) prepare() {}
func (b *BankLayout) validate(Date) error {
	var fe fieldErrs
	fe.checkText("name", &b.Name, ruleLine, maxShort, true)
	if b.Signature == "" {
		fe.add("signature", CodeRequired)
	}
	if !json.Valid([]byte(b.Mapping)) {
		fe.add("mapping", CodeUnknownValue, "value", b.Mapping)
	}
	return fe.err("bank layout")
}
func (b *BankLayout) summary() string { return b.Name }
func (b *BankLayout) order() string   { return "name COLLATE NOCASE" }

// BankLayoutFor finds the live layout remembered for a header signature.
func (s *Store) BankLayoutFor(ctx context.Context, signature string) (*BankLayout, error) {
	l, err := s.BankLayouts.list(ctx, "deleted_at IS NULL AND signature=?", "created_at", signature)
	if err != nil || len(l) == 0 {
		return nil, err
	}
	return &l[0], nil
}

// ListBankLayouts lists the remembered layouts by name.
func (s *Store) ListBankLayouts(ctx context.Context) ([]BankLayout, error) {
	return s.BankLayouts.list(ctx, "deleted_at IS NULL", "name COLLATE NOCASE")
}

// RememberBankLayout names a header's mapping, replacing what was
// remembered for that header before.
func (s *Store) RememberBankLayout(ctx context.Context, name, signature, mapping string) (*BankLayout, error) {
	old, err := s.BankLayoutFor(ctx, signature)
	if err != nil {
		return nil, err
	}
	if old != nil {
		old.Name, old.Mapping = name, mapping
		return old, s.BankLayouts.Update(ctx, old)
	}
	l := &BankLayout{Name: name, Signature: signature, Mapping: mapping}
	return l, s.BankLayouts.Create(ctx, l)
}

// ImportWriter records donations and new donors inside ImportDonations'
// transaction, with prepared statements (a statement may hold a million
// rows). Each is checked as a form would check it.
type ImportWriter struct {
	s          *Store
	ctx        context.Context
	tx         *sql.Tx
	today      Date
	donor, don *sql.Stmt
	donMany    *sql.Stmt // donationsAtOnce rows in one statement
	pending    []pendingDonation
	// Donations and Donors count what was written.
	Donations, Donors int
}

// donationsAtOnce are the donations one INSERT writes: a statement's own
// cost (binding, running, the journal of its pages) is paid once for them.
const donationsAtOnce = 16

// pendingDonation is a donation checked and waiting to be written, with the
// line of the file it came from (0: none).
type pendingDonation struct {
	d    Donation
	line int
}

// RowError is a refusal of a row read from a line of a file.
type RowError struct {
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// AddDonor checks and records a new donor, giving it its id.
func (w *ImportWriter) AddDonor(d *Donor) error {
	if err := w.CheckDonor(d); err != nil {
		return err
	}
	return w.WriteDonor(d)
}

// CheckDonor is the first half of AddDonor: it checks the donor and gives
// it its id, writing nothing. It may run on another goroutine than the
// writer's other methods (while they write the rows checked before).
func (w *ImportWriter) CheckDonor(d *Donor) error {
	d.prepare()
	if err := d.validate(w.today); err != nil {
		return err
	}
	w.stampNew(&d.Meta)
	return nil
}

// WriteDonor is the second half of AddDonor: it records a donor CheckDonor
// passed.
func (w *ImportWriter) WriteDonor(d *Donor) error {
	if _, err := w.donor.ExecContext(w.ctx, scanPtrs(d)...); err != nil {
		return constraintError("donor", err)
	}
	w.Donors++
	return nil
}

// AddDonation checks a donation and gives it its id. It is written with the
// next ones, donationsAtOnce at a time; the transaction writes the last
// ones before it ends (Flush).
func (w *ImportWriter) AddDonation(d *Donation) error { return w.AddDonationOf(d, 0) }

// AddDonationOf is AddDonation of a donation read from a line of a file:
// whatever refuses it, now or when it is written, is a RowError naming
// that line.
func (w *ImportWriter) AddDonationOf(d *Donation, line int) error {
	if err := w.CheckDonation(d, line); err != nil {
		return err
	}
	return w.WriteDonation(d, line)
}

// CheckDonation is the first half of AddDonationOf, as CheckDonor is of
// AddDonor.
func (w *ImportWriter) CheckDonation(d *Donation, line int) error {
	d.prepare()
	if err := d.validate(w.today); err != nil {
		return atLine(line, err)
	}
	w.stampNew(&d.Meta)
	return nil
}

// WriteDonation is the second half of AddDonationOf: it writes a donation
// CheckDonation passed (with the next ones, as AddDonation does).
func (w *ImportWriter) WriteDonation(d *Donation, line int) error {
	w.pending = append(w.pending, pendingDonation{*d, line})
	w.Donations++
	if len(w.pending) == donationsAtOnce {
		return w.Flush()
	}
	return nil
}

func atLine(line int, err error) error {
	if line == 0 {
		return err
	}
	return &RowError{Line: line, Err: err}
}

// Flush writes the donations added and not yet written.
func (w *ImportWriter) Flush() error {
	defer func() { w.pending = w.pending[:0] }()
	if len(w.pending) == donationsAtOnce {
		args := make([]any, 0, donationsAtOnce*len(specOf(&Donation{}).cols)+4)
		for i := range w.pending {
			args = append(args, scanPtrs(&w.pending[i].d)...)
		}
		if _, err := w.donMany.ExecContext(w.ctx, args...); err == nil {
			return nil
		}
		// Refused: undone as a statement, and written again row by row
		// below, so that the error names the row at fault.
	}
	for i := range w.pending {
		p := &w.pending[i]
		if _, err := w.don.ExecContext(w.ctx, scanPtrs(&p.d)...); err != nil {
			return atLine(p.line, constraintError("donation", err))
		}
	}
	return nil
}

// manyRows is an INSERT of one row (… VALUES (…)) made to insert n.
func manyRows(insert string, n int) string {
	i := strings.LastIndex(insert, "VALUES ")
	row := insert[i+len("VALUES "):]
	return insert[:i] + "VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

func (w *ImportWriter) stampNew(m *Meta) {
	m.ID = NewID()
	m.CreatedAt = w.s.stamp()
	m.UpdatedAt = m.CreatedAt
	m.DeletedAt = Timestamp{}
}

// WriteMany runs fn in one transaction with a writer that records
// donors and donations through prepared statements, for imports and
// generated data of many rows; all it wrote lands, or (on any error, or a
// cancelled ctx) nothing.
func (s *Store) WriteMany(ctx context.Context, fn func(ctx context.Context, w *ImportWriter) error) error {
	if err := s.Require(ctx, MayMoney); err != nil { // donors and donations
		return err
	}
	return s.InTx(ctx, func(ctx context.Context) error {
		tx := ctx.Value(txKey{}).(*sql.Tx)
		w := &ImportWriter{s: s, ctx: ctx, tx: tx, today: s.today()}
		if err := manyRowsCache(ctx, tx); err != nil {
			return err
		}
		var err error
		if w.donor, err = tx.PrepareContext(ctx, specOf(&Donor{}).insertSQL); err != nil {
			return err
		}
		defer w.donor.Close()
		if w.don, err = tx.PrepareContext(ctx, specOf(&Donation{}).insertSQL); err != nil {
			return err
		}
		defer w.don.Close()
		if w.donMany, err = tx.PrepareContext(ctx, manyRows(specOf(&Donation{}).insertSQL, donationsAtOnce)); err != nil {
			return err
		}
		defer w.donMany.Close()
		if err := fn(ctx, w); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// manyRowsCache gives a transaction that writes many rows a page cache of
// 16 MB. Past SQLite's default (2 MB), the pages it changed are spilled to
// the log midway and read back from it when they are changed again: a
// third of an office's join went there. 16 MB is a bound, whatever the
// row count; it stays with this pooled connection, which does no harm.
func manyRowsCache(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "PRAGMA cache_size = -16384")
	return err
}

// ImportDonations runs fn in one transaction with a writer (as WriteMany);
// the statement is recorded, with one audit entry for the whole import.
func (s *Store) ImportDonations(ctx context.Context, si *StatementImport, fn func(ctx context.Context, w *ImportWriter) error) error {
	return s.WriteMany(ctx, func(ctx context.Context, w *ImportWriter) error {
		if err := fn(ctx, w); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		si.Imported = w.Donations
		if err := insertPlain(ctx, w.tx, s, si); err != nil {
			return err
		}
		return s.audit(ctx, w.tx, "import", "donation", si.ID,
			fmt.Sprintf("%d donations and %d new donors from the bank statement %s", w.Donations, w.Donors, si.FileName))
	})
}
