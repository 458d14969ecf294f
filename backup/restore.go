package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"carebook/data"
	"carebook/data/filestore"
)

// RestoreOptions say how to open and restore a backup.
type RestoreOptions struct {
	// Key is the backups' key, as the store that made them keeps it; or
	// Passphrase opens the sealed key in the backup folder.
	Key        string
	Passphrase string
	// Unseal opens the documents' key of the backup's database copy (at
	// dbFile), for a backup whose documents are kept encrypted: with the
	// password of one of its people or its recovery key
	// (data.DocumentsKeyOf), or the key of the database signed in, when
	// it is the same (data.Store.DocumentsKeyFor). Such a backup is not
	// restored without it.
	Unseal func(ctx context.Context, dbFile string) (age.Identity, error)
	// Progress, if set, hears how many of the total bytes are done.
	Progress func(done, total int64)
	Now      time.Time // zero: now
}

// Restored says what a restore did.
type Restored struct {
	Info
	Aside     string    // where the database it replaced was kept ("" : there was none)
	Copied    int       // document files copied into the documents folder
	NotBackup []Problem // documents the backup could not hold (missing at the source when it was made)
}

// OpensWith says whether key opens the backup (an unencrypted one needs none).
func OpensWith(info *Info, key string) bool {
	if !info.Encrypted {
		return true
	}
	k, err := parseKey(key)
	if err != nil || k == nil {
		return false
	}
	f, err := os.Open(filepath.Join(info.Path, dbName+encSuffix))
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = k.decrypter(f) // reads the header only
	return err == nil
}

// keysFor finds the key an encrypted backup in dir needs.
func keysFor(dir string, info *Info, o RestoreOptions) (*keys, error) {
	if !info.Encrypted {
		return nil, nil
	}
	if OpensWith(info, o.Key) {
		return parseKey(o.Key)
	}
	if o.Passphrase == "" {
		return nil, ErrNeedPassphrase
	}
	sealed, err := os.ReadFile(filepath.Join(dir, KeyFile))
	if err != nil {
		return nil, fmt.Errorf("%s is missing from %s: the backups there cannot be opened", KeyFile, dir)
	}
	key, err := Unseal(string(sealed), o.Passphrase)
	if err != nil {
		return nil, err
	}
	return parseKey(key)
}

// Verify checks a backup without restoring anything: its database copy
// reads back with the sum the manifest gives and passes the integrity and
// foreign-key checks with every table, and every document file it holds
// is there with the right SHA-256. It returns what is wrong.
func Verify(ctx context.Context, path string, o RestoreOptions) (*Info, []string, error) {
	info, err := Find(path)
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Dir(info.Path)
	k, err := keysFor(dir, info, o)
	if err != nil {
		return info, nil, err
	}
	if err := info.unlock(k); err != nil {
		var ce *CheckError
		if errors.As(err, &ce) {
			return info, ce.Problems, nil
		}
		return info, nil, err
	}
	tmp, err := os.MkdirTemp("", "carebook-verify-*")
	if err != nil {
		return info, nil, err
	}
	defer os.RemoveAll(tmp)
	var problems []string
	db := filepath.Join(tmp, dbName)
	if err := unpackDatabase(ctx, info, k, db); err != nil {
		var ce *CheckError
		if errors.As(err, &ce) {
			return info, ce.Problems, nil
		}
		return info, nil, err
	}
	facts, err := data.InspectFile(ctx, db)
	if err != nil {
		return info, nil, err
	}
	problems = append(problems, facts.Problems...)
	info.Problems = notHeld(info, facts)
	for _, d := range info.Documents {
		if err := ctx.Err(); err != nil {
			return info, nil, err
		}
		want, key := d.SHA256, k
		if d.Sealed != "" {
			want, key = d.Sealed, nil // compared as encrypted: no key needed
		}
		if sum, _, err := hashFile(docPath(dir, d, k != nil), key); err != nil {
			problems = append(problems, "document file "+d.SHA256+" is missing from the backup folder")
		} else if sum != want {
			problems = append(problems, "document file "+d.SHA256+" is damaged in the backup folder")
		}
	}
	return info, problems, nil
}

// notHeld lists, by case and name, the documents of the backup's database
// whose files the backup does not hold (missing or damaged on the computer
// when it was made): a restore brings them back without their files.
func notHeld(info *Info, facts *data.DatabaseFacts) []Problem {
	held, kind := map[string]bool{}, map[string]string{}
	for _, d := range info.Documents {
		held[d.SHA256] = true
	}
	for _, p := range info.Problems {
		kind[p.SHA256] = p.Kind
	}
	var out []Problem
	for _, d := range uniqueDocs(facts.Documents) {
		if held[d.SHA256] {
			continue
		}
		k := kind[d.SHA256]
		if k == "" {
			k = filestore.Missing
		}
		out = append(out, Problem{SHA256: d.SHA256, Kind: k, Case: d.Case, Name: d.FileName})
	}
	return out
}

// unpackDatabase writes the backup's database, decrypted, to dest and
// checks it against the manifest's sum.
func unpackDatabase(ctx context.Context, info *Info, k *keys, dest string) error {
	src := filepath.Join(info.Path, dbName)
	if k != nil {
		src += encSuffix
	}
	in, err := os.Open(src)
	if err != nil {
		return &CheckError{Problems: []string{"the backup's database file is missing"}}
	}
	defer in.Close()
	r, err := k.decrypter(in)
	if err != nil {
		return &CheckError{Problems: []string{"the backup's database file cannot be decrypted: " + err.Error()}}
	}
	out, err := os.OpenFile(dest, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, ctxReader{ctx, r})
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &CheckError{Problems: []string{"the backup's database file cannot be read: " + err.Error()}}
	}
	if sum, _, err := hashFile(dest, nil); err != nil || sum != info.Database.SHA256 {
		return &CheckError{Problems: []string{"the backup's database file is damaged (its SHA-256 does not match)"}}
	}
	return nil
}

// AsideFolder is the folder, beside the database, where a restore keeps
// the database it replaced (in a folder named by the time of the restore).
const AsideFolder = "before-restore"

// Restore puts the backup at from in place of the database at dbPath. It
// checks the backup first (the database copy and every document file),
// copies the documents the documents folder lacks (a damaged one there is
// moved to lost+found), then keeps the current database aside under a new
// name (never deleting it) and puts the restored one in its place. No
// other Carebook may have the database open meanwhile. On any failure the
// current database is as it was.
func Restore(ctx context.Context, from, dbPath string, o RestoreOptions) (*Restored, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	info, err := Find(from)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(info.Path)
	k, err := keysFor(dir, info, o)
	if err != nil {
		return nil, err
	}
	if err := info.unlock(k); err != nil {
		return nil, err
	}
	dbPath, err = filepath.Abs(dbPath)
	if err != nil {
		return nil, err
	}
	dbDir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, &filestore.Error{Path: dbDir, Kind: filestore.NotWritable, Err: err}
	}
	release, err := data.LockExclusive(dbPath)
	if err != nil {
		return nil, err
	}
	defer release()

	var total, done int64
	total = info.Database.Size
	for _, d := range info.Documents {
		total += d.Size
	}
	tick := func(n int64) {
		done += n
		if o.Progress != nil {
			o.Progress(min(done, total), total)
		}
	}
	f, err := os.CreateTemp(dbDir, ".carebook-restore-*.db")
	if err != nil {
		return nil, &filestore.Error{Path: dbDir, Kind: filestore.NotWritable, Err: err}
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp)
	defer os.Remove(tmp)
	if err := unpackDatabase(ctx, info, k, tmp); err != nil {
		return nil, err
	}
	facts, err := inspectSound(ctx, tmp)
	if err != nil {
		return nil, err
	}
	tick(info.Database.Size)

	res := &Restored{Info: *info}
	held := map[string]FileSum{}
	var sealed []FileSum
	for _, d := range info.Documents {
		held[d.SHA256] = d
		if d.Sealed != "" {
			sealed = append(sealed, d)
		}
	}
	if len(sealed) > 0 {
		if err := canOpen(ctx, dir, tmp, sealed, o); err != nil {
			return nil, err
		}
	}
	filesDir := filepath.Join(dbDir, "files")
	var added []string
	undo := func() {
		for _, p := range added {
			os.Remove(p)
		}
	}
	for _, d := range uniqueDocs(facts.Documents) {
		fs, ok := held[d.SHA256]
		if !ok {
			res.NotBackup = append(res.NotBackup, Problem{SHA256: d.SHA256, Case: d.Case, Name: d.FileName, Kind: filestore.Missing})
			continue
		}
		if err := ctx.Err(); err != nil {
			undo()
			return nil, err
		}
		dest := filepath.Join(filesDir, d.SHA256[:2], d.SHA256)
		// A file the database keeps encrypted comes back as it was on disk,
		// compared by its encrypted bytes; a plain one is decrypted from an
		// encrypted backup and compared by its own.
		want, key := d.SHA256, k
		if fs.Sealed != "" {
			want, key = fs.Sealed, nil
		} else if (filestore.Dir{Path: filesDir}).Sealed(d.SHA256) {
			tick(d.Size) // encrypted in place: its key is the database's, checked at sign-in
			continue
		}
		if sum, _, err := hashFile(dest, nil); err == nil && sum == want {
			tick(d.Size)
			continue
		} else if err == nil {
			if err := keepLost(dbDir, dest, d.SHA256, o.Now); err != nil {
				undo()
				return nil, err
			}
		}
		if err := copyBlob(ctx, docPath(dir, fs, k != nil), dest, want, key); err != nil {
			undo()
			return nil, err
		}
		added = append(added, dest)
		res.Copied++
		tick(d.Size)
	}

	// The switch: the current database (and its log) aside, the restored
	// one in its place, checked whole when it is next opened.
	data.ForgetCheck(dbPath)
	if _, err := os.Stat(dbPath); err == nil {
		// Kept in a folder of its own beside the database, where neither
		// check nor anything else takes it for a file of the restored one.
		aside := filepath.Join(dbDir, AsideFolder, o.Now.Format("2006-01-02_150405"))
		for n := 2; exists(aside); n++ {
			aside = filepath.Join(dbDir, AsideFolder, fmt.Sprintf("%s-%d", o.Now.Format("2006-01-02_150405"), n))
		}
		if err := os.MkdirAll(aside, 0o700); err != nil {
			undo()
			return nil, &filestore.Error{Path: aside, Kind: filestore.NotWritable, Err: err}
		}
		res.Aside = filepath.Join(aside, filepath.Base(dbPath))
		for _, suf := range []string{"", "-wal", "-shm"} {
			if _, err := os.Stat(dbPath + suf); err == nil {
				if err := os.Rename(dbPath+suf, res.Aside+suf); err != nil {
					putBack(dbPath, res.Aside)
					undo()
					return nil, &filestore.Error{Path: dbPath, Kind: filestore.NotWritable, Err: err}
				}
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		if res.Aside != "" {
			putBack(dbPath, res.Aside)
		}
		undo()
		return nil, &filestore.Error{Path: dbPath, Kind: filestore.NotWritable, Err: err}
	}
	syncDir(dbDir)
	return res, nil
}

// UnsealAs opens a backup's encrypted documents with the password of one
// of the people of the backed-up database (name), or with name "" its
// recovery key (for RestoreOptions.Unseal).
func UnsealAs(name, secret string) func(context.Context, string) (age.Identity, error) {
	return func(ctx context.Context, db string) (age.Identity, error) {
		return data.DocumentsKeyOf(ctx, db, name, secret)
	}
}

// UnsealFor opens a backup's encrypted documents with the key of s, the
// database signed in, when the backup is of it; else with the demo's open
// key (for RestoreOptions.Unseal).
func UnsealFor(s *data.Store) func(context.Context, string) (age.Identity, error) {
	return func(ctx context.Context, db string) (age.Identity, error) {
		if k, err := s.DocumentsKeyFor(ctx, db); err == nil {
			return k, nil
		}
		return data.DocumentsKeyOf(ctx, db, "", "")
	}
}

// keepLost moves a damaged document file out of the way, into lost+found.
func keepLost(dbDir, dest, sha string, now time.Time) error {
	lost := filepath.Join(dbDir, "lost+found", now.Format("2006-01-02 150405"), "files", sha[:2], sha)
	os.MkdirAll(filepath.Dir(lost), 0o700)
	if err := os.Rename(dest, lost); err != nil {
		return &filestore.Error{Path: dest, Kind: filestore.NotWritable, Err: err}
	}
	return nil
}

// canOpen refuses to restore a backup whose documents are kept encrypted
// unless o.Unseal opens the key of its database copy (at db), and that key
// opens its documents: each one of them decrypts to its SHA-256.
func canOpen(ctx context.Context, dir, db string, sealed []FileSum, o RestoreOptions) error {
	unseal := o.Unseal
	if unseal == nil {
		unseal = func(ctx context.Context, db string) (age.Identity, error) {
			return data.DocumentsKeyOf(ctx, db, "", "") // the demo's is open
		}
	}
	id, err := unseal(ctx, db)
	if err != nil {
		return err
	}
	if id == nil {
		return &CheckError{Problems: []string{"the backup's documents are encrypted but its database has no documents' key"}}
	}
	for _, d := range sealed {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.Open(docPath(dir, d, false))
		if err != nil {
			return &CheckError{Problems: []string{"document file " + d.SHA256 + " is missing from the backup folder"}}
		}
		r, err := age.Decrypt(f, id)
		if err != nil {
			f.Close()
			if _, ok := errors.AsType[*age.NoIdentityMatchError](err); ok {
				return data.ErrNoDocumentsKey
			}
			return &CheckError{Problems: []string{"document file " + d.SHA256 + " cannot be decrypted"}}
		}
		h := sha256.New()
		_, err = io.Copy(h, ctxReader{ctx, r})
		f.Close()
		if err != nil || hex.EncodeToString(h.Sum(nil)) != d.SHA256 {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &CheckError{Problems: []string{"document file " + d.SHA256 + " is damaged in the backup folder"}}
		}
	}
	return nil
}

// putBack returns a database set aside to its place.
func putBack(dbPath, aside string) {
	for _, suf := range []string{"", "-wal", "-shm"} {
		if _, err := os.Stat(aside + suf); err == nil {
			os.Rename(aside+suf, dbPath+suf)
		}
	}
}

// copyBlob copies a document file out of the backup folder (decrypting it)
// through a temporary file, checking its SHA-256 on the way.
func copyBlob(ctx context.Context, from, to, sha string, k *keys) error {
	in, err := os.Open(from)
	if err != nil {
		return &CheckError{Problems: []string{"document file " + sha + " is missing from the backup folder"}}
	}
	defer in.Close()
	r, err := k.decrypter(in)
	if err != nil {
		return &CheckError{Problems: []string{"document file " + sha + " cannot be decrypted"}}
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return &filestore.Error{Path: to, Kind: filestore.NotWritable, Err: err}
	}
	err = writeThrough(ctx, to, r, sha, nil, nil)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errSumDiffers):
		return &CheckError{Problems: []string{"document file " + sha + " is damaged in the backup folder"}}
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return &filestore.Error{Path: to, Kind: filestore.NotWritable, Err: err}
}

// Remember notes, in the restored database, the backup it was restored
// from: that backup holds exactly what the database now holds.
func Remember(ctx context.Context, s *data.Store, r *Restored) error {
	return s.RecordBackup(ctx, data.BackupRecord{At: r.Created, Folder: filepath.Dir(r.Path), Name: r.Name,
		ChangeMark: r.ChangeMark, Documents: len(r.Documents), Problems: len(r.Problems), Encrypted: r.Encrypted})
}
