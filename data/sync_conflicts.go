package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"carebook/data/exchange"
	"carebook/money"
)

// ConflictSide is one office's value in a conflict.
type ConflictSide struct {
	Value   string // as shown; "" for none
	Office  string
	Version string
	At      Timestamp // when the change was made (by that office's clock)
}

// Conflict is one entry of the review queue (see data/exchange).
type Conflict struct {
	ID         string
	Kind       string // exchange.ConflictField or exchange.ConflictDeleted
	Table      string
	RowKey     string
	Field      string
	ChildID    string
	CaseNumber string
	ChildName  string
	A, B       ConflictSide // A the earlier change, B the later
	Current    string       // the value the row shows now
	// Where names the row within the case, as a person finds it: the
	// clinic, estimate and line of a price; the donor and day of a gift.
	Where string
	// Currency is the currency of a money field's values (minor units).
	Currency   string
	Resolved   bool
	Resolution string
	rawA, rawB sql.NullString
}

// Conflicts lists the review queue (open only, or all), oldest first.
func (s *Store) Conflicts(ctx context.Context, openOnly bool) ([]Conflict, error) {
	q := `SELECT c.id, c.kind, c.tbl, c.row_key, c.field, COALESCE(c.child_id, ''), COALESCE(ch.case_number, ''),
		COALESCE(ch.last_name || ' ' || ch.first_name, ''), c.value_a, c.office_a, c.version_a, c.value_b, c.office_b, c.version_b,
		c.resolved_at IS NOT NULL, COALESCE(c.resolution, '')
		FROM conflicts c LEFT JOIN children ch ON ch.id = c.child_id WHERE c.deleted_at IS NULL`
	if openOnly {
		q += " AND c.resolved_at IS NULL"
	}
	rows, err := s.q(ctx).QueryContext(ctx, q+" ORDER BY c.created_at, c.id")
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ID, &c.Kind, &c.Table, &c.RowKey, &c.Field, &c.ChildID, &c.CaseNumber, &c.ChildName,
			&c.rawA, &c.A.Office, &c.A.Version, &c.rawB, &c.B.Office, &c.B.Version, &c.Resolved, &c.Resolution); err != nil {
			rows.Close()
			return nil, err
		}
		c.A.Value, c.B.Value = shownValue(c.rawA), shownValue(c.rawB)
		c.A.At, c.B.At = versionTime(c.A.Version), versionTime(c.B.Version)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		tc, err := s.columnsOf(ctx, s.q(ctx), c.Table)
		if err != nil || !travels[c.Table] || !validColumn(tc, c.Field) {
			continue
		}
		var v any
		if err := s.q(ctx).QueryRowContext(ctx, "SELECT "+c.Field+" FROM "+c.Table+" WHERE "+keyExpr(tc.key)+" = ?", c.RowKey).Scan(&v); err == nil {
			c.Current = fmt.Sprint(deref(v))
		}
		c.Where, c.Currency = s.conflictPlace(ctx, c.Table, c.RowKey)
		if !strings.HasSuffix(c.Field, "_minor") {
			c.Currency = ""
		}
	}
	return out, nil
}

// ValueText is a conflict's value as a form shows it in lang: money
// (minor units) with its currency; anything else as it is.
func (c *Conflict) ValueText(v, lang string) string {
	if c.Currency != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return money.Money{Minor: n, Currency: c.Currency}.Format(lang)
		}
	}
	return v
}

// FieldLabel names a field that can be in conflict as its form does (in
// English; the window says it in the interface language).
func FieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

var fieldLabels = map[string]string{
	"diagnosis": "Diagnosis", "icd10": "ICD-10", "status": "Status", "outcome": "Outcome", "program": "Program",
	"amount_minor": "Amount", "unit_price_minor": "Unit price", "quantity_milli": "Quantity", "currency": "Currency",
	"received_on": "Received on", "paid_on": "Paid on", "donor_id": "Donor", "child_id": "Child", "kind": "Kind",
}

// conflictPlace names the row of a conflict within its case, and the
// currency of its money.
func (s *Store) conflictPlace(ctx context.Context, table, key string) (where, currency string) {
	q := s.q(ctx)
	var a, b, c, cur sql.NullString
	switch table {
	case "line_items":
		_ = q.QueryRowContext(ctx, `SELECT e.provider, e.title, l.description, e.currency FROM line_items l
			JOIN estimates e ON e.id = l.estimate_id WHERE l.id = ?`, key).Scan(&a, &b, &c, &cur)
	case "estimates":
		_ = q.QueryRowContext(ctx, "SELECT provider, title, '', currency FROM estimates WHERE id = ?", key).Scan(&a, &b, &c, &cur)
	case "payments":
		_ = q.QueryRowContext(ctx, "SELECT payee, paid_on, '', currency FROM payments WHERE id = ?", key).Scan(&a, &b, &c, &cur)
	case "donations":
		_ = q.QueryRowContext(ctx, `SELECT coalesce(o.display_name, d.payer), d.received_on, '', d.currency FROM donations d
			LEFT JOIN donors o ON o.id = d.donor_id WHERE d.id = ?`, key).Scan(&a, &b, &c, &cur)
	case "journey_events":
		_ = q.QueryRowContext(ctx, "SELECT title, on_date, '', '' FROM journey_events WHERE id = ?", key).Scan(&a, &b, &c, &cur)
	}
	var parts []string
	for _, p := range []sql.NullString{a, b, c} {
		if p.Valid && strings.TrimSpace(p.String) != "" {
			parts = append(parts, p.String)
		}
	}
	return strings.Join(parts, " · "), cur.String
}

func deref(v any) any {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	}
	return v
}

func validColumn(tc *tableCols, c string) bool {
	for _, x := range tc.cols {
		if x == c {
			return true
		}
	}
	return false
}

func shownValue(raw sql.NullString) string {
	if !raw.Valid {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(raw.String), &v); err != nil {
		return raw.String
	}
	if v == nil {
		return ""
	}
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return fmt.Sprint(int64(f))
	}
	return fmt.Sprint(v)
}

func versionTime(v string) Timestamp {
	if v == "" {
		return Timestamp{}
	}
	if hv, err := parseVersion(v); err == nil {
		return Stamp(timeOfMillis(hv))
	}
	return Timestamp{}
}

// ErrConflictResolved refuses to resolve a conflict twice.
var ErrConflictResolved = errors.New("this conflict has already been resolved")

// ResolveConflict settles a conflict: the field takes value (one of the
// two, or one typed from both), as a new change that goes to every office
// with the conflict marked resolved. For a row kept against a delete,
// value "delete" puts it in the Trash and anything else keeps it.
func (s *Store) ResolveConflict(ctx context.Context, id, value string) error {
	if err := s.Require(ctx, MayDirect); err != nil {
		return err
	}
	all, err := s.Conflicts(ctx, false)
	if err != nil {
		return err
	}
	var c *Conflict
	for i := range all {
		if all[i].ID == id {
			c = &all[i]
		}
	}
	if c == nil {
		return ErrNotFound
	}
	if c.Resolved {
		return ErrConflictResolved
	}
	tc, err := s.columnsOf(ctx, s.q(ctx), c.Table)
	if err != nil || !travels[c.Table] || !validColumn(tc, c.Field) {
		return fmt.Errorf("conflict about %s.%s: %w", c.Table, c.Field, ErrNotFound)
	}
	now := s.stamp()
	return s.InTx(ctx, func(ctx context.Context) error {
		tx := ctx.Value(txKey{}).(*sql.Tx)
		where := " WHERE " + keyExpr(tc.key) + " = ?"
		switch {
		case c.Kind == exchange.ConflictDeleted && value == "delete":
			if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET deleted_at = ?"+where, now, c.RowKey); err != nil {
				return err
			}
		case c.Kind == exchange.ConflictDeleted:
		default:
			v, err := s.resolvedValue(ctx, tx, c, value)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET "+c.Field+" = ?"+where, v, c.RowKey); err != nil {
				return classify(err)
			}
			if validColumn(tc, "updated_at") {
				if _, err := tx.ExecContext(ctx, "UPDATE "+c.Table+" SET updated_at = ?"+where, now, c.RowKey); err != nil {
					return err
				}
			}
			if err := rederive(ctx, tx, c.Table, c.RowKey); err != nil {
				return err
			}
			// The resolution is a change of the field of its own, newer than
			// both sides, even when it picks the value already shown (the
			// update above then changed nothing the triggers would see).
			if _, err := tx.ExecContext(ctx, `INSERT INTO field_versions (tbl, row_key, field, version)
				VALUES (?, ?, ?, (SELECT clock FROM foundation)) ON CONFLICT (tbl, row_key, field) DO UPDATE SET version = excluded.version`,
				c.Table, c.RowKey, c.Field); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE conflicts SET resolved_at = ?, resolution = ?, updated_at = ? WHERE id = ?", now, value, now, id)
		return err
	})
}

// entities are the stored types of the travelling tables, by table: a
// resolved value is checked as the form that edits the row checks it.
var entities = map[string]func() row{
	"children": func() row { return new(Child) }, "guardians": func() row { return new(Guardian) },
	"consents": func() row { return new(Consent) }, "documents": func() row { return new(Document) },
	"journey_events": func() row { return new(JourneyEvent) }, "estimates": func() row { return new(Estimate) },
	"line_items": func() row { return new(LineItem) }, "payments": func() row { return new(Payment) },
	"donors": func() row { return new(Donor) }, "donations": func() row { return new(Donation) },
	"allocations": func() row { return new(Allocation) }, "letters": func() row { return new(Letter) },
	"letter_templates": func() row { return new(LetterTemplate) }, "exchange_rates": func() row { return new(ExchangeRate) },
	"status_changes": func() row { return new(StatusChange) },
}

// resolvedValue is the value a conflict's field takes: one of the two
// sides as stored, or a value typed as people write it in that field (an
// amount in the field's currency, a date as the forms take it), checked
// with the row as its form checks it (a status from the list, no negative
// price). A value that does not pass is a *ValidationError naming the field.
func (s *Store) resolvedValue(ctx context.Context, tx *sql.Tx, c *Conflict, value string) (any, error) {
	newRow, ok := entities[c.Table]
	if !ok {
		if raw := pick(c, value); raw != nil {
			return raw, nil
		}
		return value, nil
	}
	r := newRow()
	sp := specOf(r)
	if err := tx.QueryRowContext(ctx, sp.selectSQL+" WHERE id = ?", c.RowKey).Scan(scanPtrs(r)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	var f *field
	fs := r.fields()
	for i := range fs {
		if fs[i].name == c.Field {
			f = &fs[i]
		}
	}
	if f == nil {
		return nil, fmt.Errorf("conflict about %s.%s: %w", c.Table, c.Field, ErrNotFound)
	}
	_, entity := r.table()
	bad := func(code string, kv ...any) error {
		var fe fieldErrs
		fe.add(c.Field, code, kv...)
		return fe.err(entity)
	}
	raw := pick(c, value)
	switch p := f.ptr.(type) {
	case *string:
		*p = value
		if raw != nil {
			*p = fmt.Sprint(raw)
		}
	case nullStr:
		*p.p = value
		if raw != nil {
			*p.p = fmt.Sprint(raw)
		}
	case *Date:
		d, err := ParseDate(value)
		if err != nil {
			return nil, bad(CodeBadDate)
		}
		*p = d
	case *int64:
		if n, ok := raw.(int64); ok {
			*p = n
			break
		}
		if strings.HasSuffix(c.Field, "_minor") {
			cur, err := s.currencyOf(ctx, tx, c.Table, fs)
			if err != nil {
				return nil, err
			}
			m, err := money.Parse(value, cur)
			if err != nil {
				return nil, bad(CodeBadAmount)
			}
			*p = m.Minor
			break
		}
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil {
			return nil, bad(CodeBadAmount)
		}
		*p = n
	default:
		if raw != nil {
			return raw, nil
		}
		return nil, bad(CodeUnknownValue, "value", value)
	}
	r.prepare()
	if err := r.validate(s.today()); err != nil {
		// Only what is wrong with this field is the resolution's fault.
		var mine fieldErrs
		for _, fe := range FieldErrors(err) {
			if fe.Field == c.Field || strings.HasPrefix(c.Field, fe.Field+"_") { // unit_price for unit_price_minor
				mine = append(mine, fe)
			}
		}
		if err := mine.err(entity); err != nil {
			return nil, err
		}
	}
	if p, ok := f.ptr.(nullStr); ok {
		return p.Value()
	}
	return f.ptr, nil
}

// currencyOf is the currency of the row's money: its own column, or, for
// an estimate's line, the estimate's.
func (s *Store) currencyOf(ctx context.Context, tx *sql.Tx, table string, fs []field) (string, error) {
	var estimate string
	for _, f := range fs {
		switch f.name {
		case "currency":
			if p, ok := f.ptr.(*string); ok {
				return *p, nil
			}
		case "estimate_id":
			if p, ok := f.ptr.(*string); ok {
				estimate = *p
			}
		}
	}
	if estimate != "" {
		var cur string
		err := tx.QueryRowContext(ctx, "SELECT currency FROM estimates WHERE id = ?", estimate).Scan(&cur)
		return cur, err
	}
	return "", fmt.Errorf("no currency for the money of %s", table)
}

// pick returns the stored value (with its type) when value is one of the
// two sides as shown.
func pick(c *Conflict, value string) any {
	for _, raw := range []sql.NullString{c.rawA, c.rawB} {
		if shownValue(raw) == value && raw.Valid {
			var v any
			if json.Unmarshal([]byte(raw.String), &v) == nil {
				if f, ok := v.(float64); ok && f == float64(int64(f)) {
					return int64(f)
				}
				return v
			}
		}
	}
	return nil
}

// rederive writes again what a row's search text (and a donor's name key)
// is made of after one of its fields was set by hand (a resolved
// conflict): a child found by the diagnosis chosen, not the one replaced.
func rederive(ctx context.Context, tx *sql.Tx, table, key string) error {
	var cols string
	switch table {
	case "children":
		cols = "case_number, last_name, first_name, middle_name, latin_name, diagnosis, icd10"
	case "donors":
		cols = "display_name, email, phone, tax_id"
	default:
		return nil
	}
	n := len(strings.Split(cols, ","))
	vals := make([]sql.NullString, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := tx.QueryRowContext(ctx, "SELECT "+cols+" FROM "+table+" WHERE id = ?", key).Scan(ptrs...); err != nil {
		return err
	}
	words := make([]string, n)
	for i, v := range vals {
		words[i] = v.String
	}
	if table == "donors" {
		_, err := tx.ExecContext(ctx, "UPDATE donors SET search = ?, name_key = ? WHERE id = ?", searchText(words...), NameKey(words[0]), key)
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE "+table+" SET search = ? WHERE id = ?", searchText(words...), key)
	return err
}
