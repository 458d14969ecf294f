package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Meta is what every row has: a UUIDv7 id and its times. DeletedAt set means
// the row is in the Trash.
type Meta struct {
	ID        string
	CreatedAt Timestamp
	UpdatedAt Timestamp
	DeletedAt Timestamp
}

func (m *Meta) meta() *Meta { return m }

// Deleted reports whether the row is in the Trash.
func (m *Meta) Deleted() bool { return !m.DeletedAt.IsZero() }

// field is one column of an entity and the Go value behind it.
type field struct {
	name string
	ptr  any
	// fixed columns are written on create only: a case number, or a status
	// that only ChangeStatus may change.
	fixed bool
	// ref names the table a non-empty value must point at.
	ref string
	// read, when set, is the SQL a row's value is read from instead of
	// the column: a value part of which is derived from other rows.
	read string
}

// row is what an entity type implements to be stored by Table.
type row interface {
	meta() *Meta
	table() (name, entity string)
	fields() []field
	// prepare normalizes the values in place (trims text, fills derived columns).
	prepare()
	// validate returns a *ValidationError naming each bad field, or nil.
	validate(today Date) error
	// summary is a short line for the audit log (no sensitive data).
	summary() string
}

// nullStr stores "" as NULL: optional references and unique optional codes.
type nullStr struct{ p *string }

func null(p *string) nullStr { return nullStr{p} }

func (n nullStr) Value() (driver.Value, error) {
	if *n.p == "" {
		return nil, nil
	}
	return *n.p, nil
}

func (n nullStr) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = v
	case []byte:
		*n.p = string(v)
	default:
		return fmt.Errorf("cannot scan %T into text", src)
	}
	return nil
}

// nullInt stores 0 as NULL (receipt numbers).
type nullInt struct{ p *int64 }

func (n nullInt) Value() (driver.Value, error) {
	if *n.p == 0 {
		return nil, nil
	}
	return *n.p, nil
}

func (n nullInt) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = 0
	case int64:
		*n.p = v
	default:
		return fmt.Errorf("cannot scan %T into a number", src)
	}
	return nil
}

// updateChecker is implemented by entities with rules about what may change
// once saved (a receipted donation's amount).
type updateChecker interface {
	checkUpdate(ctx context.Context, tx *sql.Tx) error
}

type spec struct {
	table, entity string
	cols          []string
	selectSQL     string
	insertSQL     string
	updateSQL     string
	updatable     []int // indexes into fields() that UPDATE writes
}

var specs sync.Map // table name -> *spec

func specOf(r row) *spec {
	name, entity := r.table()
	if s, ok := specs.Load(name); ok {
		return s.(*spec)
	}
	fs := r.fields()
	sp := &spec{table: name, entity: entity}
	var sets []string
	reads := []string{"id", "created_at", "updated_at", "deleted_at"}
	for i, f := range fs {
		sp.cols = append(sp.cols, f.name)
		if f.read != "" {
			reads = append(reads, f.read)
		} else {
			reads = append(reads, f.name)
		}
		if !f.fixed {
			sets = append(sets, f.name+"=?")
			sp.updatable = append(sp.updatable, i)
		}
	}
	all := append([]string{"id", "created_at", "updated_at", "deleted_at"}, sp.cols...)
	sp.selectSQL = "SELECT " + strings.Join(reads, ", ") + " FROM " + name
	sp.insertSQL = "INSERT INTO " + name + " (" + strings.Join(all, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(all)), ", ") + ")"
	if travels[name] {
		// Stamped here rather than by the trigger after it: a bulk import
		// writes each row once, not twice.
		sp.insertSQL = "INSERT INTO " + name + " (" + strings.Join(all, ", ") + ", office, version) VALUES (" +
			strings.Repeat("?, ", len(all)) + stampSQL + ")"
	}
	sp.updateSQL = "UPDATE " + name + " SET updated_at=?, " + strings.Join(sets, ", ") +
		" WHERE id=? AND deleted_at IS NULL AND updated_at=?"
	specs.Store(name, sp)
	return sp
}

func scanPtrs(r row) []any {
	m := r.meta()
	ptrs := []any{&m.ID, &m.CreatedAt, &m.UpdatedAt, &m.DeletedAt}
	for _, f := range r.fields() {
		ptrs = append(ptrs, f.ptr)
	}
	return ptrs
}

// Table stores one entity type. Every write runs in its own transaction and
// leaves an audit entry.
type Table[T any, P interface {
	*T
	row
}] struct {
	s *Store
}

// creator is implemented by entities that need the transaction on create
// (to assign a case number, to record the first status).
type creator interface {
	beforeCreate(ctx context.Context, tx *sql.Tx, s *Store) error
	afterCreate(ctx context.Context, tx *sql.Tx, s *Store) error
}

// ErrConflict is returned by Update when the row changed since it was read
// (another window or person saved it first). Reload and try again.
var ErrConflict = errors.New("changed by someone else since it was opened")

// Create validates v, gives it an id and times, and inserts it. On failure v
// is left as it was.
func (t Table[T, P]) Create(ctx context.Context, v *T) error {
	return t.createAs(ctx, v, "")
}

// createAs is Create of a row whose id was chosen beforehand (rows that
// point at it were written first, their keys checked at the commit); ""
// gives it a new one.
func (t Table[T, P]) createAs(ctx context.Context, v *T, id string) error {
	p := P(v)
	if err := t.s.requireWrite(ctx, p); err != nil {
		return err
	}
	p.prepare()
	if err := p.validate(t.s.today()); err != nil {
		return err
	}
	sp := specOf(p)
	saved := *p.meta()
	err := t.s.tx(ctx, func(tx *sql.Tx) error {
		ex := stmtsFor(ctx, tx)
		if err := checkRefs(ctx, ex, sp.entity, p); err != nil {
			return err
		}
		m := p.meta()
		m.ID = id
		if m.ID == "" {
			m.ID = NewID()
		}
		m.CreatedAt = t.s.stamp()
		m.UpdatedAt = m.CreatedAt
		m.DeletedAt = Timestamp{}
		c, isCreator := any(p).(creator)
		if isCreator {
			if err := c.beforeCreate(ctx, tx, t.s); err != nil {
				return err
			}
		}
		if _, err := ex.ExecContext(ctx, sp.insertSQL, scanPtrs(p)...); err != nil {
			return constraintError(sp.entity, err)
		}
		if isCreator {
			if err := c.afterCreate(ctx, tx, t.s); err != nil {
				return err
			}
		}
		return t.s.audit(ctx, ex, "create", sp.entity, m.ID, p.summary())
	})
	if err != nil {
		*p.meta() = saved
	}
	return err
}

// Validate checks v as Create and Update would, writing nothing and leaving
// v as it is: every field problem at once, as a *ValidationError.
func (t Table[T, P]) Validate(v *T) error {
	c := *v
	p := P(&c)
	p.prepare()
	return p.validate(t.s.today())
}

// Get returns the row with the id, live or in the Trash (see Meta.Deleted).
func (t Table[T, P]) Get(ctx context.Context, id string) (*T, error) {
	v, err := t.getQ(ctx, t.s.q(ctx), id)
	if err == nil {
		t.s.shown(P(v))
	}
	return v, err
}

func (t Table[T, P]) getQ(ctx context.Context, q querier, id string) (*T, error) {
	v := new(T)
	p := P(v)
	sp := specOf(p)
	err := q.QueryRowContext(ctx, sp.selectSQL+" WHERE id=?", id).Scan(scanPtrs(p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s %s: %w", sp.entity, id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Update validates v and writes it. It refuses a row in the Trash
// (ErrNotFound) and a row someone else saved since v was read (ErrConflict).
func (t Table[T, P]) Update(ctx context.Context, v *T) error {
	p := P(v)
	if err := t.s.requireWrite(ctx, p); err != nil {
		return err
	}
	p.prepare()
	if err := p.validate(t.s.today()); err != nil {
		return err
	}
	sp := specOf(p)
	m := p.meta()
	prev := m.UpdatedAt
	err := t.s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkRefs(ctx, tx, sp.entity, p); err != nil {
			return err
		}
		if c, ok := any(p).(updateChecker); ok {
			if err := c.checkUpdate(ctx, tx); err != nil {
				return err
			}
		}
		now := t.s.stamp()
		fs := p.fields()
		args := []any{now}
		for _, i := range sp.updatable {
			args = append(args, fs[i].ptr)
		}
		args = append(args, m.ID, prev)
		res, err := tx.ExecContext(ctx, sp.updateSQL, args...)
		if err != nil {
			return constraintError(sp.entity, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			cur, err := t.getQ(ctx, tx, m.ID)
			if err != nil {
				return err
			}
			if P(cur).meta().Deleted() {
				return fmt.Errorf("%s %s is in the Trash: %w", sp.entity, m.ID, ErrNotFound)
			}
			return fmt.Errorf("%s %s: %w", sp.entity, m.ID, ErrConflict)
		}
		m.UpdatedAt = now
		return t.s.audit(ctx, tx, "update", sp.entity, m.ID, p.summary())
	})
	if err != nil {
		m.UpdatedAt = prev
	}
	return err
}

// Delete moves the row to the Trash.
func (t Table[T, P]) Delete(ctx context.Context, id string) error {
	return t.setDeleted(ctx, id, true)
}

// Restore brings the row back from the Trash.
func (t Table[T, P]) Restore(ctx context.Context, id string) error {
	return t.setDeleted(ctx, id, false)
}

func (t Table[T, P]) setDeleted(ctx context.Context, id string, del bool) error {
	if err := t.s.requireWrite(ctx, P(new(T))); err != nil {
		return err
	}
	sp := specOf(P(new(T)))
	return t.s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := t.getQ(ctx, tx, id)
		if err != nil {
			return err
		}
		if P(cur).meta().Deleted() == del {
			return nil // already where it was asked to be
		}
		now := t.s.stamp()
		var deletedAt Timestamp
		action := "restore"
		if del {
			deletedAt, action = now, "delete"
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+sp.table+" SET deleted_at=?, updated_at=? WHERE id=?",
			deletedAt, now, id); err != nil {
			return constraintError(sp.entity, err)
		}
		return t.s.audit(ctx, tx, action, sp.entity, id, P(cur).summary())
	})
}

// list runs a query over the table: where (without WHERE) and order are SQL
// fragments written in this package, never user text.
func (t Table[T, P]) list(ctx context.Context, where, order string, args ...any) ([]T, error) {
	sp := specOf(P(new(T)))
	q := sp.selectSQL
	if where != "" {
		q += " WHERE " + where
	}
	if order != "" {
		q += " ORDER BY " + order
	}
	rows, err := t.s.q(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(scanPtrs(P(&v))...); err != nil {
			return nil, err
		}
		t.s.shown(P(&v))
		out = append(out, v)
	}
	return out, rows.Err()
}

// Count is the number of live rows.
func (t Table[T, P]) Count(ctx context.Context) (int, error) {
	name, _ := P(new(T)).table()
	var n int
	err := t.s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM "+name+" WHERE deleted_at IS NULL").Scan(&n)
	return n, err
}

// ListFor returns the live rows whose column `parent` (child_id, donor_id,
// estimate_id) equals id, in the table's natural order.
func (t Table[T, P]) ListFor(ctx context.Context, parent, id string) ([]T, error) {
	p := P(new(T))
	found := false
	for _, f := range p.fields() {
		if f.name == parent && f.ref != "" {
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("%s has no reference column %q", specOf(p).entity, parent)
	}
	return t.list(ctx, "deleted_at IS NULL AND "+parent+"=?", naturalOrder(p), id)
}

// GetMany returns the rows with these ids, live or in the Trash, by id (an
// id not found is not in the map): one query for a batch of letters rather
// than one per row.
func (t Table[T, P]) GetMany(ctx context.Context, ids []string) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	vs, err := t.list(ctx, "id IN (SELECT value FROM json_each(?))", "", jsonList(ids))
	for i := range vs {
		out[P(&vs[i]).meta().ID] = &vs[i]
	}
	return out, err
}

// ListForMany is ListFor for many parents at once, by parent id.
func (t Table[T, P]) ListForMany(ctx context.Context, parent string, ids []string) (map[string][]T, error) {
	p := P(new(T))
	col := -1
	for i, f := range p.fields() {
		if f.name == parent && f.ref != "" {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s has no reference column %q", specOf(p).entity, parent)
	}
	out := map[string][]T{}
	if len(ids) == 0 {
		return out, nil
	}
	vs, err := t.list(ctx, "deleted_at IS NULL AND "+parent+" IN (SELECT value FROM json_each(?))", naturalOrder(p), jsonList(ids))
	for i := range vs {
		k, _ := P(&vs[i]).fields()[col].ptr.(*string)
		if k != nil {
			out[*k] = append(out[*k], vs[i])
		}
	}
	return out, err
}

// All returns every live row in the table's natural order.
func (t Table[T, P]) All(ctx context.Context) ([]T, error) {
	return t.list(ctx, "deleted_at IS NULL", naturalOrder(P(new(T))))
}

// Trashed returns the rows in the Trash, most recently deleted first.
func (t Table[T, P]) Trashed(ctx context.Context) ([]T, error) {
	return t.list(ctx, "deleted_at IS NOT NULL", "deleted_at DESC")
}

// orderer lets an entity name its natural list order.
type orderer interface{ order() string }

func naturalOrder(r row) string {
	if o, ok := r.(orderer); ok {
		return o.order()
	}
	return "created_at, id"
}

// checkRefs verifies that each non-empty reference points at a live row, so a
// bad reference is reported on its own field instead of as a bare constraint error.
func checkRefs(ctx context.Context, tx querier, entity string, r row) error {
	var fe fieldErrs
	for _, f := range r.fields() {
		if f.ref == "" {
			continue
		}
		var id string
		switch p := f.ptr.(type) {
		case *string:
			id = *p
		case nullStr:
			id = *p.p
		}
		if id == "" || later(ctx, f.ref, id) {
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+f.ref+" WHERE id=? AND deleted_at IS NULL", id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			fe.add(f.name, CodeMissingRef)
		} else if err != nil {
			return err
		}
	}
	return fe.err(entity)
}

// laterKey marks, in a context, rows the transaction writes after the rows
// that point at them (see writtenLater).
type laterKey struct{ table string }

// writtenLater says that the transaction ctx runs in writes the rows of
// table with these keys later: a row pointing at one of them is not
// refused for it. Their keys are checked at the commit (deferred foreign
// keys), so that a row promised and never written fails the transaction.
func writtenLater(ctx context.Context, table string, ids []string) context.Context {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return context.WithValue(ctx, laterKey{table}, set)
}

func later(ctx context.Context, table, id string) bool {
	set, _ := ctx.Value(laterKey{table}).(map[string]bool)
	return set[id]
}

// constraintError turns a UNIQUE violation into a field error.
func constraintError(entity string, err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "UNIQUE constraint failed: "); i >= 0 {
		cols := strings.TrimSpace(msg[i+len("UNIQUE constraint failed: "):])
		col := cols
		if j := strings.LastIndex(col, "."); j >= 0 {
			col = col[j+1:]
		}
		if k := strings.IndexAny(col, " ,)"); k >= 0 {
			col = col[:k]
		}
		return &ValidationError{Entity: entity, Fields: []*FieldError{{Field: col, Code: CodeDuplicate, Params: map[string]any{"value": cols}}}}
	}
	return err
}

// writers is the permission a change to each table needs; a table not
// named here is the store's own bookkeeping.
var writers = map[string]Permission{
	"children": MayCases, "guardians": MayCases, "consents": MayCases, "documents": MayCases,
	"journey_events": MayCases, "estimates": MayCases, "line_items": MayCases,
	"donors": MayMoney, "donations": MayMoney, "allocations": MayMoney, "letters": MayMoney,
	"letter_templates": MayMoney,
	"payments":         MayDirect,
	"exchange_rates":   MayAdminister, "bank_layouts": MayAdminister,
}

// requireWrite refuses a change to r's table that the one at the keyboard
// may not make.
func (s *Store) requireWrite(ctx context.Context, r row) error {
	if s.ro != nil {
		return s.ro // said first: nothing can be changed, whoever asks
	}
	name, _ := r.table()
	if perm, ok := writers[name]; ok {
		return s.Require(ctx, perm)
	}
	return nil
}

// masker is a row with fields only those who may see medical details read
// (the diagnosis, a guardian's identity number).
type masker interface{ maskMedical() }

// shown blanks, in a row read for the one at the keyboard, what their roles
// may not see. Nobody who may not see them may change those rows either, so
// a blank is never written back.
func (s *Store) shown(r any) {
	if m, ok := r.(masker); ok {
		if p := s.Person(); p != nil && !p.May(MayMedical) {
			m.maskMedical()
		}
	}
}
