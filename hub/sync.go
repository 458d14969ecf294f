package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"carebook/data"
	"carebook/data/exchange"
)

// SyncResult says what a sync moved.
type SyncResult struct {
	Pushed   int // rows the hub took from this office
	Refused  int // rows the hub did not take (a case moved out of this office's regions)
	Pulled   int // rows this office took from the hub
	Applied  data.ExchangePreview
	Conflict int // conflicts the hub found while taking this office's rows
	Erased   int // documents erased from the hub (emptied from this office's Trash)
}

// Sync pushes this office's changes to the hub and pulls the others'. Each
// half is one transaction on each side: a connection that drops leaves both
// consistent, and the next sync completes (a row pushed twice merges to
// the same).
func Sync(ctx context.Context, s *data.Store, url string) (SyncResult, error) {
	var res SyncResult
	conn, err := connect(ctx, url)
	if err != nil {
		return res, err
	}
	defer conn.Close(context.Background())
	if err := checkSchema(ctx, conn, false); err != nil {
		return res, err
	}
	self, err := s.Office(ctx)
	if err != nil {
		return res, err
	}
	var foundation string
	if err := conn.QueryRow(ctx, "SELECT value FROM hub_meta WHERE key = 'foundation_id'").Scan(&foundation); err != nil {
		return res, err
	}
	if foundation != self.FoundationID {
		return res, ErrOtherFoundation
	}
	var me Office
	if err := conn.QueryRow(ctx, "SELECT code, regions, head FROM offices WHERE role = session_user").Scan(&me.Code, &me.Regions, &me.Head); err != nil {
		return res, fmt.Errorf("this login is no office of the hub (carebook hub add-office): %w", err)
	}
	if me.Code != self.Code {
		return res, fmt.Errorf("this login is the hub's office %s, but this database is office %s", me.Code, self.Code)
	}
	if err := push(ctx, conn, s, me, &res); err != nil {
		return res, err
	}
	if err := pull(ctx, conn, s, &res, true); err != nil {
		return res, err
	}
	return res, nil
}

func push(ctx context.Context, conn *pgx.Conn, s *data.Store, me Office, res *SyncResult) error {
	var known, sent exchange.Knowledge
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var raw []byte
		if err := tx.QueryRow(ctx, "SELECT known FROM hub_knowledge WHERE id = 1 FOR UPDATE").Scan(&raw); err != nil {
			return err
		}
		known = exchange.Knowledge{}
		_ = json.Unmarshal(raw, &known)
		hubKnows := known.Clone()
		w := &writer{ctx: ctx, tx: tx, donors: map[string]bool{}}
		if err := w.stage(); err != nil {
			return err
		}
		// The rows come from the office's database one at a time and are
		// taken in chunks: the hub's rows for a chunk read in one query,
		// the merged rows copied to the staging table, the conflicts sent
		// together. The conflicts come first: versions already in a
		// conflict, at the hub or sent with this push, stay concurrent
		// (exchange.Pairs), for every row after them.
		const chunk = 2000
		var h data.HubSend
		pairs := exchange.Pairs{}
		var part []data.HubChange
		var erase []string // documents erased from the Trash here leave the hub too
		// The conflicts this office sends (they come first): one the hub
		// finds again while merging this push's rows is not written a
		// second time, under a new version, over the office's own row.
		own := map[string]bool{}
		take := func() error {
			if len(part) == 0 {
				return nil
			}
			defer func() { part = part[:0] }()
			have, err := readRows(ctx, tx, part)
			if err != nil {
				return err
			}
			if err := readPairs(ctx, tx, part, pairs); err != nil {
				return err
			}
			for _, c := range part {
				if testHook != nil {
					testHook(res.Pushed)
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				hubRow := have[c.Row.Table+"\x00"+c.Row.Key]
				merged, changed, conflicts := exchange.Merge(hubRow, c.Row, hubKnows, h.Known, data.Guarded, pairs, h.Revival)
				if changed {
					w.write(merged, c.ChildID, c.Region, hubRow != nil, hubRow == nil || sameRow(merged, c.Row))
					w.follow(merged, hubRow, c.Region)
					res.Pushed++
				}
				for _, cf := range conflicts {
					pairs.AddConflict(cf)
					row := data.ConflictRow(cf, c.ChildID, h.Office.Code, h.Revival)
					if own[row.Key] {
						// This office found it first and sends its own row of
						// it (resolved, maybe), stored with the rest at the end.
						continue
					}
					w.queue(`INSERT INTO rows (tbl, row_key, office, version, vals, fields, region, child_id)
						VALUES ('conflicts', $1, $2, $3, $4, '{}', $5, $6) ON CONFLICT DO NOTHING`,
						row.Key, row.Office, row.Version, row.Values, nullable(c.Region), nullable(c.ChildID))
					res.Conflict++
				}
			}
			return w.copy()
		}
		files, err := s.HubPushEach(ctx, func(send data.HubSend) (func(data.HubChange) error, error) {
			h = send
			return func(c data.HubChange) error {
				if !me.Head && c.Region != "" && !slices.Contains(me.Regions, c.Region) {
					res.Refused++ // the hub takes a case out of an office's regions from the head office only
					return nil
				}
				if !me.Head && (c.Row.Table == "settings" || c.Row.Table == "letter_templates") {
					return nil // the head office's own: the hub has them from it
				}
				if c.Row.Table == "conflicts" {
					own[c.Row.Key] = true
				}
				if r := c.Row; r.Table == "conflicts" && r.Values["kind"] == exchange.ConflictField {
					pairs.Add(str(r.Values["tbl"]), str(r.Values["row_key"]), str(r.Values["field"]), str(r.Values["version_a"]), str(r.Values["version_b"]))
				}
				if c.Row.Table == "purges" || c.Row.Table == "documents" {
					erase = append(erase, c.Row.Key)
				}
				part = append(part, c)
				if len(part) == chunk {
					return take()
				}
				return nil
			}, nil
		})
		if err != nil {
			return err
		}
		if err := take(); err != nil {
			return err
		}
		sent = h.Known
		if err := w.store(); err != nil {
			return err
		}
		if err := w.finish(); err != nil {
			return err
		}
		if len(erase) > 0 {
			if err := tx.QueryRow(ctx, "SELECT coalesce(sum(hub_purge(k)), 0) FROM unnest($1::text[]) AS k", erase).Scan(&res.Erased); err != nil {
				return err
			}
		}
		for _, f := range files {
			r, err := f.Open()
			if err != nil {
				continue // a file lost on this computer: the row goes without it
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO files (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", f.SHA256, len(b), b); err != nil {
				return err
			}
		}
		known.Merge(sent)
		if _, err := tx.Exec(ctx, "UPDATE hub_knowledge SET known = $1 WHERE id = 1", known); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE offices SET acked = $1, last_sync_at = now() WHERE role = session_user", sent)
		return err
	})
	if err != nil {
		return fmt.Errorf("sending to the hub (nothing was taken; the next sync sends it again): %w", err)
	}
	return s.HubPushed(ctx, known)
}

// writer gathers the writes of a push: the merged rows are copied (COPY)
// into a temporary table of this session and stored from there by two
// statements (store); conflicts and what follows from the writes are sent
// together as a batch.
type writer struct {
	ctx    context.Context
	tx     pgx.Tx
	batch  pgx.Batch
	staged [][]any
	donors map[string]bool   // donors whose gifts were written: they go to the gifts' offices
	moved  map[string]string // cases moved to another region: their rows go along
}

// The staging table's columns; echo: the hub stores the row exactly as the
// office sent it (so the office need not read it back).
var stagedColumns = []string{"tbl", "row_key", "office", "version", "vals", "fields", "region", "child_id", "existing", "echo"}

// stage makes this session's staging table and its list of echoes empty.
// They outlive the push's transaction, for the pull that follows it on the
// same connection.
func (w *writer) stage() error {
	_, err := w.tx.Exec(w.ctx, `CREATE TEMP TABLE IF NOT EXISTS push_rows (tbl text, row_key text, office text, version text,
			vals jsonb, fields jsonb, region text, child_id text, existing boolean, echo boolean);
		CREATE TEMP TABLE IF NOT EXISTS push_echo (tbl text, row_key text, seq bigint, PRIMARY KEY (tbl, row_key));
		TRUNCATE push_rows, push_echo`)
	return err
}

func (w *writer) queue(sql string, args ...any) { w.batch.Queue(sql, args...) }

func (w *writer) flush() error {
	if w.batch.Len() == 0 {
		return nil
	}
	err := w.tx.SendBatch(w.ctx, &w.batch).Close()
	w.batch = pgx.Batch{}
	return err
}

// write stages a merged row: exists says whether the hub holds it (it is
// updated, else inserted; a row this office may not see stays as the hub
// has it), echo whether it is exactly what the office sent.
func (w *writer) write(r exchange.Row, child, region string, exists, echo bool) {
	fields := r.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	w.staged = append(w.staged, []any{r.Table, r.Key, r.Office, r.Version, r.Values, fields, nullable(region), nullable(child), exists, echo})
}

// copy sends the staged rows and the queued statements.
func (w *writer) copy() error {
	if len(w.staged) > 0 {
		if _, err := w.tx.CopyFrom(w.ctx, pgx.Identifier{"push_rows"}, stagedColumns, pgx.CopyFromRows(w.staged)); err != nil {
			return err
		}
		w.staged = w.staged[:0]
	}
	return w.flush()
}

// store writes the staged rows into the hub's rows: donors after the rest,
// for the gifts that let an office see a donor are then in place (a
// statement does not see its own rows). The rows stored as sent are noted
// with their change number.
func (w *writer) store() error {
	for _, donors := range []string{"<>", "="} {
		w.queue(`WITH up AS (
				UPDATE rows r SET office = p.office, version = p.version, vals = p.vals, fields = p.fields, region = p.region,
					child_id = p.child_id, seq = nextval('change_seq'), written_by = session_user
				FROM push_rows p WHERE p.existing AND p.tbl ` + donors + ` 'donors' AND r.tbl = p.tbl AND r.row_key = p.row_key
				RETURNING r.tbl, r.row_key, r.seq, p.echo)
			INSERT INTO push_echo SELECT tbl, row_key, seq FROM up WHERE echo`)
		w.queue(`WITH ins AS (
				INSERT INTO rows (tbl, row_key, office, version, vals, fields, region, child_id)
				SELECT tbl, row_key, office, version, vals, fields, region, child_id FROM push_rows
				WHERE NOT existing AND tbl ` + donors + ` 'donors' ORDER BY tbl, row_key
				ON CONFLICT DO NOTHING RETURNING tbl, row_key, seq)
			INSERT INTO push_echo SELECT i.tbl, i.row_key, i.seq FROM ins i JOIN push_rows p USING (tbl, row_key) WHERE p.echo`)
	}
	return w.flush()
}

// sameRow reports whether the hub's merged row is the office's own, as
// sent (unsure: no, and the office reads it back).
func sameRow(merged, sent exchange.Row) bool {
	return merged.Table == sent.Table && merged.Key == sent.Key && merged.Office == sent.Office && merged.Version == sent.Version &&
		reflect.DeepEqual(merged.Values, sent.Values) && (len(merged.Fields) == 0 && len(sent.Fields) == 0 || reflect.DeepEqual(merged.Fields, sent.Fields))
}

// follow notes what keeps the hub's visibility right after a write: a case
// that moved to another region takes its rows along (and they go to that
// region's office as new changes); a donor who gave to a case goes to its
// office.
func (w *writer) follow(r exchange.Row, before *exchange.Row, region string) {
	switch r.Table {
	case "children":
		old := ""
		if before != nil {
			old, _ = before.Values["region"].(string)
		}
		if before != nil && old != region {
			if w.moved == nil {
				w.moved = map[string]string{}
			}
			w.moved[r.Key] = region
		}
	case "donations":
		if donor, _ := r.Values["donor_id"].(string); donor != "" {
			w.donors[donor] = true
		}
	}
}

// finish sends what follows from the writes, once they are all in.
func (w *writer) finish() error {
	if err := w.flush(); err != nil {
		return err
	}
	// These change no row's columns: a row this office sent as it is
	// stays noted as its own, under its new change number.
	const echo = ` RETURNING tbl, row_key, seq)
		UPDATE push_echo e SET seq = b.seq FROM bumped b WHERE e.tbl = b.tbl AND e.row_key = b.row_key`
	for child, region := range w.moved {
		w.queue("WITH bumped AS (UPDATE rows SET region = $1, seq = nextval('change_seq'), written_by = session_user WHERE child_id = $2 AND tbl <> 'children'"+echo,
			nullable(region), child)
	}
	if len(w.donors) > 0 {
		ids := make([]string, 0, len(w.donors))
		for id := range w.donors {
			ids = append(ids, id)
		}
		w.queue("WITH bumped AS (UPDATE rows SET seq = nextval('change_seq'), written_by = session_user WHERE tbl = 'donors' AND row_key = ANY($1)"+echo, ids)
	}
	return w.flush()
}

// testHook, when set by a test, is called before each row is pushed.
var testHook func(pushed int)

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// readRows reads, locked, the rows the hub holds for a chunk of changes
// (those this office may see), by table and key.
func readRows(ctx context.Context, tx pgx.Tx, part []data.HubChange) (map[string]*exchange.Row, error) {
	tbls, keys := make([]string, len(part)), make([]string, len(part))
	for i, c := range part {
		tbls[i], keys[i] = c.Row.Table, c.Row.Key
	}
	q, err := tx.Query(ctx, `SELECT r.tbl, r.row_key, r.office, r.version, r.vals, r.fields FROM rows r
		JOIN unnest($1::text[], $2::text[]) AS k(tbl, row_key) ON r.tbl = k.tbl AND r.row_key = k.row_key
		FOR UPDATE OF r`, tbls, keys)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	out := map[string]*exchange.Row{}
	for q.Next() {
		var r exchange.Row
		var vals, fields []byte
		if err := q.Scan(&r.Table, &r.Key, &r.Office, &r.Version, &vals, &fields); err != nil {
			return nil, err
		}
		if err := decode(vals, fields, &r); err != nil {
			return nil, err
		}
		out[r.Table+"\x00"+r.Key] = &r
	}
	return out, q.Err()
}

// readPairs adds the conflicts the hub holds about the rows of a chunk.
func readPairs(ctx context.Context, tx pgx.Tx, part []data.HubChange, pairs exchange.Pairs) error {
	keys := make([]string, len(part))
	for i, c := range part {
		keys[i] = c.Row.Key
	}
	q, err := tx.Query(ctx, `SELECT vals->>'tbl', vals->>'row_key', vals->>'field', vals->>'version_a', vals->>'version_b'
		FROM rows WHERE tbl = 'conflicts' AND vals->>'kind' = 'field' AND vals->>'row_key' = ANY($1)`, keys)
	if err != nil {
		return err
	}
	defer q.Close()
	for q.Next() {
		var t, k, f, a, b *string
		if err := q.Scan(&t, &k, &f, &a, &b); err != nil {
			return err
		}
		if t != nil && k != nil && f != nil && a != nil && b != nil {
			pairs.Add(*t, *k, *f, *a, *b)
		}
	}
	return q.Err()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// decode reads a row's JSON columns, numbers as int64 where they are whole.
func decode(vals, fields []byte, r *exchange.Row) error {
	dec := json.NewDecoder(bytes.NewReader(vals))
	dec.UseNumber()
	if err := dec.Decode(&r.Values); err != nil {
		return err
	}
	for c, v := range r.Values {
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
				r.Values[c] = i
			} else if f, err := n.Float64(); err == nil {
				r.Values[c] = f
			}
		}
	}
	if len(fields) > 0 {
		return json.Unmarshal(fields, &r.Fields)
	}
	return nil
}

// pull takes the hub's changes since the last pull. echo: this session's
// push noted the rows it stored exactly as sent (push_echo); those are
// this office's own and are not read back.
func pull(ctx context.Context, conn *pgx.Conn, s *data.Store, res *SyncResult, echo bool) error {
	since, err := s.HubPulledSeq(ctx)
	if err != nil {
		return err
	}
	last := since
	var applyErr error
	// One read-only transaction: a first look at the rows for what the
	// merge needs before it starts (how many, their tables, the newest
	// versions, the conflicts, the erasures, the document files), then the
	// rows themselves, read as they are merged.
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var raw []byte
		if err := tx.QueryRow(ctx, "SELECT known FROM hub_knowledge WHERE id = 1").Scan(&raw); err != nil {
			return err
		}
		known := exchange.Knowledge{}
		_ = json.Unmarshal(raw, &known)
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(seq), $1) FROM rows WHERE seq > $1", since).Scan(&last); err != nil {
			return err
		}
		where := " FROM rows r WHERE seq > $1"
		if echo {
			where += " AND NOT EXISTS (SELECT 1 FROM push_echo e WHERE e.tbl = r.tbl AND e.row_key = r.row_key AND e.seq = r.seq)"
		}
		order := data.ExchangeOrder()
		ordered := where + " ORDER BY array_position($2::text[], tbl), seq"
		hr := data.HubRows{Newest: exchange.Knowledge{}}
		shas := map[string]int64{}
		q, err := tx.Query(ctx, "SELECT tbl, row_key, version, fields, CASE WHEN tbl = 'documents' THEN vals->>'sha256' END, "+
			"CASE WHEN tbl = 'documents' THEN vals->>'size' END"+ordered, since, order)
		if err != nil {
			return err
		}
		defer q.Close()
		for q.Next() {
			var tbl, key, version string
			var fields []byte
			var sha, size *string
			if err := q.Scan(&tbl, &key, &version, &fields, &sha, &size); err != nil {
				return err
			}
			hr.Count++
			hr.Newest.Add(version)
			var fv map[string]string
			if len(fields) > 0 && json.Unmarshal(fields, &fv) == nil {
				for _, v := range fv {
					hr.Newest.Add(v)
				}
			}
			if n := len(hr.Tables); n == 0 || hr.Tables[n-1] != tbl {
				hr.Tables = append(hr.Tables, tbl)
			}
			if tbl == "documents" {
				hr.DocumentKeys = append(hr.DocumentKeys, key)
				if sha != nil && *sha != "" {
					var n int64
					if size != nil {
						n, _ = strconv.ParseInt(*size, 10, 64)
					}
					shas[*sha] = n
				}
			}
		}
		if err := q.Err(); err != nil {
			return err
		}
		q.Close()
		res.Pulled = hr.Count
		read := func(query string, args []any, fn func(*exchange.Row) error) error {
			q, err := tx.Query(ctx, query, args...)
			if err != nil {
				return err
			}
			defer q.Close()
			for q.Next() {
				var r exchange.Row
				var vals, fields []byte
				if err := q.Scan(&r.Table, &r.Key, &r.Office, &r.Version, &vals, &fields); err != nil {
					return err
				}
				if err := decode(vals, fields, &r); err != nil {
					return err
				}
				if err := fn(&r); err != nil {
					return err
				}
			}
			return q.Err()
		}
		const columns = "SELECT tbl, row_key, office, version, vals, fields"
		err = read(columns+where+" AND tbl IN ('conflicts', 'purges') ORDER BY seq", []any{since}, func(r *exchange.Row) error {
			if r.Table == "conflicts" {
				hr.Conflicts = append(hr.Conflicts, *r)
			} else {
				hr.Purges = append(hr.Purges, *r)
			}
			return nil
		})
		if err != nil {
			return err
		}
		// only the files the hub holds (a row may have come without its file)
		var want []string
		for sha := range shas {
			want = append(want, sha)
		}
		held, err := tx.Query(ctx, "SELECT sha256 FROM files WHERE sha256 = ANY($1)", want)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for held.Next() {
			var sha string
			if err := held.Scan(&sha); err != nil {
				held.Close()
				return err
			}
			have[sha] = true
		}
		held.Close()
		if err := held.Err(); err != nil {
			return err
		}
		for sha := range shas {
			if !have[sha] {
				delete(shas, sha)
			}
		}
		hr.Each = func(fn func(*exchange.Row) error) error {
			return read(columns+ordered, []any{since, order}, fn)
		}
		files := &hubFiles{ctx: ctx, conn: conn, sizes: shas}
		res.Applied, applyErr = s.ApplyFromHub(ctx, hr, known, last, files)
		return applyErr
	})
	if applyErr != nil {
		return applyErr
	}
	if err != nil {
		return fmt.Errorf("reading from the hub (nothing was taken): %w", err)
	}
	_, err = conn.Exec(ctx, "UPDATE offices SET pulled = $1, last_sync_at = now() WHERE role = session_user", last)
	return err
}

// hubFiles reads document files from the hub as the merge needs them.
type hubFiles struct {
	ctx   context.Context
	conn  *pgx.Conn
	sizes map[string]int64
}

func (h *hubFiles) Files() []string {
	var out []string
	for sha := range h.sizes {
		out = append(out, sha)
	}
	return out
}

func (h *hubFiles) FileSize(sha string) (int64, bool) { n, ok := h.sizes[sha]; return n, ok }

func (h *hubFiles) OpenFile(sha string) (io.ReadCloser, error) {
	var b []byte
	if err := h.conn.QueryRow(h.ctx, "SELECT content FROM files WHERE sha256 = $1", sha).Scan(&b); err != nil {
		return nil, fmt.Errorf("document file %s from the hub: %w", sha, err)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// Snapshot copies everything the hub holds (as the login at url may see it)
// into a new database at path, for reports on the whole foundation. The
// caller closes the store and removes the file.
func Snapshot(ctx context.Context, url, path string) (*data.Store, error) {
	conn, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	if err := checkSchema(ctx, conn, true); err != nil {
		return nil, err
	}
	var foundation string
	if err := conn.QueryRow(ctx, "SELECT value FROM hub_meta WHERE key = 'foundation_id'").Scan(&foundation); err != nil {
		return nil, err
	}
	s, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	if err := s.BecomeHubView(ctx, foundation); err != nil {
		s.Close()
		return nil, err
	}
	var res SyncResult
	if err := pull(ctx, conn, s, &res, false); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
