// Package backup makes, checks, rotates and restores Carebook's backups: a
// consistent copy of the database and of every document, in a folder (a
// USB stick, another disk) that many backups share, optionally encrypted.
// A backup is only ever kept once it has passed its own check.
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
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"carebook/data"
	"carebook/data/filestore"
)

// Version is written into each manifest (the cli sets it to Carebook's).
var Version = "dev"

// Options say where and how to back up.
type Options struct {
	Dir string // the backup folder
	// ByHand marks a backup a person asked for: it is kept at least
	// KeepByHand, whatever Carebook's own backups do meanwhile.
	ByHand bool
	// Progress, if set, hears how many of the total bytes are done.
	Progress func(done, total int64)
	// Keep says how many backups rotation keeps (zero: DefaultKeep).
	Keep Keep
	Now  time.Time // zero: now
}

// Result says what a backup did.
type Result struct {
	Info
	Copied    int       // document files newly written to the folder
	Problems  []Problem // documents that could not be backed up, by name
	Removed   []string  // older backups rotation removed
	FreedDocs int       // document files no kept backup needs any more, removed
}

// FolderError says the backup folder cannot be used.
type FolderError struct {
	Dir string
	Err error
}

func (e *FolderError) Error() string {
	return fmt.Sprintf("the backup folder %s cannot be used (is the USB stick or disk connected?): %v", e.Dir, e.Err)
}

func (e *FolderError) Unwrap() error { return e.Err }

// folderErr names a failure to write into the backup folder; a full disk
// says so in the words the interface already has.
func folderErr(dir string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return &filestore.Error{Path: dir, Kind: filestore.DiskFull, Err: err}
	}
	return &FolderError{Dir: dir, Err: err}
}

// CheckError says a backup failed its own check; nothing of it was kept.
type CheckError struct{ Problems []string }

func (e *CheckError) Error() string {
	return "the backup did not pass its check and was not kept (the earlier backups are unchanged): " + strings.Join(e.Problems, "; ")
}

// Make backs the store up into o.Dir: the database as a consistent copy,
// the documents it points at (copied only when the folder does not hold
// them yet, every one checked by its SHA-256), all under a temporary name
// renamed only when the copy has passed its check (integrity, foreign keys,
// every table, every document). A document missing or damaged at the
// source does not stop it: it is named in the result and the backup's
// report, and an earlier good copy of it in the folder is kept. Then older
// backups of this database are rotated away. With a key in the store
// (data.Store.BackupKey) everything is encrypted.
func Make(ctx context.Context, s *data.Store, o Options) (*Result, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Keep == (Keep{}) {
		o.Keep = DefaultKeep
	}
	dir, err := filepath.Abs(strings.TrimSpace(o.Dir))
	if err != nil || o.Dir == "" {
		return nil, &FolderError{Dir: o.Dir, Err: errors.New("no folder given")}
	}
	if err := s.CheckBackupDir(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Dir(dir)); err != nil {
		return nil, &FolderError{Dir: dir, Err: err} // never make a folder where a stick should be
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &FolderError{Dir: dir, Err: err}
	}
	unlock, err := lockFolder(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removePartials(dir)
	if err := writeMarker(dir); err != nil {
		return nil, err
	}
	// A key that cannot be read is no key: such a backup is refused, never
	// written in the clear.
	key, err := s.BackupKey(ctx)
	if err != nil {
		return nil, fmt.Errorf("the backup was not made: whether backups are encrypted cannot be read (%w)", err)
	}
	k, err := parseKey(key)
	if err != nil {
		return nil, err
	}
	if k != nil {
		if err := writeKeyFile(ctx, s, dir); err != nil {
			return nil, err
		}
	}
	dbID, err := s.DatabaseID(ctx)
	if err != nil {
		return nil, err
	}
	name := o.Now.Format("2006-01-02_150405") + "_" + short(dbID)
	for n := 2; exists(filepath.Join(dir, name)); n++ {
		name = fmt.Sprintf("%s_%s-%d", o.Now.Format("2006-01-02_150405"), short(dbID), n)
	}
	partial := filepath.Join(dir, partialPrefix+name)
	if err := os.Mkdir(partial, 0o700); err != nil {
		return nil, &FolderError{Dir: dir, Err: err}
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(partial)
		}
	}()
	mark, err := s.ChangeMark(ctx)
	if err != nil {
		return nil, err
	}

	// The database: a consistent copy, checked before anything else. An
	// encrypted backup's plain copy is made in a private temporary folder
	// on this computer, never on the backup disk.
	plain := filepath.Join(partial, dbName)
	if k != nil {
		tmp, err := os.MkdirTemp("", "carebook-backup-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		plain = filepath.Join(tmp, dbName)
	}
	if err := s.Snapshot(ctx, plain); err != nil {
		return nil, err
	}
	facts, err := inspectSound(ctx, plain)
	if err != nil {
		return nil, err
	}
	m := Manifest{Format: format, Carebook: Version, Schema: facts.Schema, DatabaseID: dbID, Created: o.Now.UTC(),
		ChangeMark: mark, Encrypted: k != nil, ByHand: o.ByHand, Counts: facts.Counts}

	// Progress in bytes: the database once, each document once.
	var total, progressed int64
	if fi, err := os.Stat(plain); err == nil {
		total = fi.Size()
	}
	docs := uniqueDocs(facts.Documents)
	for _, d := range docs {
		total += d.Size
	}
	tick := func(n int64) {
		progressed += n
		if o.Progress != nil {
			o.Progress(min(progressed, total), total)
		}
	}
	if m.Database, err = placeDatabase(ctx, plain, partial, k); err != nil {
		return nil, err
	}
	tick(m.Database.Size)

	res := &Result{}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var copied bool
		var problem, sealed string
		if s.Encrypted() {
			copied, sealed, problem, err = placeSealed(ctx, s, dir, d, k)
		} else {
			copied, problem, err = placeDocument(ctx, s, dir, d, k)
		}
		if err != nil {
			return nil, err
		}
		if problem != "" {
			m.Problems = append(m.Problems, Problem{SHA256: d.SHA256, Kind: problem})
			res.Problems = append(res.Problems, Problem{SHA256: d.SHA256, Kind: problem, Case: d.Case, Name: d.FileName})
		} else {
			m.Documents = append(m.Documents, FileSum{SHA256: d.SHA256, Size: d.Size, Sealed: sealed})
			if copied {
				res.Copied++
			}
		}
		tick(d.Size)
	}
	if err := writeReport(partial, res.Problems, k); err != nil {
		return nil, err
	}
	if err := writeManifest(partial, m, k); err != nil {
		return nil, err
	}
	syncDir(partial)
	final := filepath.Join(dir, name)
	if err := os.Rename(partial, final); err != nil {
		return nil, &FolderError{Dir: dir, Err: err}
	}
	done = true
	syncDir(dir)
	res.Info = Info{Path: final, Name: name, Manifest: m}
	if s.ReadOnly() == nil {
		s.RecordBackup(ctx, data.BackupRecord{At: o.Now, Folder: dir, Name: name, ChangeMark: mark,
			Documents: len(m.Documents), Problems: len(m.Problems), Encrypted: k != nil})
	}
	res.Removed, res.FreedDocs = rotate(dir, dbID, o.Keep, o.Now, k)
	return res, nil
}

// inspectSound reads a database file that must pass every check.
func inspectSound(ctx context.Context, path string) (*data.DatabaseFacts, error) {
	facts, err := data.InspectFile(ctx, path)
	if err == nil && len(facts.Problems) > 0 {
		err = &CheckError{Problems: facts.Problems}
	}
	return facts, err
}

func short(id string) string {
	if len(id) >= 8 {
		return id[:8]
	}
	return "carebook"
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// uniqueDocs is each document file once (several rows may share one).
func uniqueDocs(all []data.DocumentFile) []data.DocumentFile {
	seen := map[string]bool{}
	var out []data.DocumentFile
	for _, d := range all {
		if !seen[d.SHA256] {
			seen[d.SHA256] = true
			out = append(out, d)
		}
	}
	return out
}

// lockFolder keeps other Carebooks from backing up into (or rotating) the
// same folder at the same time: they wait.
func lockFolder(ctx context.Context, dir string) (func(), error) {
	l := flock.New(filepath.Join(dir, ".carebook-backup.lock"))
	ok, err := l.TryLockContext(ctx, 200*time.Millisecond)
	if err != nil || !ok {
		if err == nil {
			err = errors.New("another Carebook is backing up into it")
		}
		return nil, &FolderError{Dir: dir, Err: err}
	}
	return func() { l.Close() }, nil
}

// removePartials removes what a stopped backup left (the folder lock says
// nobody is writing them).
func removePartials(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), partialPrefix) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), ".carebook-") {
			os.Remove(p)
		}
		return nil
	})
}

func writeMarker(dir string) error {
	p := filepath.Join(dir, data.BackupMarker)
	if exists(p) {
		return nil
	}
	return filestore.WriteFileAtomic(p, []byte("This folder holds backups of a Carebook database. Restore them with Carebook\n"+
		"(Settings → Backups → Restore, or: carebook restore --from FOLDER --db FILE).\n"+
		"Do not put other files here, and do not change the files in it.\n"))
}

// writeKeyFile puts the sealed key into the folder, so that the backups
// there can be restored on another computer with the passphrase.
func writeKeyFile(ctx context.Context, s *data.Store, dir string) error {
	sealed, err := s.SealedBackupKey(ctx)
	if err != nil {
		return err
	}
	if sealed == "" {
		return errors.New("the backups' key is not sealed with a passphrase: set the passphrase again in Settings")
	}
	p := filepath.Join(dir, KeyFile)
	if b, err := os.ReadFile(p); err == nil && string(b) == sealed {
		return nil
	}
	return filestore.WriteFileAtomic(p, []byte(sealed))
}

// placeDatabase puts the checked copy of the database into the backup (as
// it is, or encrypted), reads it back from the backup disk, and returns the
// sum of its plain content.
func placeDatabase(ctx context.Context, plain, partial string, k *keys) (FileSum, error) {
	sum, size, err := hashFile(plain, nil)
	if err != nil {
		return FileSum{}, err
	}
	dest := filepath.Join(partial, dbName)
	if k != nil {
		dest += encSuffix
		if err := encryptFile(ctx, plain, dest, k); err != nil {
			return FileSum{}, err
		}
	}
	back, _, err := hashFile(dest, k)
	if err != nil || back != sum {
		return FileSum{}, &CheckError{Problems: []string{"the copy of the database on the backup disk does not read back as written"}}
	}
	return FileSum{SHA256: sum, Size: size}, nil
}

// placeDocument makes sure the folder holds a good copy of the document's
// file: one already there is checked by its hash; otherwise the file is
// copied (through a temporary file, checked while copied and read back).
// problem is data.FileMissing or data.FileAltered when the source cannot
// give a good copy and the folder holds none.
func placeDocument(ctx context.Context, s *data.Store, dir string, d data.DocumentFile, k *keys) (copied bool, problem string, err error) {
	dest := blobPath(dir, d.SHA256, k != nil)
	if sum, _, err := hashFile(dest, k); err == nil && sum == d.SHA256 {
		return false, "", nil
	} else if err == nil {
		// A damaged copy from an earlier backup: keep it aside, copy anew.
		os.Rename(dest, dest+".damaged-"+time.Now().Format("20060102150405"))
	}
	src, err := s.OpenBlob(d.SHA256)
	var fe *filestore.Error
	switch {
	case errors.As(err, &fe) && fe.Kind == filestore.Locked:
		return false, "", err // nobody who may read the documents is signed in
	case err != nil:
		return false, filestore.Missing, nil
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return false, "", folderErr(dir, err)
	}
	err = writeThrough(ctx, dest, src, d.SHA256, k.encrypter, func(tmp string) error {
		if back, _, err := hashFile(tmp, k); err != nil || back != d.SHA256 {
			return &CheckError{Problems: []string{"a document does not read back from the backup disk as written"}}
		}
		return nil
	})
	var pe *os.PathError
	switch {
	case err == nil:
		return true, "", nil
	case errors.Is(err, errSumDiffers):
		return false, filestore.Altered, nil
	case errors.As(err, &pe) && pe.Path == s.BlobPath(d.SHA256):
		return false, filestore.Missing, nil // unreadable at the source
	case ctx.Err() != nil:
		return false, "", ctx.Err()
	}
	var ce *CheckError
	if errors.As(err, &ce) {
		return false, "", err
	}
	return false, "", folderErr(dir, err)
}

// placeSealed backs up a document the database keeps encrypted as it is on
// disk, encrypted: the plain bytes never reach the backup disk. A copy
// already in the folder is kept when it decrypts to the document's
// SHA-256; otherwise the file is copied through a temporary file that
// must decrypt to it. sealed is the SHA-256 of the encrypted bytes.
func placeSealed(ctx context.Context, s *data.Store, dir string, d data.DocumentFile, k *keys) (copied bool, sealed, problem string, err error) {
	dest := docPath(dir, FileSum{SHA256: d.SHA256, Sealed: "-"}, false)
	if sum, err := sealedSum(ctx, s, dest, d.SHA256); err == nil {
		return false, sum, "", nil
	} else if locked(err) || ctx.Err() != nil {
		return false, "", "", err
	} else if exists(dest) {
		// Damaged, or encrypted to a key the database no longer has:
		// kept aside, copied anew.
		os.Rename(dest, dest+".damaged-"+time.Now().Format("20060102150405"))
	}
	from := s.BlobPath(d.SHA256)
	if exists(from) && !s.BlobSealed(d.SHA256) {
		// Still in the clear (the documents are being encrypted, or the
		// file was damaged where it says it is encrypted): as before.
		copied, problem, err = placeDocument(ctx, s, dir, d, k)
		return copied, "", problem, err
	}
	if _, err := sealedSum(ctx, s, from, d.SHA256); err != nil {
		switch {
		case locked(err) || ctx.Err() != nil:
			return false, "", "", err
		case errors.Is(err, os.ErrNotExist):
			return false, "", filestore.Missing, nil
		}
		return false, "", filestore.Altered, nil
	}
	in, err := os.Open(from)
	if err != nil {
		return false, "", filestore.Missing, nil
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return false, "", "", folderErr(dir, err)
	}
	err = writeThrough(ctx, dest, in, "", nil, func(tmp string) error {
		sum, err := sealedSum(ctx, s, tmp, d.SHA256)
		if err != nil {
			return &CheckError{Problems: []string{"a document does not read back from the backup disk as written"}}
		}
		sealed = sum
		return nil
	})
	var ce *CheckError
	switch {
	case err == nil:
		return true, sealed, "", nil
	case ctx.Err() != nil:
		return false, "", "", ctx.Err()
	case errors.As(err, &ce):
		return false, "", "", err
	}
	return false, "", "", folderErr(dir, err)
}

// sealedSum checks that the encrypted file at p decrypts to the plain
// SHA-256 sha, and returns the SHA-256 of its encrypted bytes.
func sealedSum(ctx context.Context, s *data.Store, p, sha string) (string, error) {
	raw, _, err := hashFile(p, nil)
	if err != nil {
		return "", err
	}
	r, err := s.OpenSealed(p)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, r}); err != nil {
		return "", err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return "", errSumDiffers
	}
	return raw, nil
}

func locked(err error) bool {
	var fe *filestore.Error
	return errors.As(err, &fe) && fe.Kind == filestore.Locked
}

// errSumDiffers says the bytes copied do not have the SHA-256 they should.
var errSumDiffers = errors.New("the content does not match its SHA-256")

// writeThrough copies r into dest through a temporary file (data.WriteAtomic),
// through wrap (encrypting or decrypting; nil: as is), and renames it only
// when the plain bytes had the SHA-256 sum (unless sum is "") and check
// (if set) accepts the temporary file.
func writeThrough(ctx context.Context, dest string, r io.Reader, sum string, wrap func(io.Writer) (io.WriteCloser, error), check func(tmp string) error) error {
	h := sha256.New()
	return filestore.WriteAtomic(dest, func(f io.Writer) error {
		w := io.WriteCloser(nopCloser{f})
		if wrap != nil {
			var err error
			if w, err = wrap(f); err != nil {
				return err
			}
		}
		if _, err := io.Copy(w, io.TeeReader(ctxReader{ctx, r}, h)); err != nil {
			return err
		}
		return w.Close()
	}, func(tmp string) error {
		if sum != "" && hex.EncodeToString(h.Sum(nil)) != sum {
			return errSumDiffers
		}
		if check != nil {
			return check(tmp)
		}
		return nil
	})
}

// writeReport names the documents that could not be backed up (names are
// personal data: encrypted with the rest when the backup is).
func writeReport(partial string, problems []Problem, k *keys) error {
	var b strings.Builder
	if len(problems) == 0 {
		b.WriteString("Every document was backed up.\n")
	}
	for _, p := range problems {
		what := "missing"
		if p.Kind == filestore.Altered {
			what = "damaged (its content no longer matches)"
		}
		fmt.Fprintf(&b, "case %s\t%s\t%s at the source; not in this backup\t%s\n", p.Case, p.Name, what, p.SHA256)
	}
	p := filepath.Join(partial, reportName)
	if k == nil {
		return filestore.WriteFileAtomic(p, []byte(b.String()))
	}
	var enc strings.Builder
	w, err := k.encrypter(&enc)
	if err != nil {
		return err
	}
	io.WriteString(w, b.String())
	if err := w.Close(); err != nil {
		return err
	}
	return filestore.WriteFileAtomic(p+encSuffix, []byte(enc.String()))
}

// encryptFile writes from, encrypted, to to (through a temporary file).
func encryptFile(ctx context.Context, from, to string, k *keys) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	err = writeThrough(ctx, to, src, "", k.encrypter, nil)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return folderErr(filepath.Dir(to), err)
}

// hashFile is the SHA-256 and size of a file's plain content (decrypted
// with k when k is set).
func hashFile(p string, k *keys) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	r, err := k.decrypter(f)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
