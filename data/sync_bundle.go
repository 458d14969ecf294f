package data

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"filippo.io/age"

	"carebook/data/exchange"
)

// changesFor reads, in one transaction, the rows office o has not yet
// acknowledged and may see, and numbers the bundle that will carry them.
func (s *Store) changesFor(ctx context.Context, o OfficeInfo, kind string) (exchange.Contents, error) {
	var c exchange.Contents
	self, err := s.Office(ctx)
	if err != nil {
		return c, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		known, err := s.known(ctx, tx)
		if err != nil {
			return err
		}
		vis, err := s.visibleTo(ctx, tx, o)
		if err != nil {
			return err
		}
		sent := map[string]bool{}
		if !o.Head {
			rows, err := tx.QueryContext(ctx, "SELECT tbl || ':' || row_key FROM office_sent WHERE office = ?", o.Code)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				sent[k] = true
			}
			rows.Close()
		}
		newCase := map[string]bool{} // cases going to o for the first time
		for _, table := range exchangeOrder {
			rows, err := s.readTravelling(ctx, tx, table, "")
			if err != nil {
				return err
			}
			for i := range rows {
				r := &rows[i]
				if !vis.sees(r) {
					continue
				}
				whole := false
				if !o.Head {
					switch table {
					case "children", "donors":
						if !sent[table+":"+r.Key] {
							whole = true
							if table == "children" {
								newCase[r.Key] = true
							}
							if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO office_sent (office, tbl, row_key) VALUES (?, ?, ?)", o.Code, table, r.Key); err != nil {
								return err
							}
						}
					default:
						if id, _ := r.Values["child_id"].(string); newCase[id] {
							whole = true
						}
					}
				}
				if whole || !knows(o.acked, r) {
					c.Rows = append(c.Rows, *r)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE offices SET sent_seq = sent_seq + 1, last_exchange_at = ? WHERE code = ?", s.stamp(), o.Code); err != nil {
			return err
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, "SELECT sent_seq FROM offices WHERE code = ?", o.Code).Scan(&seq); err != nil {
			return err
		}
		// what this office itself holds now, its own newest change included
		var clock string
		if err := tx.QueryRowContext(ctx, "SELECT clock FROM foundation WHERE id = 1").Scan(&clock); err != nil {
			return err
		}
		known.Add(clock)
		c.Manifest = exchange.Manifest{
			Header:  exchange.Header{Kind: kind, Foundation: self.FoundationID, From: self.Code, To: o.Code, Seq: seq, Schema: SchemaVersion()},
			Created: s.Now().UTC(), Known: known,
		}
		if self.Head {
			all, err := s.Offices(context.WithValue(ctx, txKey{}, tx))
			if err != nil {
				return err
			}
			for _, x := range all {
				c.Manifest.Offices = append(c.Manifest.Offices, exchange.OfficeInfo{Code: x.Code, Name: x.Name, Regions: x.Regions,
					Head: x.Head, Recipient: x.recipient, Verify: x.verify})
			}
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	seen := map[string]bool{}
	for _, r := range c.Rows {
		if r.Table != "documents" {
			continue
		}
		sha, _ := r.Values["sha256"].(string)
		size, _ := r.Values["size"].(int64)
		if sha == "" || seen[sha] {
			continue
		}
		if _, err := os.Stat(s.BlobPath(sha)); err != nil {
			continue // a file lost here (Check lists it): the row goes without it
		}
		seen[sha] = true
		path := s.BlobPath(sha)
		c.Files = append(c.Files, exchange.File{SHA256: sha, Size: size, Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return c, nil
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
}

// ExportBundle writes to path a bundle for office to: every change it may
// see and has not acknowledged, and the document files they need.
func (s *Store) ExportBundle(ctx context.Context, to, path string, progress func(done, total int64)) (ExportSummary, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	if to == self.Code {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: "a bundle goes to another office, not to this one"}
	}
	o, err := s.officeInfo(ctx, to)
	if err != nil {
		return ExportSummary{}, err
	}
	if o.recipient == "" {
		return ExportSummary{}, &ExchangeError{Kind: "unknown_office", Detail: to}
	}
	keys, err := s.keys(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	c, err := s.changesFor(ctx, o, exchange.KindBundle)
	if err != nil {
		return ExportSummary{}, err
	}
	rcpt, err := age.ParseX25519Recipient(o.recipient)
	if err != nil {
		return ExportSummary{}, err
	}
	if err := exchange.Write(path, c, rcpt, keys, progress); err != nil {
		return ExportSummary{}, err
	}
	sum := ExportSummary{To: to, Seq: c.Manifest.Seq, Rows: len(c.Rows), Files: len(c.Files)}
	for _, f := range c.Files {
		sum.FileBytes += f.Size
	}
	return sum, nil
}

var officeCode = regexp.MustCompile(`^[A-Z0-9]{2,6}$`)

// NewOffice is an office the head office invites.
type NewOffice struct {
	Code, Name string
	Regions    []string
}

// MinInvitePassphrase is the shortest passphrase an invitation takes.
const MinInvitePassphrase = 10

// InviteOffice makes an office of the foundation and writes its starter
// bundle to path: settings, templates, rates, the cases of its regions with
// their documents, their donors, and the office's keys, sealed with the
// passphrase the director tells the office by phone.
func (s *Store) InviteOffice(ctx context.Context, no NewOffice, passphrase, path string, progress func(done, total int64)) (ExportSummary, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return ExportSummary{}, err
	}
	if !self.Head {
		return ExportSummary{}, &ExchangeError{Kind: "not_head"}
	}
	no.Code = strings.ToUpper(strings.TrimSpace(no.Code))
	no.Name = strings.TrimSpace(no.Name)
	if !officeCode.MatchString(no.Code) || no.Code == HeadOffice {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: "an office code is 2 to 6 Latin capital letters or digits, not HQ (for example SHY)"}
	}
	if no.Name == "" {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: "the office needs a name"}
	}
	var regions []string
	for _, r := range no.Regions {
		if r = strings.TrimSpace(r); r != "" {
			regions = append(regions, r)
		}
	}
	if len(regions) == 0 {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: "name at least one region the office serves"}
	}
	if len([]rune(strings.TrimSpace(passphrase))) < MinInvitePassphrase {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: fmt.Sprintf("the passphrase must be at least %d characters long", MinInvitePassphrase)}
	}
	if _, err := s.officeInfo(ctx, no.Code); err == nil {
		return ExportSummary{}, &ExchangeError{Kind: "bad_office", Detail: "there is already an office " + no.Code}
	}
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
	c, err := s.changesFor(ctx, o, exchange.KindInvite)
	if err != nil {
		undo()
		return ExportSummary{}, err
	}
	c.Keys = &keys
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
	if err := exchange.Write(path, c, pr, own, progress); err != nil {
		undo()
		return ExportSummary{}, err
	}
	sum := ExportSummary{To: no.Code, Seq: c.Manifest.Seq, Rows: len(c.Rows), Files: len(c.Files)}
	for _, f := range c.Files {
		sum.FileBytes += f.Size
	}
	return sum, nil
}

// JoinOffice creates the database of an invited office at dbPath from its
// invitation.
func JoinOffice(ctx context.Context, bundle, dbPath, passphrase string) (*Store, ExchangePreview, error) {
	if _, err := os.Stat(dbPath); err == nil {
		return nil, ExchangePreview{}, &ExchangeError{Kind: "exists", Detail: dbPath}
	}
	h, err := exchange.ReadHeader(bundle)
	if err != nil {
		return nil, ExchangePreview{}, exchangeErr(err)
	}
	if h.Kind != exchange.KindInvite {
		return nil, ExchangePreview{}, &ExchangeError{Kind: "not_bundle", Err: errors.New("this is a bundle, not an invitation: join with the invitation the head office made")}
	}
	if h.Schema > SchemaVersion() {
		return nil, ExchangePreview{}, &ExchangeError{Kind: "newer"}
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, ExchangePreview{}, &ExchangeError{Kind: "wrong_passphrase", Err: exchange.ErrWrongPassphrase}
	}
	dir := filepath.Dir(dbPath)
	op, err := exchange.Open(bundle, dir, id, func(m exchange.Manifest) (ed25519.PublicKey, error) {
		for _, o := range m.Offices {
			if o.Code == m.From && o.Head {
				return verifyKey(o.Verify)
			}
		}
		return nil, exchange.ErrForged
	}, exchange.DefaultLimits)
	if err != nil {
		return nil, ExchangePreview{}, exchangeErr(err)
	}
	defer op.Close()
	if op.Keys == nil {
		return nil, ExchangePreview{}, &ExchangeError{Kind: "damaged", Err: exchange.ErrDamaged}
	}
	s, err := Open(dbPath)
	if err != nil {
		return nil, ExchangePreview{}, err
	}
	fail := func(err error) (*Store, ExchangePreview, error) {
		s.Close()
		for _, suffix := range []string{"", "-wal", "-shm", ".checked"} {
			os.Remove(dbPath + suffix)
		}
		os.RemoveAll(s.FilesDir())
		return nil, ExchangePreview{}, err
	}
	m := op.Manifest
	var name string
	for _, o := range m.Offices {
		if o.Code == m.To {
			name = o.Name
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// A new database's own rows (default settings and templates) give
		// way to the foundation's.
		for _, t := range exchangeOrder {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM field_versions"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM offices"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE foundation SET foundation_id = ?, office_code = ?, office_name = ?, head = 0, secret_key = ?, signing_key = ?, known = '{}' WHERE id = 1",
			m.Foundation, m.To, name, op.Keys.Identity, op.Keys.Signing)
		return err
	})
	if err != nil {
		return fail(err)
	}
	if err := s.loadClock(ctx); err != nil {
		return fail(err)
	}
	if err := s.saveOffices(ctx, m.Offices); err != nil {
		return fail(err)
	}
	sum, err := s.apply(ctx, op, false, nil)
	if err != nil {
		return fail(err)
	}
	return s, sum, nil
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
