package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"carebook/data/exchange"
	"carebook/data/filestore"
	"carebook/internal/lazy"
)

// Checkup is everything a full check finds.
type Checkup struct {
	Database    []string      // integrity, foreign keys, missing tables and indexes
	Files       []FileProblem // document files missing or altered
	Orphans     []Leftover    // files in the documents folder no document points at
	Temporaries []Leftover    // partial copies left by a stopped program
	// Unfinished are files of letter batches stopped before their letters
	// were recorded (see UnfinishedOutputs): not a problem of the database
	// (their donations still wait for a letter), but files not to send.
	Unfinished []UnfinishedOutput
	Verified   int // document files read and found right
	// Plain counts the document files still stored in the clear in a
	// database whose documents are encrypted (a kill while encrypting, a
	// restore): signing in, or check --repair, encrypts them.
	Plain int
	// Busy: another Carebook has the database open, so only leftovers
	// older than StaleAfter count (a younger one may still be in use).
	Busy bool
}

// Leftover is a file a check found that nothing needs.
type Leftover struct {
	Path     string
	Size     int64
	Modified time.Time
}

// Problems counts what the check found wrong.
func (c *Checkup) Problems() int {
	return len(c.Database) + len(c.Files) + len(c.Orphans) + len(c.Temporaries) + c.Plain
}

// StaleAfter is the age at which a leftover counts while another Carebook
// has the database open: no copy or letter batch takes that long.
const StaleAfter = time.Hour

var shaName = lazy.Regexp(`^[0-9a-f]{64}$`)

// isTemporary tells the names of Carebook's temporary files: copies coming
// into the documents folder, files written then renamed, databases being
// made, files kept aside for undo.
func isTemporary(name string) bool {
	if exchange.IsTemporary(name) {
		return true
	}
	for _, p := range []string{".incoming-", ".carebook-", ".sealing-"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// Checkup checks the database (integrity, foreign keys, tables and
// indexes), reads and hashes every document file, and lists the files in
// the documents folder that no document of any Carebook database in this
// folder points at, and temporary files left beside them. progress, if set,
// is called after each document.
func (s *Store) Checkup(ctx context.Context, progress func(done, total int)) (*Checkup, error) {
	c := &Checkup{}
	var err error
	if c.Database, err = s.CheckIntegrity(ctx); err != nil {
		if !isCorrupt(err) {
			return nil, err
		}
		c.Database = append(c.Database, err.Error())
	}
	problems, err := s.VerifyFiles(ctx, progress)
	if err != nil {
		return nil, err
	}
	c.Files = problems
	plain, err := s.plainFiles(ctx)
	if err != nil {
		return nil, err
	}
	bad := map[string]bool{}
	for _, p := range problems {
		bad[p.Document.SHA256] = true
	}
	for _, sha := range plain {
		if !bad[sha] { // a damaged file is listed as such, not as plain
			c.Plain++
		}
	}
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err == nil {
		c.Verified = n - len(problems)
	}
	used, err := s.usedFiles(ctx)
	if err != nil {
		return nil, err
	}
	release, alone := s.alone()
	if alone {
		release()
	}
	c.Busy = !alone
	c.Orphans, c.Temporaries = s.leftovers(used, !alone)
	if alone {
		if c.Unfinished, err = s.UnfinishedOutputs(ctx); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// usedFiles is every file some document row points at, in this database
// and in any other Carebook database in the same folder (they share the
// documents folder).
func (s *Store) usedFiles(ctx context.Context) (map[string]bool, error) {
	used := map[string]bool{}
	collect := func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT DISTINCT sha256 FROM documents")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sha string
			if err := rows.Scan(&sha); err != nil {
				return err
			}
			used[sha] = true
		}
		return rows.Err()
	}
	if err := collect(s.q(ctx)); err != nil {
		return nil, err
	}
	for _, other := range s.neighbours() {
		db, err := sql.Open("sqlite", dsn(other, true))
		if err != nil {
			return nil, err
		}
		err = collect(db)
		db.Close()
		if err != nil {
			return nil, &OpenError{Path: other, Kind: OpenUnreadable, Err: err}
		}
	}
	return used, nil
}

// neighbours are the other Carebook databases in the database's folder.
func (s *Store) neighbours() []string {
	entries, _ := os.ReadDir(filepath.Dir(s.path))
	var out []string
	for _, e := range entries {
		p := filepath.Join(filepath.Dir(s.path), e.Name())
		if e.IsDir() || isTemporary(e.Name()) || samePath(p, s.path) {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		h := make([]byte, 72)
		n, _ := f.Read(h)
		f.Close()
		if n == 72 && string(h[:16]) == sqliteMagic && binary.BigEndian.Uint32(h[68:72]) == applicationID {
			out = append(out, p)
		}
	}
	return out
}

// leftovers walks the documents folder and the database's folder for files
// nothing needs. With young, files younger than StaleAfter are left out.
func (s *Store) leftovers(used map[string]bool, young bool) (orphans, temps []Leftover) {
	cutoff := time.Now().Add(-StaleAfter)
	add := func(list *[]Leftover, p string, fi fs.FileInfo) {
		if young && fi.ModTime().After(cutoff) {
			return
		}
		*list = append(*list, Leftover{Path: p, Size: fi.Size(), Modified: fi.ModTime()})
	}
	filepath.WalkDir(s.FilesDir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		switch name := d.Name(); {
		case isTemporary(name):
			add(&temps, p, fi)
		case !shaName().MatchString(name) || !used[name] || filepath.Base(filepath.Dir(p)) != name[:2]:
			add(&orphans, p, fi)
		}
		return nil
	})
	entries, _ := os.ReadDir(filepath.Dir(s.path))
	for _, e := range entries {
		if !e.IsDir() && isTemporary(e.Name()) {
			if fi, err := e.Info(); err == nil {
				add(&temps, filepath.Join(filepath.Dir(s.path), e.Name()), fi)
			}
		}
	}
	sort.Slice(orphans, func(i, j int) bool { return orphans[i].Path < orphans[j].Path })
	sort.Slice(temps, func(i, j int) bool { return temps[i].Path < temps[j].Path })
	return orphans, temps
}

// Repaired says where check --repair put what it moved.
type Repaired struct {
	Dir   string // the folder in lost+found
	Moved []Leftover
}

// Repair moves the leftovers a checkup found (orphans and temporaries) into
// a new folder in lost+found beside the documents folder, keeping their
// relative paths. It never deletes a file, and never moves a file a
// document points at: each is checked again, under the lock that keeps
// other Carebooks out when they can be kept out.
func (s *Store) Repair(ctx context.Context, c *Checkup) (*Repaired, error) {
	if s.ro != nil {
		return nil, s.ro
	}
	release, alone := s.alone()
	if alone {
		defer release()
	}
	used, err := s.usedFiles(ctx)
	if err != nil {
		return nil, err
	}
	orphans, temps := s.leftovers(used, !alone)
	dest := filepath.Join(s.LostFoundDir(), s.Now().Format("2006-01-02 150405"))
	r := &Repaired{Dir: dest}
	base := filepath.Dir(s.path)
	for _, l := range append(orphans, temps...) {
		rel, err := filepath.Rel(base, l.Path)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		to := filepath.Join(dest, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
			return r, &filestore.Error{Path: dest, Kind: filestore.NotWritable, Err: err}
		}
		if err := os.Rename(l.Path, to); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // gone meanwhile
			}
			return r, &filestore.Error{Path: l.Path, Kind: filestore.NotWritable, Err: err}
		}
		r.Moved = append(r.Moved, l)
	}
	if len(r.Moved) > 0 {
		filestore.SyncDir(dest)
	}
	return r, nil
}

// alone reports whether no other Carebook has the database open, and keeps
// it so until release is called (then this store holds its shared lock
// again).
func (s *Store) alone() (release func(), ok bool) {
	if s.openLock == nil {
		return nil, false
	}
	s.openLock.Unlock()
	got, err := s.openLock.TryLock()
	back := func() {
		s.openLock.Unlock()
		s.openLock.TryRLock()
	}
	if err != nil || !got {
		back()
		return nil, false
	}
	return back, true
}
