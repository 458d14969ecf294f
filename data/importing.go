package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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

// RecordedDonationsIn gives fn the live donations received from from to
// to, if they are at most most (it reports whether it did). For a period
// that holds a good part of the foundation's donations it reads the whole
// table in its order, which is faster than finding so many rows one by one
// through the date index.
func (s *Store) RecordedDonationsIn(ctx context.Context, from, to Date, most int, fn func(RecordedDonation) error) (bool, error) {
	var in, all int64
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM donations WHERE received_on BETWEEN ? AND ? LIMIT ?)", from, to, most+1).Scan(&in); err != nil {
		return false, err
	}
	if in > int64(most) {
		return false, nil
	}
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM donations").Scan(&all); err != nil {
		return false, err
	}
	// A row found through the index costs about what nine rows of the
	// whole table read in order do (measured at 10 000 and 100 000
	// children).
	table := "donations"
	if in*9 > all {
		table = "donations NOT INDEXED"
	}
	return true, s.recordedDonations(ctx, table, "received_on BETWEEN ? AND ?", fn, from, to)
}

// SameDay finds the live donations of one day, amount and currency, for an
// import to tell a statement's row from them: one lookup through the
// same-day index per row, the statement compiled once, so that what an
// import reads grows with its statement, not with the foundation.
type SameDay struct {
	s  *Store
	tx *sql.Tx // the transaction st was compiled in (nil: conn's)
	// conn holds a read transaction of its own while no transaction is
	// given: one snapshot for every lookup, and none begun and ended per
	// row (that was half of each lookup's cost).
	conn *sql.Conn
	st   *sql.Stmt
}

// sameDayQuery: a donation recorded by hand names no payer, so its donor's
// name is what a statement's row of it says, looked up for those rows alone.
const sameDayQuery = `SELECT id, received_on, amount_minor, currency, payer,
	coalesce(donor_id, ''), bank_reference, purpose,
	CASE WHEN payer = '' THEN coalesce((SELECT display_name FROM donors n WHERE n.id = donor_id), '') ELSE '' END
	FROM donations WHERE received_on = ? AND amount_minor = ? AND currency = ? AND deleted_at IS NULL`

// SameDay returns a finder of donations by day and amount. Close it.
func (s *Store) SameDay() *SameDay { return &SameDay{s: s} }

// Each gives fn the live donations received on day of amount, read inside
// ctx's transaction when it carries one.
func (f *SameDay) Each(ctx context.Context, day Date, amount money.Money, fn func(RecordedDonation) error) error {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	if f.st == nil || f.tx != tx {
		if err := f.compile(ctx, tx); err != nil {
			return classify(err)
		}
	}
	if f.s.seen != nil {
		f.s.seen(sameDayQuery, []any{day, amount.Minor, amount.Currency})
	}
	rows, err := f.st.QueryContext(ctx, day, amount.Minor, amount.Currency)
	if err != nil {
		return classify(err)
	}
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

func (f *SameDay) compile(ctx context.Context, tx *sql.Tx) error {
	f.Close()
	if tx != nil {
		st, err := tx.PrepareContext(ctx, sameDayQuery)
		f.st, f.tx = st, tx
		return err
	}
	conn, err := f.s.db.Conn(ctx)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return err
	}
	f.conn = conn
	f.st, err = conn.PrepareContext(ctx, sameDayQuery)
	return err
}

// Close frees the compiled statement (before its transaction ends) and
// the read transaction.
func (f *SameDay) Close() {
	if f.st != nil {
		f.st.Close()
	}
	if f.conn != nil {
		_, _ = f.conn.ExecContext(context.Background(), "ROLLBACK")
		f.conn.Close()
	}
	f.st, f.tx, f.conn = nil, nil, nil
}

func (s *Store) recordedDonations(ctx context.Context, table, where string, fn func(RecordedDonation) error, args ...any) error {
	// A donation recorded by hand names no payer: its donor's name is what
	// a statement's row of it says, looked up for those rows alone.
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT id, received_on, amount_minor, currency, payer,
		coalesce(donor_id, ''), bank_reference, purpose,
		CASE WHEN payer = '' THEN coalesce((SELECT display_name FROM donors n WHERE n.id = donor_id), '') ELSE '' END
		FROM `+table+` WHERE `+where+` AND deleted_at IS NULL`, args...)
	if err != nil {
		return err
	}
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
	return rows.Err()
}

// EachRecordedDonation gives every live donation to fn, streamed (a large
// foundation has millions).
func (s *Store) EachRecordedDonation(ctx context.Context, fn func(RecordedDonation) error) error {
	return s.recordedDonations(ctx, "donations", "1", fn)
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

// EachDonor gives every live donor to fn, oldest first, streamed.
func (s *Store) EachDonor(ctx context.Context, fn func(DonorKey) error) error {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT id, display_name, tax_id, kind FROM donors WHERE deleted_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k DonorKey
		if err := rows.Scan(&k.ID, &k.Name, &k.TaxID, &k.Kind); err != nil {
			return err
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return rows.Err()
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
	// Donations and Donors count what was written.
	Donations, Donors int
}

// AddDonor checks and records a new donor, giving it its id.
func (w *ImportWriter) AddDonor(d *Donor) error {
	d.prepare()
	if err := d.validate(w.today); err != nil {
		return err
	}
	w.stampNew(&d.Meta)
	if _, err := w.donor.ExecContext(w.ctx, scanPtrs(d)...); err != nil {
		return constraintError("donor", err)
	}
	w.Donors++
	return nil
}

// AddDonation checks and records a donation, giving it its id.
func (w *ImportWriter) AddDonation(d *Donation) error {
	d.prepare()
	if err := d.validate(w.today); err != nil {
		return err
	}
	w.stampNew(&d.Meta)
	if _, err := w.don.ExecContext(w.ctx, scanPtrs(d)...); err != nil {
		return constraintError("donation", err)
	}
	w.Donations++
	return nil
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
		// A transaction of a million rows outgrows SQLite's default page
		// cache (2 MB) and spills to the file midway; 16 MB keeps more in
		// memory (a bound, whatever the row count). It stays with this
		// pooled connection, which does no harm.
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -16384"); err != nil {
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
		if err := fn(ctx, w); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// ImportDonations runs fn in one transaction with a writer (as WriteMany);
// the statement is recorded, with one audit entry for the whole import.
func (s *Store) ImportDonations(ctx context.Context, si *StatementImport, fn func(ctx context.Context, w *ImportWriter) error) error {
	return s.WriteMany(ctx, func(ctx context.Context, w *ImportWriter) error {
		if err := fn(ctx, w); err != nil {
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
