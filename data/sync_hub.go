package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"carebook/data/exchange"
	"carebook/data/hlc"
)

// The store's side of syncing with the head office's hub (package hub): what
// this office has for the hub, and merging what the hub holds. The hub is
// a peer named HubCode that sees everything this office has.

// HubCode is how an office's database names the hub among its peers.
const HubCode = "HUB"

// HubChange is a row going to the hub, with the case it belongs to (for
// the hub's row-level security).
type HubChange struct {
	Row     exchange.Row
	ChildID string
	Region  string
}

// HubPush is what this office has that the hub has not acknowledged.
type HubPush struct {
	Office  Office
	Changes []HubChange
	Known   exchange.Knowledge // what this office holds
	Revival string             // a new version of this office, for rows a merge brings back
	Files   []exchange.File
}

// Guarded says which fields are never overwritten silently (for the hub's
// merge, the same as a bundle's).
func Guarded(table, field string) bool { return isGuarded(table, field) }

func (s *Store) hubPeer(ctx context.Context) (OfficeInfo, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO offices (code, name, head, created_at) VALUES (?, 'hub', 1, ?)
			ON CONFLICT (code) DO NOTHING`, HubCode, s.stamp())
		return err
	})
	if err != nil {
		return OfficeInfo{}, err
	}
	return s.officeInfo(ctx, HubCode)
}

// HubSend is what the rows going to the hub need before the first of them.
type HubSend struct {
	Office  Office
	Known   exchange.Knowledge // what this office holds
	Revival string             // a new version of this office, for rows a merge brings back
}

// hubTables is the order rows go to the hub in: the review queue's first,
// so that the hub knows every conflict sent before it merges any row
// (exchange.Pairs).
var hubTables = append([]string{"conflicts"}, slices.DeleteFunc(slices.Clone(exchangeOrder), func(t string) bool { return t == "conflicts" })...)

// HubPushEach gives the rows the hub has not acknowledged, read from one
// snapshot of the database, one at a time to the function start returns
// (start is told first what they need), the review queue's rows first: a
// whole foundation's first sync is never all in memory, and nobody waits
// for it to write. It returns the document files the rows need.
func (s *Store) HubPushEach(ctx context.Context, start func(HubSend) (func(HubChange) error, error)) ([]exchange.File, error) {
	self, err := s.Office(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.hubPeer(ctx)
	if err != nil {
		return nil, err
	}
	send := HubSend{Office: self}
	if s.clock != nil {
		send.Revival = s.clock.Tick().String()
	}
	c, err := s.changesFor(ctx, o, exchange.KindBundle, hubTables, func(m exchange.Manifest, q querier) (func(*exchange.Row) error, error) {
		send.Known = m.Known
		each, err := start(send)
		if err != nil {
			return nil, err
		}
		regions := map[string]string{}
		return func(r *exchange.Row) error {
			child := childOf(ctx, q, r)
			switch r.Table {
			case "conflicts":
				child, _ = r.Values["child_id"].(string)
			case "audit_log":
				child = "" // of no region: the hub shows it to its own office and the head office alone
			}
			region, ok := regions[child]
			if !ok && child != "" {
				var reg sql.NullString
				_ = q.QueryRowContext(ctx, "SELECT region FROM children WHERE id = ?", child).Scan(&reg)
				region, regions[child] = reg.String, reg.String
			}
			return each(HubChange{Row: *r, ChildID: child, Region: region})
		}, nil
	})
	return c.Files, err
}

// HubPush gathers the rows the hub has not acknowledged, with their files,
// in memory (HubPushEach does not).
func (s *Store) HubPush(ctx context.Context) (HubPush, error) {
	var p HubPush
	files, err := s.HubPushEach(ctx, func(h HubSend) (func(HubChange) error, error) {
		p.Office, p.Known, p.Revival = h.Office, h.Known, h.Revival
		return func(c HubChange) error { p.Changes = append(p.Changes, c); return nil }, nil
	})
	p.Files = files
	return p, err
}

// HubPushed records that the hub now holds known.
func (s *Store) HubPushed(ctx context.Context, known exchange.Knowledge) error {
	o, err := s.hubPeer(ctx)
	if err != nil {
		return err
	}
	acked := o.acked.Clone()
	acked.Merge(known)
	b, _ := json.Marshal(acked)
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE offices SET acked = ?, last_exchange_at = ? WHERE code = ?", string(b), s.stamp(), HubCode)
		return err
	})
}

// HubPulledSeq is the last change of the hub this database has taken.
func (s *Store) HubPulledSeq(ctx context.Context) (int64, error) {
	o, err := s.hubPeer(ctx)
	return o.Received, err
}

// HubRows are the rows taken from the hub, read as they are merged (a
// whole foundation is never in memory), with what the merge needs to know
// of them before it starts.
type HubRows struct {
	Count        int
	Newest       exchange.Knowledge // the newest version of each office among them (their fields' too)
	Tables       []string           // their tables, in the order they come, once per run
	Conflicts    []exchange.Row     // the review queue's rows among them
	Purges       []exchange.Row     // the erasures among them
	DocumentKeys []string
	// Each gives the rows, table by table in the order of ExchangeOrder.
	Each func(fn func(*exchange.Row) error) error
}

// ExchangeOrder is the order of the tables in which rows travel and are
// merged.
func ExchangeOrder() []string { return slices.Clone(exchangeOrder) }

// ApplyFromHub merges the rows taken from the hub (changes up to seq, the
// hub holding known), as a bundle's: in one transaction, conflicts to the
// review queue.
func (s *Store) ApplyFromHub(ctx context.Context, rows HubRows, known exchange.Knowledge, seq int64, files FileSource) (ExchangePreview, error) {
	o, err := s.hubPeer(ctx)
	if err != nil {
		return ExchangePreview{}, err
	}
	seq = max(seq, o.Received)
	m := exchange.Manifest{Header: exchange.Header{Kind: exchange.KindBundle, From: HubCode, Seq: seq}, Known: known}
	src := rowSource{count: rows.Count, newest: rows.Newest, tables: rows.Tables, conflicts: rows.Conflicts, purges: rows.Purges,
		documentKeys: rows.DocumentKeys, each: rows.Each}
	return s.apply(ctx, m, src, files, false, nil)
}

// ConflictRow is a conflict as the conflicts table holds it, for the hub
// (the same values every office writes for it).
func ConflictRow(c exchange.Conflict, childID, office, version string) exchange.Row {
	enc := func(v any) any {
		if v == nil {
			return nil
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	at := ""
	if v, err := hlc.Parse(c.At); err == nil && !v.IsZero() {
		at = Stamp(timeOfMillis(v.Wall)).UTC().Format(stampLayout)
	}
	var child any
	if childID != "" {
		child = childID
	}
	return exchange.Row{Table: "conflicts", Key: c.ID, Office: office, Version: version, Values: map[string]any{
		"id": c.ID, "created_at": at, "updated_at": at, "deleted_at": nil, "kind": c.Kind, "tbl": c.Table, "row_key": c.Key,
		"field": c.Field, "child_id": child, "value_a": enc(c.A.Value), "office_a": c.A.Office, "version_a": c.A.Version,
		"value_b": enc(c.B.Value), "office_b": c.B.Office, "version_b": c.B.Version, "resolved_at": nil, "resolution": nil,
	}}
}

// HubURL is this office's address of the hub ("" when it has none).
func (s *Store) HubURL(ctx context.Context) (string, error) {
	var u string
	err := s.q(ctx).QueryRowContext(ctx, "SELECT hub_url FROM foundation WHERE id = 1").Scan(&u)
	return u, err
}

// SetHubURL keeps this office's address of the hub ("" forgets it).
func (s *Store) SetHubURL(ctx context.Context, url string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE foundation SET hub_url = ? WHERE id = 1", strings.TrimSpace(url))
		return err
	})
}

// BecomeHubView makes this new, empty database a read-only view of a
// foundation's hub (for the directors' reports on the whole foundation):
// its own default rows give way to the hub's, which ApplyFromHub then
// brings.
func (s *Store) BecomeHubView(ctx context.Context, foundationID string) error {
	err := s.InTx(ctx, func(ctx context.Context) error {
		tx := ctx.Value(txKey{}).(*sql.Tx)
		for _, t := range replaceable() {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE foundation SET foundation_id = ?, office_code = 'VIEW', office_name = 'hub', head = 1, known = '{}' WHERE id = 1", foundationID)
		return err
	})
	if err != nil {
		return err
	}
	return s.loadClock(ctx)
}
