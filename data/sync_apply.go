package data

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"carebook/data/exchange"
	"carebook/data/hlc"
)

// ExchangePreview is what a bundle brings (before Apply) or brought.
type ExchangePreview struct {
	From         string
	Seq          int64
	Rows         int // rows that change here
	NewCases     int
	UpdatedCases int
	Conflicts    int // new entries in the review queue
	Files        int // document files not yet here
	FileBytes    int64
	Erased       int // documents erased here: emptied from the Trash in another office
	Audit        int // entries of another office's audit log, kept here (the head office)
	// Skipped are rows left out because they cannot be right (a row
	// without its columns, the foundation's settings changed by another
	// office than the head office): the rest went in all the same.
	Skipped []SkippedRow
}

// SkippedRow is a row an exchange or sync left out, and why.
type SkippedRow struct {
	Office, Table, Key string
	Why                string // one of the Skipped… constants
}

// Why a row was left out.
const (
	SkippedIncomplete = "incomplete" // it lacks columns every such row has
	SkippedNotHead    = "not_head"   // the foundation's own, changed by another office than the head office
	SkippedNotSender  = "not_sender" // an audit entry of another office than the one that sent the bundle
)

// headOnly are the tables only the head office changes.
var headOnly = map[string]bool{"settings": true, "letter_templates": true}

// IncomingBundle is a bundle read and checked, not yet applied.
type IncomingBundle struct {
	s       *Store
	op      *exchange.Opened
	Preview ExchangePreview
}

// Close forgets the bundle (removes its decrypted copy).
func (b *IncomingBundle) Close() error { return b.op.Close() }

// ReadBundle checks a bundle sent to this office (that it is of this
// foundation, for this office, from a known office, from a Carebook that is
// not newer, not applied before, intact and signed by its sender) and
// previews what applying it would change. Nothing is written.
func (s *Store) ReadBundle(ctx context.Context, path string) (*IncomingBundle, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return nil, err
	}
	h, err := exchange.ReadHeader(path)
	if err != nil {
		return nil, exchangeErr(err)
	}
	if h.Kind != exchange.KindBundle {
		return nil, &ExchangeError{Kind: ExchangeNotBundle, Err: errors.New("this is an invitation: it makes a new office's database (office join), it is not read into one")}
	}
	if err := s.checkHeader(ctx, self, h); err != nil {
		return nil, err
	}
	keys, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	id, err := ageIdentity(keys.Identity)
	if err != nil {
		return nil, err
	}
	lim := exchange.DefaultLimits
	if lim.File, err = s.MaxFileBytes(ctx); err != nil {
		return nil, err
	}
	op, err := exchange.Open(path, filepath.Dir(s.path), id, func(m exchange.Manifest) (ed25519.PublicKey, error) {
		o, err := s.officeInfo(ctx, m.From)
		if err != nil || o.verify == "" {
			return nil, exchange.ErrForged
		}
		return verifyKey(o.verify)
	}, lim)
	if err != nil {
		return nil, exchangeErr(err)
	}
	crashPoint("bundle-read")
	b := &IncomingBundle{s: s, op: op}
	if b.Preview, err = s.apply(ctx, op.Manifest, bundleRows(op), op, true, nil); err != nil {
		op.Close()
		return nil, err
	}
	return b, nil
}

func (s *Store) checkHeader(ctx context.Context, self Office, h exchange.Header) error {
	switch {
	case h.Foundation != self.FoundationID:
		return &ExchangeError{Kind: ExchangeOtherFoundation}
	case h.To != self.Code:
		return &ExchangeError{Kind: ExchangeOtherOffice, Detail: h.To}
	case h.Schema > SchemaVersion():
		return &ExchangeError{Kind: ExchangeNewer}
	}
	o, err := s.officeInfo(ctx, h.From)
	if err != nil {
		return err
	}
	if h.Seq <= o.Received {
		return &ExchangeError{Kind: ExchangeAlreadyApplied}
	}
	return nil
}

// Apply merges the bundle into the database in one transaction: all of it
// or, on any error (a full disk too), none of it.
func (b *IncomingBundle) Apply(ctx context.Context, progress func(done, total int)) (ExchangePreview, error) {
	self, err := b.s.Office(ctx)
	if err != nil {
		return ExchangePreview{}, err
	}
	// Another window may have applied it meanwhile.
	if err := b.s.checkHeader(ctx, self, b.op.Manifest.Header); err != nil {
		return ExchangePreview{}, err
	}
	return b.s.apply(ctx, b.op.Manifest, bundleRows(b.op), b.op, false, progress)
}

// ImportBundle reads and applies a bundle.
func (s *Store) ImportBundle(ctx context.Context, path string) (ExchangePreview, error) {
	b, err := s.ReadBundle(ctx, path)
	if err != nil {
		return ExchangePreview{}, err
	}
	defer b.Close()
	return b.Apply(ctx, nil)
}

var errDryRun = errors.New("preview only")

// apply merges an opened bundle (dry: only count what would change).
// FileSource is where the document files of changes come from: a bundle,
// or the hub.
type FileSource interface {
	Files() []string
	FileSize(sha string) (int64, bool)
	OpenFile(sha string) (io.ReadCloser, error)
}

// rowSource is where the rows to merge come from: an opened bundle, read
// again as they are merged (bundleRows: a whole foundation's invitation is
// never all in memory), or the hub's, read from it as they are merged
// (HubRows).
type rowSource struct {
	count        int
	newest       exchange.Knowledge // the newest version of each office among the rows
	tables       []string           // the tables of the rows, once per run of them
	conflicts    []exchange.Row
	purges       []exchange.Row
	documentKeys []string
	each         func(fn func(*exchange.Row) error) error
}

func bundleRows(op *exchange.Opened) rowSource {
	return rowSource{count: op.Count, newest: op.Newest, tables: op.Tables, conflicts: op.Conflicts, purges: op.Purges,
		documentKeys: op.DocumentKeys, each: op.EachRow}
}

func (s *Store) apply(ctx context.Context, m exchange.Manifest, src rowSource, op FileSource, dry bool, progress func(done, total int)) (ExchangePreview, error) {
	sum := ExchangePreview{From: m.From, Seq: m.Seq}
	// The versions made here from now on come after everything in the bundle.
	for _, v := range src.newest {
		if hv, err := hlc.Parse(v); err == nil && s.clock != nil {
			s.clock.Observe(hv)
		}
	}
	for _, v := range m.Known {
		if hv, err := hlc.Parse(v); err == nil && s.clock != nil {
			s.clock.Observe(hv)
		}
	}
	for _, t := range src.tables {
		if !travels[t] && t != "conflicts" {
			return sum, &ExchangeError{Kind: ExchangeDamaged, Err: fmt.Errorf("%w: rows of %q", exchange.ErrDamaged, t)}
		}
	}
	// Document files first (content-addressed: a file already here is
	// not written again); if the rows cannot be written, they go again.
	var added []string
	for _, sha := range op.Files() {
		size, _ := op.FileSize(sha)
		if _, err := os.Stat(s.BlobPath(sha)); err == nil {
			continue
		}
		sum.Files++
		sum.FileBytes += size
		if dry {
			continue
		}
		r, err := op.OpenFile(sha)
		if err != nil {
			return sum, err
		}
		got, _, err := s.PutFile(r, 0, sha)
		r.Close()
		if err != nil {
			s.removeAdded(added)
			return sum, err
		}
		added = append(added, got)
		if got != sha {
			s.removeAdded(added)
			return sum, &ExchangeError{Kind: ExchangeFileMismatch, Err: exchange.ErrFileMismatch}
		}
	}
	updated, created := map[string]bool{}, map[string]bool{}
	var erased []string // files of the documents erased, removed once committed
	err := s.tx(ctx, func(tx *sql.Tx) error {
		crashPoint("bundle-applying")
		pq := newPrepared(tx)
		defer pq.Close()
		if err := manyRowsCache(ctx, tx); err != nil { // a bundle may carry the whole foundation
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET applying = 1 WHERE id = 1"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		localKnows, err := s.known(ctx, tx)
		if err != nil {
			return err
		}
		var revival string
		if err := tx.QueryRowContext(ctx, "SELECT clock FROM foundation WHERE id = 1").Scan(&revival); err != nil {
			return err
		}
		pairs, err := conflictPairs(ctx, tx, src.conflicts)
		if err != nil {
			return err
		}
		var head string
		if err := tx.QueryRowContext(ctx, "SELECT coalesce((SELECT code FROM offices WHERE head = 1 LIMIT 1), ?)", HeadOffice).Scan(&head); err != nil {
			return err
		}
		done, total := 0, src.count
		newKnows := localKnows.Clone()
		newKnows.Merge(m.Known)
		one := func(p *exchange.Row) error {
			in := *p
			table := in.Table
			if table == "settings" && !settingTravels(in.Key) {
				return nil // another computer's own (an older Carebook sent it): not for this one
			}
			newKnows.Add(in.Version)
			for _, v := range in.Fields {
				newKnows.Add(v)
			}
			tc, err := s.columnsOf(ctx, tx, table)
			if err != nil {
				return err
			}
			where, kargs := keyWhere(tc.key, in.Key)
			local, err := s.readTravelling(ctx, pq, table, where, kargs...)
			if err != nil {
				return err
			}
			var lp *exchange.Row
			if len(local) == 1 {
				lp = &local[0]
			}
			if why := badRow(tc, in, lp, head); why != "" {
				sum.Skipped = append(sum.Skipped, SkippedRow{Office: exchange.OfficeOf(in.Version), Table: table, Key: in.Key, Why: why})
				return nil
			}
			if table == "audit_log" {
				// An entry is never changed, and a bundle carries its own
				// office's entries only (the hub checks its offices').
				if lp != nil {
					return nil
				}
				if m.From != HubCode && exchange.OfficeOf(in.Version) != m.From {
					sum.Skipped = append(sum.Skipped, SkippedRow{Office: exchange.OfficeOf(in.Version), Table: table, Key: in.Key, Why: SkippedNotSender})
					return nil
				}
				if err := s.writeTravelling(ctx, pq, in, false); err != nil {
					return err
				}
				sum.Audit++
				return nil
			}
			merged, changed, conflicts := exchange.Merge(lp, in, localKnows, m.Known, isGuarded, pairs, revival)
			if changed && table == "exchange_rates" && lp == nil {
				c, err := s.sameDayRate(ctx, tx, &merged)
				if err != nil {
					return err
				}
				conflicts = append(conflicts, c...)
			}
			if changed {
				sum.Rows++
				derive(&merged)
				if err := s.writeTravelling(ctx, pq, merged, lp != nil); err != nil {
					return err
				}
				child := childOf(ctx, pq, &merged)
				switch {
				case table == "children" && lp == nil:
					sum.NewCases++
					created[merged.Key] = true
				case child != "":
					updated[child] = true
				}
			}
			if table == "children" || table == "donors" {
				// The sender holds this case or donor: a bundle to it
				// need not send it whole again.
				if _, err := pq.ExecContext(ctx, "INSERT OR IGNORE INTO office_sent (office, tbl, row_key) VALUES (?, ?, ?)", m.From, table, in.Key); err != nil {
					return err
				}
			}
			for _, c := range conflicts {
				pairs.AddConflict(c)
				n, err := s.recordConflict(ctx, tx, c, childOf(ctx, tx, &merged))
				if err != nil {
					return err
				}
				sum.Conflicts += n
			}
			done++
			if progress != nil && done%500 == 0 {
				progress(done, total)
			}
			return nil
		}
		// The rows are merged as they are read: Carebook writes a bundle
		// table by table in the order of exchangeOrder, and the hub's rows
		// come in that order (HubRows).
		if err := src.each(one); err != nil {
			return err
		}
		var err2 error
		if erased, err2 = s.applyPurges(ctx, tx, src, &sum); err2 != nil {
			return err2
		}
		// Rows written may point at rows this office does not hold; with
		// nothing written there is nothing to look for.
		if sum.Rows > 0 || sum.Audit > 0 || len(src.purges) > 0 {
			if err := maskDangling(ctx, tx); err != nil {
				return err
			}
		}
		kj, _ := json.Marshal(newKnows)
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET applying = 0, known = ? WHERE id = 1", string(kj)); err != nil {
			return err
		}
		o, err := s.officeInfo(context.WithValue(ctx, txKey{}, tx), m.From)
		if err != nil {
			return err
		}
		acked := o.acked.Clone()
		acked.Merge(m.Known)
		aj, _ := json.Marshal(acked)
		if _, err := tx.ExecContext(ctx, "UPDATE offices SET acked = ?, received_seq = ?, last_exchange_at = ? WHERE code = ?",
			string(aj), m.Seq, s.stamp(), m.From); err != nil {
			return err
		}
		if progress != nil {
			progress(total, total)
		}
		if dry {
			return errDryRun
		}
		crashPoint("bundle-applied")
		return nil
	})
	for id := range updated {
		if !created[id] {
			sum.UpdatedCases++
		}
	}
	if errors.Is(err, errDryRun) {
		return sum, nil
	}
	if err != nil {
		s.removeAdded(added)
		return sum, err
	}
	s.removeUnusedFiles(ctx, erased)
	if sender := m.From; len(m.Offices) > 0 {
		if o, err := s.officeInfo(ctx, sender); err == nil && o.Head {
			if err := s.saveOffices(ctx, m.Offices); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

// applyPurges carries out the erasures that arrived, and keeps erased the
// documents that arrive again: a document erased in another office is
// erased here unless this office holds a later change of it than the one
// erased there (restored or changed since: the later change wins, as for a
// delete). It returns the erased documents' files.
func (s *Store) applyPurges(ctx context.Context, tx *sql.Tx, src rowSource, sum *ExchangePreview) ([]string, error) {
	keys := slices.Clone(src.documentKeys)
	for _, r := range src.purges {
		keys = append(keys, r.Key)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	kj, _ := json.Marshal(keys)
	ids, err := queryStrings(ctx, tx, `SELECT d.id FROM documents d JOIN purges p ON p.id = d.id AND p.tbl = 'documents'
		WHERE d.version <= p.doc_version AND d.id IN (SELECT value FROM json_each(?))`, string(kj))
	if err != nil {
		return nil, err
	}
	sum.Erased += len(ids)
	return s.purgeDocuments(ctx, tx, ids, false)
}

// sameDayRate settles two offices entering a rate for the same currency
// and day (one rate a day is kept): the row with the smaller id stays, the
// other goes to the Trash (the same in every office, whichever arrives
// first) and, when the rates differ, the choice goes to the review queue.
func (s *Store) sameDayRate(ctx context.Context, tx *sql.Tx, in *exchange.Row) ([]exchange.Conflict, error) {
	if in.Deleted() {
		return nil, nil
	}
	others, err := s.readTravelling(ctx, tx, "exchange_rates", "currency = ? AND on_date = ? AND deleted_at IS NULL AND id <> ?",
		in.Values["currency"], in.Values["on_date"], in.Key)
	if err != nil || len(others) == 0 {
		return nil, err
	}
	other := &others[0]
	keep, drop := other, in
	if in.Key < other.Key {
		keep, drop = in, other
	}
	v := exchange.MaxVersion(keep.Version, drop.Version)
	when := exchange.MaxVersion(fmt.Sprint(keep.Values["created_at"]), fmt.Sprint(drop.Values["created_at"]))
	drop.Values["deleted_at"] = when
	if drop.Fields == nil {
		drop.Fields = map[string]string{}
	}
	drop.Fields["deleted_at"] = v
	drop.Version = exchange.MaxVersion(drop.Version, v)
	drop.Office = exchange.OfficeOf(drop.Version)
	if drop == other {
		if err := s.writeTravelling(ctx, tx, *other, true); err != nil {
			return nil, err
		}
	}
	if fmt.Sprint(keep.Values["rate"]) == fmt.Sprint(drop.Values["rate"]) {
		return nil, nil
	}
	return []exchange.Conflict{exchange.SameDayConflict(keep, drop, "rate")}, nil
}

func (s *Store) removeAdded(shas []string) {
	for _, sha := range shas {
		os.Remove(s.BlobPath(sha))
	}
}

// derive fills the columns the store derives from others (the folded
// search text, a donor's name key), which do not travel as fields.
func derive(r *exchange.Row) {
	v := func(c string) string { s, _ := r.Values[c].(string); return s }
	switch r.Table {
	case "children":
		r.Values["search"] = searchText(v("case_number"), v("last_name"), v("first_name"), v("middle_name"), v("latin_name"), v("diagnosis"), v("icd10"))
	case "donors":
		r.Values["search"] = searchText(v("display_name"), v("email"), v("phone"), v("tax_id"))
		r.Values["name_key"] = NameKey(v("display_name"))
	}
}

// childOf is the case a row belongs to ("" for foundation-wide rows).
func childOf(ctx context.Context, q querier, r *exchange.Row) string {
	if r.Table == "children" {
		return r.Key
	}
	if id, _ := r.Values["child_id"].(string); id != "" {
		return id
	}
	var id sql.NullString
	switch r.Table {
	case "line_items":
		_ = q.QueryRowContext(ctx, "SELECT child_id FROM estimates WHERE id = ?", r.Values["estimate_id"]).Scan(&id)
	case "journey_event_documents":
		_ = q.QueryRowContext(ctx, "SELECT child_id FROM journey_events WHERE id = ?", r.Values["event_id"]).Scan(&id)
	case "letter_donations":
		// A link thanks its donation: it goes where the donation goes.
		_ = q.QueryRowContext(ctx, "SELECT child_id FROM donations WHERE id = ?", r.Values["donation_id"]).Scan(&id)
	}
	return id.String
}

// badRow says why an incoming row cannot be right ("" when it may be
// merged): a new row without a column every such row has, or the
// foundation's settings and letter templates changed by another office
// than the head office.
func badRow(tc *tableCols, in exchange.Row, local *exchange.Row, head string) string {
	if headOnly[in.Table] && exchange.OfficeOf(in.Version) != head && (local == nil || in.Version != local.Version) {
		return SkippedNotHead
	}
	if local == nil {
		for _, c := range tc.required {
			if in.Values[c] == nil && c != "office" && c != "version" {
				return SkippedIncomplete
			}
		}
	}
	return ""
}

// conflictPairs are the versions of fields already in a conflict: those
// recorded here, and those the incoming rows carry (see exchange.Pairs).
func conflictPairs(ctx context.Context, tx *sql.Tx, incoming []exchange.Row) (exchange.Pairs, error) {
	pairs := exchange.Pairs{}
	rows, err := tx.QueryContext(ctx, "SELECT tbl, row_key, field, version_a, version_b FROM conflicts WHERE kind = ?", exchange.ConflictField)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t, k, f, a, b string
		if err := rows.Scan(&t, &k, &f, &a, &b); err != nil {
			return nil, err
		}
		pairs.Add(t, k, f, a, b)
	}
	for _, r := range incoming {
		if str(r.Values["kind"]) == exchange.ConflictField {
			pairs.Add(str(r.Values["tbl"]), str(r.Values["row_key"]), str(r.Values["field"]), str(r.Values["version_a"]), str(r.Values["version_b"]))
		}
	}
	return pairs, rows.Err()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func (s *Store) recordConflict(ctx context.Context, tx *sql.Tx, c exchange.Conflict, child string) (int, error) {
	enc := func(v any) any {
		if v == nil {
			return nil
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	at := Timestamp{}
	if v, err := hlc.Parse(c.At); err == nil && !v.IsZero() {
		at = Stamp(timeOfMillis(v.Wall))
	} else {
		at = s.stamp()
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO conflicts (id, created_at, updated_at, kind, tbl, row_key, field, child_id,
		value_a, office_a, version_a, value_b, office_b, version_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, at, at, c.Kind, c.Table, c.Key, c.Field, null(&child),
		enc(c.A.Value), c.A.Office, c.A.Version, enc(c.B.Value), c.B.Office, c.B.Version)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// maskDangling clears references to rows this office may not see (a
// donation's letter about another region's case): the value stays as it
// is in the offices that see both.
func maskDangling(ctx context.Context, tx *sql.Tx) error {
	type bad struct {
		table  string
		rowid  sql.NullInt64
		parent string
		fkid   int
	}
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	var bads []bad
	for rows.Next() {
		var b bad
		if err := rows.Scan(&b.table, &b.rowid, &b.parent, &b.fkid); err != nil {
			rows.Close()
			return err
		}
		bads = append(bads, b)
	}
	rows.Close()
	for _, b := range bads {
		var from string
		var notNull bool
		if err := tx.QueryRowContext(ctx, `SELECT f."from", t."notnull" FROM pragma_foreign_key_list(?) f JOIN pragma_table_info(?) t ON t.name = f."from" WHERE f.id = ?`,
			b.table, b.table, b.fkid).Scan(&from, &notNull); err != nil {
			return err
		}
		switch {
		case !b.rowid.Valid: // a link table: the link goes
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s NOT IN (SELECT id FROM %s)", b.table, from, b.parent)); err != nil {
				return err
			}
		case !notNull:
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s = NULL WHERE rowid = ?", b.table, from), b.rowid.Int64); err != nil {
				return err
			}
		default:
			return &ExchangeError{Kind: ExchangeDamaged, Err: fmt.Errorf("%w: a row of %s refers to a %s row the bundle does not carry", exchange.ErrDamaged, b.table, b.parent)}
		}
	}
	return nil
}
