package exchange

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// Conflict kinds.
const (
	// ConflictField: the same field changed differently in two offices,
	// neither having seen the other's change.
	ConflictField = "field"
	// ConflictDeleted: a row deleted in one office and changed in another;
	// the row is kept.
	ConflictDeleted = "deleted"
)

// Side is one office's value in a conflict.
type Side struct {
	Value   any
	Version string
	Office  string
}

// Conflict is one entry of the review queue, as a merge finds it. Two
// offices that find the same conflict find it with the same ID, A and B.
type Conflict struct {
	ID    string
	Kind  string
	Table string
	Key   string
	Field string
	A, B  Side // A the earlier version, B the later
	At    string
}

// Guard says which fields are never overwritten silently (medical and
// money fields): when both offices changed one, the local value stays and
// the conflict goes to the review queue. Other fields take the later
// change.
type Guard func(table, field string) bool

// Pairs are the versions of fields already in a conflict on record: two
// such versions are concurrent for good, whatever either office has seen
// since (an office that saw the other's change but kept its own in a
// conflict has not replaced it). Only a resolution, newer than both, makes
// them one.
type Pairs map[string]bool

func pairKey(table, key, field, a, b string) string {
	if a > b {
		a, b = b, a
	}
	return table + "\x00" + key + "\x00" + field + "\x00" + a + "\x00" + b
}

// Add records that versions a and b of a field are in a conflict.
func (p Pairs) Add(table, key, field, a, b string) { p[pairKey(table, key, field, a, b)] = true }

// AddConflict records a conflict's two versions.
func (p Pairs) AddConflict(c Conflict) {
	if c.Kind == ConflictField {
		p.Add(c.Table, c.Key, c.Field, c.A.Version, c.B.Version)
	}
}

func (p Pairs) has(table, key, field, a, b string) bool {
	return p != nil && p[pairKey(table, key, field, a, b)]
}

// Merge is what a row becomes when an incoming row (from a bundle whose
// sender held senderKnows) meets the local row (local nil: not here yet;
// localKnows is what this database held before the bundle). revival is the
// version of this merge, for a row that comes back from the Trash.
//
// Field by field: two versions already in a conflict on record (pairs)
// leave the local value as it is; a change the other side had already seen gives way; when
// both sides had seen each other's changes (each kept its own in a
// conflict), the later one stays everywhere; when neither had, plain fields
// take the later change and guarded ones keep the local value and make a
// conflict. A row deleted in one office and changed in the other, the
// deleting office not having seen the change, is kept and listed.
func Merge(local *Row, in Row, localKnows, senderKnows Knowledge, guard Guard, pairs Pairs, revival string) (merged Row, changed bool, conflicts []Conflict) {
	if local == nil {
		return in.Clone(), true, nil
	}
	out := Row{Table: local.Table, Key: local.Key, Values: map[string]any{}, Fields: map[string]string{}}
	for c, v := range local.Values {
		out.Values[c] = v
	}
	for f, v := range local.Fields {
		out.Fields[f] = v
	}
	out.Version = MaxVersion(local.Version, in.Version)
	if u, ok := in.Values["updated_at"]; ok && Later(str(u), str(local.Values["updated_at"])) > 0 {
		out.Values["updated_at"] = u
	}
	for _, f := range fieldsOf(local, &in) {
		vl, vs := local.FieldVersion(f), in.FieldVersion(f)
		if vl == vs || pairs.has(local.Table, local.Key, f, vl, vs) {
			continue
		}
		sawLocal, sawIn := senderKnows.Has(vl), localKnows.Has(vs)
		take := false
		switch {
		case sawLocal && !sawIn:
			take = true
		case !sawLocal && sawIn:
		case sawLocal && sawIn:
			take = Later(vs, vl) > 0
		default: // neither had seen the other's change
			if same(local.Values[f], in.Values[f]) || guard == nil || !guard(local.Table, f) {
				take = Later(vs, vl) > 0
			} else {
				conflicts = append(conflicts, fieldConflict(local, &in, f))
			}
		}
		if take {
			out.Values[f] = in.Values[f]
			setVersion(out.Fields, f, vs)
		}
	}
	// Delete against change.
	if out.Deleted() {
		switch {
		case !local.Deleted():
			// The sender deleted it; changes made here it had not seen keep it.
			if unseenBy(local, senderKnows, &in) {
				out.Values["deleted_at"] = nil
				setVersion(out.Fields, "deleted_at", local.FieldVersion("deleted_at"))
				conflicts = append(conflicts, deletedConflict(&in, local))
			}
		case !in.Deleted():
			// Deleted here; the sender changed it after what was seen here.
			if unseenBy(&in, localKnows, local) {
				out.Values["deleted_at"] = nil
				setVersion(out.Fields, "deleted_at", revival)
				out.Version = MaxVersion(out.Version, revival)
				conflicts = append(conflicts, deletedConflict(local, &in))
			}
		}
	}
	out.Office = OfficeOf(out.Version)
	return out, !sameRow(local, &out), conflicts
}

// unseenBy reports whether r holds a change of a field other than
// deleted_at that knows has not seen and that other does not share.
func unseenBy(r *Row, knows Knowledge, other *Row) bool {
	for f, v := range r.Fields {
		if f != "deleted_at" && v != "" && !knows.Has(v) && other.FieldVersion(f) != v {
			return true
		}
	}
	return false
}

func setVersion(fields map[string]string, f, v string) {
	if v == "" {
		delete(fields, f)
	} else {
		fields[f] = v
	}
}

func fieldsOf(a, b *Row) []string {
	seen := map[string]bool{}
	var fs []string
	for _, r := range []*Row{a, b} {
		for c := range r.Values {
			if IsField(c) && !seen[c] {
				seen[c] = true
				fs = append(fs, c)
			}
		}
	}
	sort.Strings(fs)
	return fs
}

func fieldConflict(local, in *Row, f string) Conflict {
	a := Side{local.Values[f], local.FieldVersion(f), OfficeOf(local.FieldVersion(f))}
	b := Side{in.Values[f], in.FieldVersion(f), OfficeOf(in.FieldVersion(f))}
	if Later(a.Version, b.Version) > 0 {
		a, b = b, a
	}
	return Conflict{ID: conflictID(ConflictField, local.Table, local.Key, f, a.Version, b.Version),
		Kind: ConflictField, Table: local.Table, Key: local.Key, Field: f, A: a, B: b, At: b.Version}
}

// SameDayConflict is two rows that may only be one (two offices' rates for
// the same day): keep stays, drop went to the Trash; field is the value a
// person chooses between, for the row kept.
func SameDayConflict(keep, drop *Row, field string) Conflict {
	a := Side{drop.Values[field], drop.FieldVersion(field), drop.Office}
	b := Side{keep.Values[field], keep.FieldVersion(field), keep.Office}
	if a.Version == "" {
		a.Version, a.Office = drop.Version, OfficeOf(drop.Version)
	}
	if b.Version == "" {
		b.Version, b.Office = keep.Version, OfficeOf(keep.Version)
	}
	return Conflict{ID: conflictID("same_day", keep.Table, keep.Key, drop.Key, field), Kind: ConflictField, Table: keep.Table,
		Key: keep.Key, Field: field, A: a, B: b, At: MaxVersion(a.Version, b.Version)}
}

// deletedConflict: del deleted the row, kept changed it.
func deletedConflict(del, kept *Row) Conflict {
	v := del.FieldVersion("deleted_at")
	return Conflict{ID: conflictID(ConflictDeleted, del.Table, del.Key, "deleted_at", v, ""),
		Kind: ConflictDeleted, Table: del.Table, Key: del.Key, Field: "deleted_at",
		A: Side{del.Values["deleted_at"], v, OfficeOf(v)}, At: v}
}

func conflictID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// same compares two column values as they travel (a number read back from
// JSON is an int64 or a float64).
func same(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if fa, ok := num(a); ok {
		fb, ok := num(b)
		return ok && fa == fb
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func num(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func sameRow(a, b *Row) bool {
	if a.Version != b.Version || len(a.Values) != len(b.Values) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for c, v := range a.Values {
		if !same(v, b.Values[c]) {
			return false
		}
	}
	for f, v := range a.Fields {
		if b.Fields[f] != v {
			return false
		}
	}
	return true
}
