package data

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"carebook/data/exchange"
	"carebook/internal/lazy"
)

// changesFor reads the rows office o has not yet acknowledged and may see,
// and numbers the bundle that will carry them. The number is taken in a
// short write transaction; the rows are read from one snapshot of the
// database, which nobody waits for: another window, or another Carebook
// on the same file, writes meanwhile. With start, the rows are not kept:
// start is told the bundle's manifest (its number and what this office
// holds known, and the snapshot, for reading more of it) and gives where
// each row goes as it is read, a chunk of
// rows in memory at a time; without it, they come back in Contents.Rows.
// tables is the order of the tables (nil: exchangeOrder). Either way
// Contents.Files are the document files the rows need.
func (s *Store) changesFor(ctx context.Context, o OfficeInfo, kind string, tables []string, start func(exchange.Manifest, querier) (func(*exchange.Row) error, error)) (exchange.Contents, error) {
	var c exchange.Contents
	self, err := s.Office(ctx)
	if err != nil {
		return c, err
	}
	if tables == nil {
		tables = exchangeOrder
	}
	var seq int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE offices SET sent_seq = sent_seq + 1, last_exchange_at = ? WHERE code = ?", s.stamp(), o.Code); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT sent_seq FROM offices WHERE code = ?", o.Code).Scan(&seq)
	})
	if err != nil {
		return c, err
	}
	var offices []OfficeInfo
	if self.Head {
		if offices, err = s.Offices(ctx); err != nil {
			return c, err
		}
	}
	type docFile struct {
		sha  string
		size int64
	}
	var docs []docFile
	docSeen := map[string]bool{}
	var newlySent [][4]string // cases and donors sent whole to o (office_sent), and the clock
	err = s.snapshot(ctx, func(q querier) error {
		known, err := s.known(ctx, q)
		if err != nil {
			return err
		}
		vis, err := s.visibleTo(ctx, q, o)
		if err != nil {
			return err
		}
		// what this office itself holds now, its own newest change included
		var clock string
		if err := q.QueryRowContext(ctx, "SELECT clock FROM foundation WHERE id = 1").Scan(&clock); err != nil {
			return err
		}
		known.Add(clock)
		c.Manifest = exchange.Manifest{
			Header:  exchange.Header{Kind: kind, Foundation: self.FoundationID, From: self.Code, To: o.Code, Seq: seq, Schema: SchemaVersion()},
			Created: s.Now().UTC(), Known: known,
		}
		for _, x := range offices {
			c.Manifest.Offices = append(c.Manifest.Offices, exchange.OfficeInfo{Code: x.Code, Name: x.Name, Regions: x.Regions,
				Head: x.Head, Recipient: x.recipient, Verify: x.verify})
		}
		emit := func(r *exchange.Row) error { c.Rows = append(c.Rows, *r); return nil }
		if start != nil {
			if emit, err = start(c.Manifest, q); err != nil {
				return err
			}
		}
		// What went whole to o, and the clock of the bundle it first went
		// in: until o says it holds that bundle's changes (a bundle may be
		// lost), it goes whole again.
		sent := map[string]string{}
		if !o.Head {
			keys, err := queryStrings(ctx, q, "SELECT tbl || ':' || row_key || ' ' || clock FROM office_sent WHERE office = ?", o.Code)
			if err != nil {
				return err
			}
			for _, k := range keys {
				key, at, _ := strings.Cut(k, " ")
				sent[key] = at
			}
		}
		newCase := map[string]bool{} // cases going to o for the first time
		since, none := changedSince(known, o.acked)
		for _, table := range tables {
			from := since
			switch {
			case !o.Head && (table == "children" || table == "donors"):
				from = "" // every case and donor: those not yet sent to o go whole
			case !o.Head && len(newCase) > 0:
				from = "" // and every row of the new cases
			case none:
				continue // o holds every change this office holds
			}
			err := s.eachTravelling(ctx, q, table, from, func(r *exchange.Row) error {
				if !vis.sees(r) || table == "settings" && !settingTravels(r.Key) {
					return nil
				}
				whole := false
				if !o.Head {
					switch table {
					case "children", "donors":
						at, ok := sent[table+":"+r.Key]
						if !ok || at != "" && !o.acked.Has(at) {
							whole = true
							if table == "children" {
								newCase[r.Key] = true
							}
							if !ok {
								newlySent = append(newlySent, [4]string{o.Code, table, r.Key, clock})
							}
						}
					default:
						if id, _ := r.Values["child_id"].(string); newCase[id] {
							whole = true
						}
					}
				}
				if !whole && knows(o.acked, r) {
					return nil
				}
				if table == "documents" {
					sha, _ := r.Values["sha256"].(string)
					size, _ := r.Values["size"].(int64)
					if sha != "" && !docSeen[sha] {
						docSeen[sha] = true
						docs = append(docs, docFile{sha, size})
					}
				}
				return emit(r)
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	if len(newlySent) > 0 {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			st, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO office_sent (office, tbl, row_key, clock) VALUES (?, ?, ?, ?)")
			if err != nil {
				return err
			}
			defer st.Close()
			for _, k := range newlySent {
				if _, err := st.ExecContext(ctx, k[0], k[1], k[2], k[3]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return c, err
		}
	}
	blobs := s.blobs()
	for _, d := range docs {
		if _, err := os.Stat(s.BlobPath(d.sha)); err != nil {
			continue // a file lost here (Check lists it): the row goes without it
		}
		sha := d.sha
		c.Files = append(c.Files, exchange.File{SHA256: sha, Size: d.size, Open: func() (io.ReadCloser, error) { return blobs.Open(sha, sha) }})
	}
	return c, nil
}

// changedSince says which changes of this office (holding have) an office
// that acknowledged acked may not hold: those from the millisecond since
// on ("" : any, some office's changes were never acknowledged), or none.
// The millisecond is a version's first 16 characters, compared as text.
func changedSince(have, acked exchange.Knowledge) (since string, none bool) {
	none = true
	for office, v := range have {
		a := acked[office]
		if exchange.Later(v, a) <= 0 {
			continue
		}
		if len(a) < 16 {
			return "", false
		}
		if none || a[:16] < since {
			since = a[:16]
		}
		none = false
	}
	return since, none
}

// knows reports whether an office that holds k has r as it is here.
func knows(k exchange.Knowledge, r *exchange.Row) bool {
	if !k.Has(r.Version) {
		return false
	}
	for _, v := range r.Fields {
		if !k.Has(v) {
			return false
		}
	}
	return true
}

// ExportSummary says what a bundle carries.
type ExportSummary struct {
	To        string
	Seq       int64
	Rows      int
	Files     int
	FileBytes int64

	known exchange.Knowledge // what the bundle says its sender held
}

// ExportBundle writes to path a bundle for office to: every change it may
// see and has not acknowledged, and the document files they need.
func (s *Store) ExportBundle(ctx context.Context, to, path string, progress func(done, total int64)) (ExportSummary, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	if to == self.Code {
		return ExportSummary{}, &ExchangeError{Kind: ExchangeToSelf}
	}
	o, err := s.officeInfo(ctx, to)
	if err != nil {
		return ExportSummary{}, err
	}
	if o.recipient == "" {
		return ExportSummary{}, &ExchangeError{Kind: ExchangeUnknownOffice, Detail: to}
	}
	if err := s.CheckOutputs(ctx, Output{Path: path}); err != nil {
		return ExportSummary{}, err
	}
	keys, err := s.keys(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	rcpt, err := age.ParseX25519Recipient(o.recipient)
	if err != nil {
		return ExportSummary{}, err
	}
	return s.writeBundle(ctx, o, exchange.KindBundle, path, rcpt, keys, nil, progress)
}

// writeBundle writes the bundle of what office o has not yet acknowledged
// to path as it is read (a chunk of rows in memory at a time), encrypted to
// rcpt and signed with own; an invitation carries the new office's keys.
func (s *Store) writeBundle(ctx context.Context, o OfficeInfo, kind, path string, rcpt age.Recipient, own exchange.Keys,
	newKeys *exchange.Keys, progress func(done, total int64)) (sum ExportSummary, err error) {
	var w *exchange.Writer
	defer func() {
		if err != nil && w != nil {
			w.Abort()
		}
	}()
	c, err := s.changesFor(ctx, o, kind, nil, func(m exchange.Manifest, _ querier) (func(*exchange.Row) error, error) {
		var err error
		w, err = exchange.Create(path, m.Header, rcpt, s.Now().UTC())
		if err != nil {
			return nil, err
		}
		return w.Row, nil
	})
	if err != nil {
		return sum, err
	}
	if newKeys != nil {
		if err := w.Keys(newKeys); err != nil {
			return sum, err
		}
	}
	if err := w.Files(c.Files, progress); err != nil {
		return sum, err
	}
	if err := w.Finish(c.Manifest, own); err != nil {
		return sum, err
	}
	sum = ExportSummary{To: o.Code, Seq: c.Manifest.Seq, Rows: w.Rows(), Files: len(c.Files), known: c.Manifest.Known}
	for _, f := range c.Files {
		sum.FileBytes += f.Size
	}
	return sum, nil
}

var officeCode = lazy.Regexp(`^[A-Z0-9]{2,6}$`)

// NewOffice is an office the head office invites.
type NewOffice struct {
	Code, Name string
	Regions    []string
}

// CheckNewOffice says what is wrong with an office about to be invited (and
// returns it tidied: the code in capitals, empty regions dropped).
func (s *Store) CheckNewOffice(ctx context.Context, no NewOffice, passphrase string) (NewOffice, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return no, err
	}
	if !self.Head {
		return no, &ExchangeError{Kind: ExchangeNotHead}
	}
	no.Code = strings.ToUpper(strings.TrimSpace(no.Code))
	no.Name = strings.TrimSpace(no.Name)
	var regions []string
	for _, r := range no.Regions {
		if r = strings.TrimSpace(r); r != "" {
			regions = append(regions, r)
		}
	}
	no.Regions = regions
	switch {
	case !officeCode().MatchString(no.Code) || no.Code == HeadOffice:
		return no, &ExchangeError{Kind: ExchangeBadCode}
	case no.Name == "":
		return no, &ExchangeError{Kind: ExchangeNoName}
	case len(regions) == 0:
		return no, &ExchangeError{Kind: ExchangeNoRegion}
	case len([]rune(strings.TrimSpace(passphrase))) < MinInvitePassphrase:
		return no, &ExchangeError{Kind: ExchangeShortPassphrase}
	}
	if _, err := s.officeInfo(ctx, no.Code); err == nil {
		return no, &ExchangeError{Kind: ExchangeOfficeExists, Detail: no.Code}
	}
	return no, nil
}

// RegionCount is a region the cases use, with how many live cases do.
type RegionCount struct {
	Region string
	Cases  int
}

// RegionCounts lists the regions the live cases use, with their counts:
// the regions an office can be invited for, written as the cases write
// them.
func (s *Store) RegionCounts(ctx context.Context) ([]RegionCount, error) {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT region, count(*) FROM children
		WHERE deleted_at IS NULL AND region <> '' GROUP BY region ORDER BY region`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegionCount
	for rows.Next() {
		var r RegionCount
		if err := rows.Scan(&r.Region, &r.Cases); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CasesIn counts the live cases of the regions: an invitation for regions
// no case uses holds no case (a region typed otherwise than the cases
// write it, "Turkestan" for "Түркістан облысы", is the usual reason).
func (s *Store) CasesIn(ctx context.Context, regions []string) (int, error) {
	all, err := s.RegionCounts(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range all {
		for _, want := range regions {
			if r.Region == strings.TrimSpace(want) {
				n += r.Cases
			}
		}
	}
	return n, nil
}

// MinInvitePassphrase is the shortest passphrase an invitation takes.
const MinInvitePassphrase = 10

// InviteOffice makes an office of the foundation and writes its starter
// bundle to path: settings, templates, rates, the cases of its regions with
// their documents, their donors, and the office's keys, sealed with the
// passphrase the director tells the office by phone.
func (s *Store) InviteOffice(ctx context.Context, no NewOffice, passphrase, path string, progress func(done, total int64)) (ExportSummary, error) {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return ExportSummary{}, err
	}
	no, err := s.CheckNewOffice(ctx, no, passphrase)
	if err != nil {
		return ExportSummary{}, err
	}
	if err := s.CheckOutputs(ctx, Output{Path: path}); err != nil {
		return ExportSummary{}, err
	}
	regions := no.Regions
	if _, err := s.keys(ctx); err != nil {
		return ExportSummary{}, err
	}
	keys, err := exchange.NewKeys()
	if err != nil {
		return ExportSummary{}, err
	}
	rcpt, verify, err := keys.Public()
	if err != nil {
		return ExportSummary{}, err
	}
	rj, _ := json.Marshal(regions)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO offices (code, name, regions, head, public_key, verify_key, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)`,
			no.Code, no.Name, string(rj), rcpt, verify, s.stamp())
		return err
	})
	if err != nil {
		return ExportSummary{}, err
	}
	undo := func() {
		_ = s.tx(ctx, func(tx *sql.Tx) error {
			_, _ = tx.ExecContext(ctx, "DELETE FROM office_sent WHERE office = ?", no.Code)
			_, err := tx.ExecContext(ctx, "DELETE FROM offices WHERE code = ?", no.Code)
			return err
		})
	}
	o, err := s.officeInfo(ctx, no.Code)
	if err != nil {
		undo()
		return ExportSummary{}, err
	}
	pr, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		undo()
		return ExportSummary{}, err
	}
	own, err := s.keys(ctx)
	if err != nil {
		undo()
		return ExportSummary{}, err
	}
	sum, err := s.writeBundle(ctx, o, exchange.KindInvite, path, pr, own, &keys, progress)
	if err != nil {
		undo()
		return ExportSummary{}, err
	}
	// The office starts with everything the invitation carried: the
	// first bundle to it sends only what changed since.
	kj, _ := json.Marshal(sum.known)
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE offices SET acked = ? WHERE code = ?", string(kj), no.Code)
		return err
	}); err != nil {
		return ExportSummary{}, err
	}
	return sum, nil
}

// JoinOffice creates the database of an invited office at dbPath from its
// invitation.
func JoinOffice(ctx context.Context, bundle, dbPath, passphrase string) (*Store, ExchangePreview, error) {
	if IsCompanionName(dbPath) {
		return nil, ExchangePreview{}, &OpenError{Path: dbPath, Kind: OpenCompanion}
	}
	if _, err := os.Stat(dbPath); err == nil {
		return nil, ExchangePreview{}, &ExchangeError{Kind: ExchangeExists, Detail: dbPath}
	}
	op, err := openInvitation(bundle, filepath.Dir(dbPath), passphrase)
	if err != nil {
		return nil, ExchangePreview{}, err
	}
	defer op.Close()
	s, err := Open(dbPath)
	if err != nil {
		return nil, ExchangePreview{}, err
	}
	sum, err := s.join(ctx, op)
	if err != nil {
		s.Close()
		for _, suffix := range []string{"", "-wal", "-shm", ".checked"} {
			os.Remove(dbPath + suffix)
		}
		os.RemoveAll(s.FilesDir())
		return nil, ExchangePreview{}, err
	}
	return s, sum, nil
}

// ErrNotEmpty refuses to make a database that already holds cases, donors
// or money into a regional office: its work would be lost.
var ErrNotEmpty = errors.New("this database already holds cases, donors or donations")

// JoinFoundation makes this database, still empty, the office the
// invitation was made for (from the app: the volunteer's first start).
func (s *Store) JoinFoundation(ctx context.Context, bundle, passphrase string) (ExchangePreview, error) {
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, `SELECT (SELECT count(*) FROM children) + (SELECT count(*) FROM donors) +
		(SELECT count(*) FROM donations) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM offices WHERE head = 0)`).Scan(&n); err != nil {
		return ExchangePreview{}, err
	}
	if n > 0 {
		return ExchangePreview{}, &ExchangeError{Kind: ExchangeNotEmpty, Err: ErrNotEmpty}
	}
	op, err := openInvitation(bundle, filepath.Dir(s.path), passphrase)
	if err != nil {
		return ExchangePreview{}, err
	}
	defer op.Close()
	return s.join(ctx, op)
}

func openInvitation(bundle, tmpDir, passphrase string) (*exchange.Opened, error) {
	h, err := exchange.ReadHeader(bundle)
	if err != nil {
		return nil, exchangeErr(err)
	}
	if h.Kind != exchange.KindInvite {
		return nil, &ExchangeError{Kind: ExchangeNotInvitation}
	}
	if h.Schema > SchemaVersion() {
		return nil, &ExchangeError{Kind: ExchangeNewer}
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, &ExchangeError{Kind: ExchangeWrongPassphrase, Err: exchange.ErrWrongPassphrase}
	}
	op, err := exchange.Open(bundle, tmpDir, id, func(m exchange.Manifest) (ed25519.PublicKey, error) {
		for _, o := range m.Offices {
			if o.Code == m.From && o.Head {
				return verifyKey(o.Verify)
			}
		}
		return nil, exchange.ErrForged
	}, exchange.DefaultLimits)
	if err != nil {
		return nil, exchangeErr(err)
	}
	if op.Keys == nil {
		op.Close()
		return nil, &ExchangeError{Kind: ExchangeDamaged, Err: exchange.ErrDamaged}
	}
	return op, nil
}

// join makes this database the invited office, in one transaction: its own
// rows (default settings and templates) give way to the foundation's.
func (s *Store) join(ctx context.Context, op *exchange.Opened) (sum ExchangePreview, err error) {
	m := op.Manifest
	var name string
	for _, o := range m.Offices {
		if o.Code == m.To {
			name = o.Name
		}
	}
	err = s.InTx(ctx, func(ctx context.Context) error {
		tx := ctx.Value(txKey{}).(*sql.Tx)
		for _, t := range replaceable() {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET foundation_id = ?, office_code = ?, office_name = ?, head = 0, secret_key = ?, signing_key = ?, known = '{}' WHERE id = 1",
			m.Foundation, m.To, name, op.Keys.Identity, op.Keys.Signing); err != nil {
			return err
		}
		if err := s.loadClockTx(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE foundation SET clock = ? WHERE id = 1", s.clock.Tick().String()); err != nil {
			return err
		}
		if err := s.saveOffices(ctx, m.Offices); err != nil {
			return err
		}
		// All or nothing: a failure anywhere leaves the new database empty,
		// so the rows need no savepoint of their own.
		sum, err = s.apply(AllOrNothing(ctx), op.Manifest, bundleRows(op), op, false, nil)
		return err
	})
	if err != nil {
		_ = s.loadClock(context.Background())
	}
	return sum, err
}

func verifyKey(b64 string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, exchange.ErrForged
	}
	return ed25519.PublicKey(b), nil
}

// saveOffices takes the head office's list of offices (names, regions and
// public keys).
func (s *Store) saveOffices(ctx context.Context, offices []exchange.OfficeInfo) error {
	if len(offices) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, o := range offices {
			rj, _ := json.Marshal(o.Regions)
			if _, err := tx.ExecContext(ctx, `INSERT INTO offices (code, name, regions, head, public_key, verify_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, regions = excluded.regions, head = excluded.head,
				public_key = CASE WHEN public_key = '' THEN excluded.public_key ELSE public_key END,
				verify_key = CASE WHEN verify_key = '' THEN excluded.verify_key ELSE verify_key END`,
				o.Code, o.Name, string(rj), o.Head, o.Recipient, o.Verify, s.stamp()); err != nil {
				return err
			}
		}
		return nil
	})
}
