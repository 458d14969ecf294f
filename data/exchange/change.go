// Package exchange is how a foundation's offices hand their work to each
// other (docs/domain.md, "Offices, bundles and the hub"): the change model (rows with a
// version per field, what an office knows of each other office), the merge
// rules, and the bundle file (.cbx) that carries changes between offices.
// It knows nothing of SQL: the store reads and writes the rows, this package
// decides what they become. The online hub reuses it.
package exchange

import (
	"strings"
)

// Row is one row as it travels: the table it belongs to, its key, every
// column's value, and the version of each field changed since the row was
// created. A field without a version has the value the row was created
// with, the same in every office that holds the row.
type Row struct {
	Table   string            `json:"t"`
	Key     string            `json:"k"`
	Office  string            `json:"o"`           // the office of the newest change in the row
	Version string            `json:"v"`           // the newest change in the row
	Values  map[string]any    `json:"c"`           // column → value (string, int64, float64 or nil)
	Fields  map[string]string `json:"f,omitempty"` // field → version of its last change
}

// Clone is a copy of r that shares no map with it.
func (r Row) Clone() Row {
	c := r
	c.Values = make(map[string]any, len(r.Values))
	for k, v := range r.Values {
		c.Values[k] = v
	}
	if r.Fields != nil {
		c.Fields = make(map[string]string, len(r.Fields))
		for k, v := range r.Fields {
			c.Fields[k] = v
		}
	}
	return c
}

// FieldVersion is the version of f's value ("" for the value it was created with).
func (r *Row) FieldVersion(f string) string { return r.Fields[f] }

// Deleted reports whether the row is in the Trash.
func (r *Row) Deleted() bool { v, ok := r.Values["deleted_at"]; return ok && v != nil && v != "" }

// Columns that are not merged field by field: the row's key and times, and
// what the store derives from other fields.
var notFields = map[string]bool{"id": true, "created_at": true, "updated_at": true, "office": true, "version": true, "search": true, "name_key": true}

// IsField reports whether column c merges as a field.
func IsField(c string) bool { return !notFields[c] }

// OfficeOf is the office that made a version ("" for none).
func OfficeOf(version string) string {
	if i := strings.LastIndexByte(version, '-'); i >= 0 {
		return version[i+1:]
	}
	return ""
}

// Knowledge is what one database holds of each office's changes: for each
// office, the newest version of it that has arrived (with everything that
// office had before it, for what this database may see).
type Knowledge map[string]string

// Has reports whether the change with this version has arrived.
func (k Knowledge) Has(version string) bool {
	if version == "" {
		return true
	}
	return Later(k[OfficeOf(version)], version) >= 0
}

// Add records that a change has arrived.
func (k Knowledge) Add(version string) {
	if version == "" {
		return
	}
	o := OfficeOf(version)
	if Later(version, k[o]) > 0 {
		k[o] = version
	}
}

// Merge records everything other holds as arrived.
func (k Knowledge) Merge(other Knowledge) {
	for _, v := range other {
		k.Add(v)
	}
}

// Clone is a copy of k.
func (k Knowledge) Clone() Knowledge {
	c := make(Knowledge, len(k))
	for o, v := range k {
		c[o] = v
	}
	return c
}

// Later compares two versions: >0 if a is later than b, 0 equal, <0 before.
// The stored form sorts as the versions do (data/hlc).
func Later(a, b string) int {
	if len(a) != len(b) && len(a) > 18 && len(b) > 18 {
		// a counter past 9999 is one digit longer: compare the parts
		ai, bi := strings.IndexByte(a[17:], '-'), strings.IndexByte(b[17:], '-')
		if a[:16] != b[:16] || ai < 0 || bi < 0 {
			return strings.Compare(a[:16], b[:16])
		}
		if ai != bi {
			return ai - bi
		}
	}
	return strings.Compare(a, b)
}

// MaxVersion is the later of two versions.
func MaxVersion(a, b string) string {
	if Later(a, b) >= 0 {
		return a
	}
	return b
}
