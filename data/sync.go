package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"carebook/data/exchange"
	"carebook/data/hlc"
)

// The store's side of exchange between offices: it reads the rows a bundle
// carries and writes what the merge rules (data/exchange) make of the rows
// that arrive.

// exchangeOrder is the order rows are written in (parents first; foreign
// keys are checked at the end of the transaction anyway), then the
// erasures (after the rows they may erase), then conflicts, then the audit
// log (which goes to the head office only).
var exchangeOrder = []string{
	"settings", "exchange_rates", "letter_templates", "donors", "children", "documents", "guardians",
	"consents", "journey_events", "journey_event_documents", "estimates", "line_items", "payments",
	"letters", "donations", "letter_donations", "allocations", "status_changes", "purges", "conflicts",
	"audit_log",
}

// replaceable are the travelling tables a database that joins a foundation
// (or becomes a view of its hub) empties first: all but the audit log,
// whose entries are never deleted.
func replaceable() []string {
	out := slices.DeleteFunc(slices.Clone(exchangeOrder), func(t string) bool { return t == "audit_log" })
	return append(out, "field_versions", "offices", "office_sent")
}

// guarded are the medical and money fields that are never overwritten
// silently (all fields of the tables listed with "*").
var guarded = map[string]map[string]bool{
	"children":       {"diagnosis": true, "icd10": true, "status": true, "outcome": true, "program": true},
	"consents":       {"*": true},
	"estimates":      {"*": true},
	"line_items":     {"*": true},
	"payments":       {"*": true},
	"donations":      {"amount_minor": true, "currency": true, "donor_id": true, "child_id": true, "received_on": true},
	"allocations":    {"*": true},
	"journey_events": {"*": true},
	"documents":      {"sha256": true, "pages": true, "child_id": true, "kind": true},
}

func isGuarded(table, field string) bool {
	g := guarded[table]
	return g != nil && (g["*"] || g[field]) && field != "deleted_at"
}

// Kinds of ExchangeError: why a bundle or an invitation was refused.
const (
	ExchangeNotBundle       = "not_bundle"       // the file is not a Carebook bundle (or is an invitation where a bundle was expected)
	ExchangeDamaged         = "damaged"          // the bundle was changed or cut short on the way
	ExchangeWrongPassphrase = "wrong_passphrase" // the passphrase does not open the invitation
	ExchangeNotForUs        = "not_for_us"       // the bundle is sealed for another office
	ExchangeForged          = "forged"           // the bundle is not signed by the office it names
	ExchangeUnsafe          = "unsafe"           // the bundle holds entries Carebook never writes
	ExchangeFileMismatch    = "file_mismatch"    // a document does not match its fingerprint, or no row points at it
	ExchangeOtherFoundation = "other_foundation" // the bundle is another foundation's
	ExchangeOtherOffice     = "other_office"     // the bundle is addressed to another office (Detail: that office)
	ExchangeNewer           = "newer"            // a newer Carebook wrote it
	ExchangeAlreadyApplied  = "already_applied"  // this database has applied the bundle before
	ExchangeUnknownOffice   = "unknown_office"   // the sender is not an office this database knows (Detail: its code)
	ExchangeNotHead         = "not_head"         // only the head office invites offices
	ExchangeExists          = "exists"           // the output file is already there (Detail: its path)
	ExchangeToSelf          = "to_self"          // a bundle addressed to this office itself
	ExchangeBadCode         = "bad_code"         // an office code that is not 2 to 6 Latin capitals or digits, or is HQ
	ExchangeNoName          = "no_name"          // an office without a name
	ExchangeNoRegion        = "no_region"        // an office that serves no region
	ExchangeShortPassphrase = "short_passphrase" // an invitation passphrase shorter than MinInvitePassphrase
	ExchangeOfficeExists    = "office_exists"    // the office code is taken (Detail: the code)
	ExchangeNotEmpty        = "not_empty"        // joining would replace a database that holds cases, donors or donations
	ExchangeNotInvitation   = "not_invitation"   // a bundle where an invitation was expected
)

// ExchangeError is why a bundle or invitation was refused. Kind names it
// for the screens: not_bundle, damaged, wrong_passphrase, not_for_us,
// forged, unsafe, file_mismatch, other_foundation, other_office, newer,
// already_applied, unknown_office, not_head, exists, not_invitation,
// not_empty, to_self, bad_code, no_name, no_region, short_passphrase,
// office_exists.
type ExchangeError struct {
	Kind   string
	Detail string
	Err    error
}

func (e *ExchangeError) Error() string {
	msg := map[string]string{
		ExchangeOtherFoundation: "this file belongs to another foundation",
		ExchangeOtherOffice:     "this file is meant for another office (" + e.Detail + ")",
		ExchangeNewer:           "this file was written by a newer Carebook: update Carebook first",
		ExchangeAlreadyApplied:  "this file has already been applied (nothing to do)",
		ExchangeUnknownOffice:   "this file comes from an office this database does not know (" + e.Detail + ")",
		ExchangeNotHead:         "only the head office can invite an office",
		ExchangeExists:          "there is already a file at " + e.Detail,
		ExchangeToSelf:          "a bundle goes to another office, not to this one",
		ExchangeBadCode:         "an office code is 2 to 6 Latin capital letters or digits, not HQ (for example SHY)",
		ExchangeNoName:          "the office needs a name",
		ExchangeNoRegion:        "name at least one region the office serves",
		ExchangeShortPassphrase: fmt.Sprintf("the passphrase must be at least %d characters long", MinInvitePassphrase),
		ExchangeOfficeExists:    "there is already an office " + e.Detail,
		ExchangeNotEmpty:        "this database already holds cases, donors or donations: join with a new database (carebook office join --db NEW.db)",
		ExchangeNotInvitation:   "this is a bundle, not an invitation: join with the invitation the head office made",
	}[e.Kind]
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	return msg
}

func (e *ExchangeError) Unwrap() error { return e.Err }

func exchangeErr(err error) error {
	if err == nil {
		return nil
	}
	var ee *ExchangeError
	if errors.As(err, &ee) {
		return err
	}
	for kind, e := range map[string]error{
		ExchangeNotBundle: exchange.ErrNotBundle, ExchangeDamaged: exchange.ErrDamaged,
		ExchangeWrongPassphrase: exchange.ErrWrongPassphrase, ExchangeNotForUs: exchange.ErrNotForUs,
		ExchangeForged: exchange.ErrForged, ExchangeUnsafe: exchange.ErrUnsafe, ExchangeFileMismatch: exchange.ErrFileMismatch,
	} {
		if errors.Is(err, e) {
			return &ExchangeError{Kind: kind, Err: err}
		}
	}
	return err
}

// OfficeInfo is an office of the foundation as this database knows it.
type OfficeInfo struct {
	Code, Name     string
	Regions        []string
	Head           bool
	LastExchange   Timestamp
	Sent, Received int64 // bundles written to it and read from it
	recipient      string
	verify         string
	acked          exchange.Knowledge
}

// Offices lists the foundation's offices this database knows, the head
// office first.
func (s *Store) Offices(ctx context.Context) ([]OfficeInfo, error) {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT code, name, regions, head, COALESCE(last_exchange_at, ''), sent_seq, received_seq,
		public_key, verify_key, acked FROM offices ORDER BY head DESC, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OfficeInfo
	for rows.Next() {
		var o OfficeInfo
		var regions, last, acked string
		if err := rows.Scan(&o.Code, &o.Name, &regions, &o.Head, &last, &o.Sent, &o.Received, &o.recipient, &o.verify, &acked); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(regions), &o.Regions)
		_ = json.Unmarshal([]byte(acked), &o.acked)
		if o.acked == nil {
			o.acked = exchange.Knowledge{}
		}
		if last != "" {
			_ = o.LastExchange.parse(last)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (s *Store) officeInfo(ctx context.Context, code string) (OfficeInfo, error) {
	all, err := s.Offices(ctx)
	if err != nil {
		return OfficeInfo{}, err
	}
	for _, o := range all {
		if o.Code == code {
			return o, nil
		}
	}
	return OfficeInfo{}, &ExchangeError{Kind: ExchangeUnknownOffice, Detail: code}
}

// keys are this office's secret keys, made on first use.
func (s *Store) keys(ctx context.Context) (exchange.Keys, error) {
	var k exchange.Keys
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT secret_key, signing_key FROM foundation WHERE id = 1").Scan(&k.Identity, &k.Signing); err != nil {
		return k, err
	}
	if k.Identity != "" {
		return k, nil
	}
	k, err := exchange.NewKeys()
	if err != nil {
		return k, err
	}
	rcpt, verify, err := k.Public()
	if err != nil {
		return k, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET secret_key = ?, signing_key = ? WHERE id = 1", k.Identity, k.Signing); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE offices SET public_key = ?, verify_key = ? WHERE code = (SELECT office_code FROM foundation)", rcpt, verify)
		return err
	})
	return k, err
}

func (s *Store) known(ctx context.Context, q querier) (exchange.Knowledge, error) {
	var raw, clock, self string
	if err := q.QueryRowContext(ctx, "SELECT known, clock, office_code FROM foundation WHERE id = 1").Scan(&raw, &clock, &self); err != nil {
		return nil, err
	}
	k := exchange.Knowledge{}
	_ = json.Unmarshal([]byte(raw), &k)
	k.Add(clock)
	return k, nil
}

// columns of a travelling table, and its key columns.
type tableCols struct {
	cols     []string
	key      []string
	required []string // columns that must have a value (NOT NULL, no default)
	noRowid  bool     // a WITHOUT ROWID table: read in the order of its key
}

var colsCache sync.Map

func (s *Store) columnsOf(ctx context.Context, q querier, table string) (*tableCols, error) {
	if c, ok := colsCache.Load(table); ok {
		return c.(*tableCols), nil
	}
	rows, err := q.QueryContext(ctx, `SELECT name, pk, "notnull" AND dflt_value IS NULL FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tc := &tableCols{}
	type pkCol struct {
		name string
		n    int
	}
	var pks []pkCol
	for rows.Next() {
		var name string
		var pk int
		var required bool
		if err := rows.Scan(&name, &pk, &required); err != nil {
			return nil, err
		}
		if name == "office" || name == "version" {
			continue
		}
		tc.cols = append(tc.cols, name)
		if required {
			tc.required = append(tc.required, name)
		}
		if pk > 0 {
			pks = append(pks, pkCol{name, pk})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(pks, func(i, j int) bool { return pks[i].n < pks[j].n })
	for _, p := range pks {
		tc.key = append(tc.key, p.name)
	}
	if len(tc.cols) == 0 || len(tc.key) == 0 {
		return nil, fmt.Errorf("no table %s", table)
	}
	var schema string
	if err := q.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", table).Scan(&schema); err != nil {
		return nil, err
	}
	tc.noRowid = strings.Contains(strings.ToUpper(schema), "WITHOUT ROWID")
	colsCache.Store(table, tc)
	return tc, nil
}

func keyExpr(key []string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = k
	}
	return strings.Join(parts, " || '|' || ")
}

// readTravelling reads rows of a table as they travel (where: a condition
// on the table, "" for all), with their field versions.
func (s *Store) readTravelling(ctx context.Context, q querier, table, where string, args ...any) ([]exchange.Row, error) {
	tc, err := s.columnsOf(ctx, q, table)
	if err != nil {
		return nil, err
	}
	query := "SELECT " + keyExpr(tc.key) + ", office, version, " + strings.Join(tc.cols, ", ") + " FROM " + table
	if where != "" {
		query += " WHERE " + where
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []exchange.Row
	for rows.Next() {
		r, err := scanTravelling(rows, table, tc)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	fq := "SELECT row_key, field, version FROM field_versions WHERE tbl = ?"
	fargs := []any{table}
	if len(out) == 1 {
		fq += " AND row_key = ?"
		fargs = append(fargs, out[0].Key)
	}
	return out, addFieldVersions(ctx, q, out, fq, fargs...)
}

// scanTravelling reads one row as it travels (lead: columns read before
// it, into these pointers).
func scanTravelling(rows *sql.Rows, table string, tc *tableCols, lead ...any) (exchange.Row, error) {
	r := exchange.Row{Table: table, Values: make(map[string]any, len(tc.cols))}
	vals := make([]any, len(tc.cols))
	ptrs := make([]any, 0, len(lead)+3+len(vals))
	ptrs = append(append(ptrs, lead...), &r.Key, &r.Office, &r.Version)
	for i := range vals {
		ptrs = append(ptrs, &vals[i])
	}
	if err := rows.Scan(ptrs...); err != nil {
		return r, err
	}
	for i, c := range tc.cols {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		r.Values[c] = vals[i]
	}
	return r, nil
}

// addFieldVersions gives rows the field versions the query finds (its
// columns: row key, field, version).
func addFieldVersions(ctx context.Context, q querier, rows []exchange.Row, query string, args ...any) error {
	idx := make(map[string]int, len(rows))
	for i, r := range rows {
		idx[r.Key] = i
	}
	frows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer frows.Close()
	for frows.Next() {
		var key, field, version string
		if err := frows.Scan(&key, &field, &version); err != nil {
			return err
		}
		if i, ok := idx[key]; ok {
			if rows[i].Fields == nil {
				rows[i].Fields = map[string]string{}
			}
			rows[i].Fields[field] = version
		}
	}
	return frows.Err()
}

// travellingChunk is how many rows eachTravelling holds at a time.
var travellingChunk = 2000

// eachTravelling gives fn every row of a table as it travels, with its
// field versions, a chunk at a time: a large foundation's 200 000
// donations are never all in memory. Rows come in the table's own order
// (rowid, or the key of a WITHOUT ROWID table).
//
// since, when not "", is a change version's millisecond (its first 16
// characters): only the rows changed from then on are given — those whose
// newest change, or a field's, is that recent — read through the version
// indexes (migration 0022) in the order of their versions.
func (s *Store) eachTravelling(ctx context.Context, q querier, table, since string, fn func(*exchange.Row) error) error {
	tc, err := s.columnsOf(ctx, q, table)
	if err != nil {
		return err
	}
	cursor := []string{"rowid"}
	if tc.noRowid {
		cursor = tc.key
	}
	var filter []string
	var filterArgs []any
	var given map[string]bool
	if since != "" {
		cursor = append([]string{"version"}, cursor...)
		filter, filterArgs = []string{"version >= ?"}, []any{since}
		given = map[string]bool{}
	}
	order := strings.Join(cursor, ", ")
	base := "SELECT " + order + ", " + keyExpr(tc.key) + ", office, version, " + strings.Join(tc.cols, ", ") + " FROM " + table
	var last []any
	for {
		where, args := filter, filterArgs
		if last != nil {
			where = append(slices.Clip(where), "("+order+") > ("+strings.TrimSuffix(strings.Repeat("?, ", len(cursor)), ", ")+")")
			args = append(slices.Clip(args), last...)
		}
		query := base
		if len(where) > 0 {
			query += " WHERE " + strings.Join(where, " AND ")
		}
		query += " ORDER BY " + order + " LIMIT " + strconv.Itoa(travellingChunk)
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		var chunk []exchange.Row
		for rows.Next() {
			at := make([]any, len(cursor))
			lead := make([]any, len(at))
			for i := range at {
				lead[i] = &at[i]
			}
			r, err := scanTravelling(rows, table, tc, lead...)
			if err != nil {
				rows.Close()
				return err
			}
			chunk = append(chunk, r)
			last = at
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(chunk) > 0 {
			args := make([]any, 0, len(chunk)+1)
			args = append(args, table)
			for _, r := range chunk {
				args = append(args, r.Key)
			}
			err = addFieldVersions(ctx, q, chunk, "SELECT row_key, field, version FROM field_versions WHERE tbl = ? AND row_key IN ("+
				strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+")", args...)
			if err != nil {
				return err
			}
			for i := range chunk {
				if given != nil {
					given[chunk[i].Key] = true
				}
				if err := fn(&chunk[i]); err != nil {
					return err
				}
			}
		}
		if len(chunk) < travellingChunk {
			break
		}
	}
	if since == "" {
		return nil
	}
	// A field changed that recently in a row whose own version is older
	// (the row's version is its newest change, so this is for safety).
	keys, err := queryStrings(ctx, q, "SELECT DISTINCT row_key FROM field_versions WHERE tbl = ? AND version >= ?", table, since)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if given[k] {
			continue
		}
		where, kargs := keyWhere(tc.key, k)
		rs, err := s.readTravelling(ctx, q, table, where, kargs...)
		if err != nil {
			return err
		}
		for i := range rs {
			if err := fn(&rs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTravelling writes a merged row (insert when exists is false) with
// its own office and version, and its field versions.
func (s *Store) writeTravelling(ctx context.Context, tx execer, r exchange.Row, exists bool) error {
	tc, err := s.columnsOf(ctx, tx, r.Table)
	if err != nil {
		return err
	}
	args := make([]any, 0, len(tc.cols)+3)
	var query string
	if exists {
		var sets []string
		for _, c := range tc.cols {
			if v, ok := r.Values[c]; ok {
				sets = append(sets, c+" = ?")
				args = append(args, v)
			}
		}
		where, kargs := keyWhere(tc.key, r.Key)
		args = append(append(args, r.Office, r.Version), kargs...)
		query = "UPDATE " + r.Table + " SET " + strings.Join(sets, ", ") + ", office = ?, version = ? WHERE " + where
	} else {
		var cols []string
		for _, c := range tc.cols {
			if v, ok := r.Values[c]; ok {
				cols = append(cols, c)
				args = append(args, v)
			}
		}
		args = append(args, r.Office, r.Version)
		query = "INSERT INTO " + r.Table + " (" + strings.Join(cols, ", ") + ", office, version) VALUES (" +
			strings.Repeat("?, ", len(cols)+1) + "?)"
	}
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s %s: %w", r.Table, r.Key, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM field_versions WHERE tbl = ? AND row_key = ?", r.Table, r.Key); err != nil {
		return err
	}
	for f, v := range r.Fields {
		if v == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO field_versions (tbl, row_key, field, version) VALUES (?, ?, ?, ?)", r.Table, r.Key, f, v); err != nil {
			return err
		}
	}
	return nil
}

// visibility is which rows an office may receive.
type visibility struct {
	all      bool
	children map[string]bool
	events   map[string]bool
	estimate map[string]bool
	letters  map[string]bool
	donation map[string]bool
	donors   map[string]bool
	rows     map[string]map[string]bool // table → keys, for conflicts
}

func (s *Store) visibleTo(ctx context.Context, q querier, o OfficeInfo) (*visibility, error) {
	v := &visibility{all: o.Head, rows: map[string]map[string]bool{}}
	if v.all {
		return v, nil
	}
	set := func(query string, args ...any) (map[string]bool, error) {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[string]bool{}
		for rows.Next() {
			var id sql.NullString
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			if id.Valid {
				m[id.String] = true
			}
		}
		return m, rows.Err()
	}
	regions, _ := json.Marshal(o.Regions)
	const kids = "SELECT id FROM children WHERE region IN (SELECT value FROM json_each(?))"
	var err error
	if v.children, err = set(kids, string(regions)); err != nil {
		return nil, err
	}
	if v.events, err = set("SELECT id FROM journey_events WHERE child_id IN ("+kids+")", string(regions)); err != nil {
		return nil, err
	}
	if v.estimate, err = set("SELECT id FROM estimates WHERE child_id IN ("+kids+")", string(regions)); err != nil {
		return nil, err
	}
	// A letter's links are what thanks its donations (migration 0025): a
	// link goes where its donation is, to the office of its case or the
	// office that wrote it last (a gift to the general fund), and its letter
	// goes with it, wherever the letter's own case is.
	const thanked = "SELECT id FROM donations WHERE child_id IN (" + kids + ") OR office = ?"
	if v.letters, err = set("SELECT id FROM letters WHERE child_id IN ("+kids+`)
		UNION SELECT letter_id FROM letter_donations WHERE donation_id IN (`+thanked+")",
		string(regions), string(regions), o.Code); err != nil {
		return nil, err
	}
	if v.donation, err = set(thanked, string(regions), o.Code); err != nil {
		return nil, err
	}
	if v.donors, err = set("SELECT donor_id FROM donations WHERE child_id IN ("+kids+") UNION SELECT donor_id FROM letters WHERE child_id IN ("+kids+`)
		UNION SELECT l.donor_id FROM letters l JOIN letter_donations ld ON ld.letter_id = l.id WHERE ld.donation_id IN (`+thanked+")",
		string(regions), string(regions), string(regions), o.Code); err != nil {
		return nil, err
	}
	return v, nil
}

func (v *visibility) sees(r *exchange.Row) bool {
	if v.all {
		return true
	}
	s := func(c string) string { x, _ := r.Values[c].(string); return x }
	var ok bool
	switch r.Table {
	case "settings", "letter_templates", "exchange_rates":
		ok = true
	case "children":
		ok = v.children[r.Key]
	case "donors":
		ok = v.donors[r.Key]
	case "journey_event_documents":
		ok = v.events[s("event_id")]
	case "line_items":
		ok = v.estimate[s("estimate_id")]
	case "letters":
		ok = v.letters[r.Key]
	case "letter_donations":
		ok = v.letters[s("letter_id")] && v.donation[s("donation_id")]
	case "conflicts":
		ok = v.rows[s("tbl")][s("row_key")]
	case "audit_log":
		ok = false // who did what in an office goes to the head office alone
	default:
		ok = v.children[s("child_id")]
	}
	if ok && r.Table != "conflicts" {
		m := v.rows[r.Table]
		if m == nil {
			m = map[string]bool{}
			v.rows[r.Table] = m
		}
		m[r.Key] = true
	}
	return ok
}

func ageIdentity(s string) (age.Identity, error) { return age.ParseX25519Identity(s) }

func timeOfMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func parseVersion(v string) (int64, error) {
	hv, err := hlc.Parse(v)
	return hv.Wall, err
}
