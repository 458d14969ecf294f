package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// The bytes of documents live beside the database in files/ab/abcdef…, named
// by their SHA-256: identical files are stored once, and a file that changed
// on disk is found by comparing its hash with its name.

// blobFS is the file system the document store writes through. Tests replace
// it to fake a full disk or a failing write.
type blobFS interface {
	MkdirAll(path string, perm os.FileMode) error
	CreateTemp(dir, pattern string) (blobFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	Stat(name string) (os.FileInfo, error)
}

type blobFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

type osFS struct{}

func (osFS) MkdirAll(p string, m os.FileMode) error { return os.MkdirAll(p, m) }
func (osFS) CreateTemp(dir, pattern string) (blobFile, error) {
	return os.CreateTemp(dir, pattern)
}
func (osFS) Rename(a, b string) error           { return os.Rename(a, b) }
func (osFS) Remove(n string) error              { return os.Remove(n) }
func (osFS) Stat(n string) (os.FileInfo, error) { return os.Stat(n) }

// DefaultMaxFileMB is the size limit of one document unless Settings say otherwise.
const DefaultMaxFileMB = 200

// FileError says why a file could not be stored, read or checked. Kind is a
// stable word the interface translates.
type FileError struct {
	Path  string
	Kind  string // see the File… constants
	Limit int64  // bytes, for FileTooLarge
	Err   error
}

// Kinds of FileError.
const (
	FileIsFolder    = "folder"
	FileUnreadable  = "unreadable"
	FileTooLarge    = "too_large"
	FileVanished    = "vanished" // the source stopped being readable mid-copy
	FileDiskFull    = "disk_full"
	FileWrite       = "write" // the store could not write
	FileMissing     = "missing"
	FileAltered     = "altered"
	FileEmpty       = "empty"
	FileNotWritable = "not_writable" // a folder or file that cannot be written (Path is shown whole)
)

func (e *FileError) Error() string {
	name := filepath.Base(e.Path)
	switch e.Kind {
	case FileIsFolder:
		return fmt.Sprintf("%s is a folder, not a file", name)
	case FileUnreadable:
		return fmt.Sprintf("%s cannot be read: %v", name, e.Err)
	case FileTooLarge:
		return fmt.Sprintf("%s is larger than the limit of %d MB", name, e.Limit>>20)
	case FileVanished:
		return fmt.Sprintf("%s could not be read to the end (was it moved, removed or on a disconnected drive?)", name)
	case FileDiskFull:
		return fmt.Sprintf("the disk is full: %s was not stored", name)
	case FileMissing:
		return fmt.Sprintf("%s is missing from the files folder", name)
	case FileAltered:
		return fmt.Sprintf("%s was changed on disk: its content no longer matches", name)
	case FileEmpty:
		return fmt.Sprintf("%s is empty", name)
	case FileNotWritable:
		return fmt.Sprintf("cannot write into %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s could not be stored: %v", name, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// ErrTooLarge matches a FileError of kind too_large with errors.Is.
var ErrTooLarge = errors.New("file too large")

// Is lets errors.Is(err, ErrTooLarge) match.
func (e *FileError) Is(target error) bool { return target == ErrTooLarge && e.Kind == FileTooLarge }

// BlobPath is where the file with the given SHA-256 lives.
func (s *Store) BlobPath(sha string) string {
	if len(sha) < 2 {
		return filepath.Join(s.FilesDir(), "invalid")
	}
	return filepath.Join(s.FilesDir(), sha[:2], sha)
}

// readErr and writeErr tell the two sides of a copy apart.
type readErr struct{ error }
type writeErr struct{ error }

type taggedReader struct{ r io.Reader }

func (t taggedReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		err = readErr{err}
	}
	return n, err
}

type taggedWriter struct {
	w io.Writer
	h hash.Hash
}

func (t taggedWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if err != nil {
		return n, writeErr{err}
	}
	t.h.Write(p[:n])
	return n, nil
}

// PutFile streams r into the content-addressed folder and returns its SHA-256
// and size. It never holds the whole file in memory: the bytes are hashed as
// they pass into a temporary file, which is synced and then renamed, so the
// folder never holds a half-written file under a real name. On any error the
// temporary file is removed. limit > 0 refuses more than limit bytes. name is
// the file's name, for messages.
func (s *Store) PutFile(r io.Reader, limit int64, name string) (sha string, size int64, err error) {
	if s.ro != nil {
		return "", 0, s.ro
	}
	fsys := s.files()
	dir := s.FilesDir()
	fail := func(kind string, err error) (string, int64, error) {
		return "", 0, &FileError{Path: name, Kind: kind, Limit: limit, Err: err}
	}
	if err := fsys.MkdirAll(dir, 0o700); err != nil {
		return fail(FileWrite, err)
	}
	tmp, err := fsys.CreateTemp(dir, ".incoming-*")
	if err != nil {
		return fail(classifyWrite(err), err)
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			fsys.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := io.Reader(taggedReader{r})
	if limit > 0 {
		src = io.LimitReader(src, limit+1)
	}
	buf := make([]byte, 256<<10)
	size, err = io.CopyBuffer(taggedWriter{tmp, h}, src, buf)
	var re readErr
	var we writeErr
	switch {
	case errors.As(err, &re):
		return fail(FileVanished, re.error)
	case errors.As(err, &we):
		return fail(classifyWrite(we.error), we.error)
	case err != nil:
		return fail(FileWrite, err)
	}
	if limit > 0 && size > limit {
		return fail(FileTooLarge, nil)
	}
	if err := tmp.Sync(); err != nil {
		return fail(classifyWrite(err), err)
	}
	if err := tmp.Close(); err != nil {
		return fail(classifyWrite(err), err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	dest := s.BlobPath(sha)
	if fi, err := fsys.Stat(dest); err == nil && fi.Size() == size {
		fsys.Remove(tmp.Name()) // already stored: keep one copy
		tmp = nil
		return sha, size, nil
	}
	if err := fsys.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return fail(classifyWrite(err), err)
	}
	if err := fsys.Rename(tmp.Name(), dest); err != nil {
		return fail(classifyWrite(err), err)
	}
	tmp = nil
	syncDir(filepath.Dir(dest))
	return sha, size, nil
}

func classifyWrite(err error) string {
	if errors.Is(err, syscall.ENOSPC) {
		return FileDiskFull
	}
	return FileWrite
}

func (s *Store) files() blobFS {
	if s.fs != nil {
		return s.fs
	}
	return osFS{}
}

// syncDir makes a rename durable where the system supports it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// AttachFile stores the bytes of r and records doc for them, in that order:
// the database never points at bytes that are not there. doc's Kind, Title
// and FileName must be set; SHA256, Size and (if empty) MediaType are filled
// in. If the row cannot be written, bytes no other document uses are removed.
func (s *Store) AttachFile(ctx context.Context, doc *Document, r io.Reader, limit int64) error {
	// Check the details first, so a missing title does not cost a copy.
	probe := *doc
	probe.SHA256 = strings.Repeat("0", 64)
	probe.prepare()
	if err := probe.validate(s.today()); err != nil {
		return err
	}
	sha, size, err := s.PutFile(r, limit, doc.FileName)
	if err != nil {
		return err
	}
	doc.SHA256, doc.Size = sha, size
	crashPoint("file-stored")
	if doc.MediaType == "" {
		doc.MediaType = MediaTypeOf(doc.FileName)
	}
	if err := s.Documents.Create(ctx, doc); err != nil {
		s.removeIfUnused(ctx, sha)
		return err
	}
	return nil
}

// AttachPath attaches the file at path. A folder, an unreadable file, an
// empty one and one over the size limit (Settings; 200 MB by default) are
// refused with a *FileError before anything is copied. doc.FileName defaults
// to the file's own name and doc.Title to that name without its extension.
func (s *Store) AttachPath(ctx context.Context, doc *Document, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &FileError{Path: path, Kind: FileUnreadable, Err: err}
	}
	if fi.IsDir() {
		return &FileError{Path: path, Kind: FileIsFolder}
	}
	limit, err := s.MaxFileBytes(ctx)
	if err != nil {
		return err
	}
	if fi.Size() > limit {
		return &FileError{Path: path, Kind: FileTooLarge, Limit: limit}
	}
	if fi.Size() == 0 {
		return &FileError{Path: path, Kind: FileEmpty}
	}
	f, err := os.Open(path)
	if err != nil {
		return &FileError{Path: path, Kind: FileUnreadable, Err: err}
	}
	defer f.Close()
	if doc.FileName == "" {
		doc.FileName = filepath.Base(path)
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(doc.FileName, filepath.Ext(doc.FileName))
	}
	if doc.Kind == "" {
		doc.Kind = GuessKind(doc.FileName)
	}
	err = s.AttachFile(ctx, doc, f, limit)
	var fe *FileError
	if errors.As(err, &fe) {
		fe.Path = path
	}
	return err
}

// MaxFileBytes is the size limit of one document.
func (s *Store) MaxFileBytes(ctx context.Context) (int64, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return 0, err
	}
	mb := st.MaxFileMB
	if mb <= 0 {
		mb = DefaultMaxFileMB
	}
	return int64(mb) << 20, nil
}

// removeIfUnused deletes a stored file that no document row (live or in the
// Trash) refers to.
func (s *Store) removeIfUnused(ctx context.Context, sha string) {
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE sha256=?", sha).Scan(&n); err == nil && n == 0 {
		s.files().Remove(s.BlobPath(sha))
	}
}

// GuessKind guesses a document's kind from its file name: photos by
// extension, other kinds by words in the name (in English, Russian and Kazakh).
func GuessKind(name string) DocumentKind {
	low := Fold(name)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".heic", ".webp", ".gif", ".bmp":
		if !containsAny(low, "скан", "scan", "паспорт", "passport", "свидетельство", "куәлік") {
			return DocPhoto
		}
	}
	for _, g := range []struct {
		kind  DocumentKind
		words []string
	}{
		{DocConsentForm, []string{"соглас", "келісім", "consent", "rozilik"}},
		{DocIdentity, []string{"паспорт", "passport", "свидетельство", "куәлік", "certificate", "удостоверение", "birth"}},
		{DocDischargeSummary, []string{"выписк", "эпикриз", "discharge", "шығару"}},
		{DocQuote, []string{"смет", "quote", "kostenvoranschlag", "estimate", "offer", "коммерческое"}},
		{DocInvoice, []string{"счет", "счёт", "invoice", "rechnung", "шот"}},
		{DocTestResult, []string{"анализ", "test", "hla", "мрт", "mri", "кт ", "узи", "result", "талдау"}},
		{DocMedicalConclusion, []string{"заключ", "conclusion", "қорытынды", "консилиум", "report"}},
		{DocLetter, []string{"письм", "letter", "хат"}},
	} {
		if containsAny(low, g.words...) {
			return g.kind
		}
	}
	return DocOther
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, Fold(w)) {
			return true
		}
	}
	return false
}

// MediaTypeOf guesses a media type from a file name.
func MediaTypeOf(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".pdf":
		return "application/pdf"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// OpenFile opens a document's stored bytes for reading.
func (s *Store) OpenFile(doc *Document) (*os.File, error) {
	f, err := os.Open(s.BlobPath(doc.SHA256))
	if errors.Is(err, os.ErrNotExist) {
		return nil, &FileError{Path: doc.FileName, Kind: FileMissing, Err: err}
	}
	return f, err
}

// PurgeTrashedDocuments empties the Trash of documents: their rows go, links
// to them are cleared, and each file leaves the disk once no other document
// row uses it. Each erasure is recorded (table purges) and travels to the
// other offices, which erase the document too unless they hold a later
// change of it. It returns how many documents and files were removed.
func (s *Store) PurgeTrashedDocuments(ctx context.Context) (docs, files int, err error) {
	var shas []string
	err = s.tx(ctx, func(tx *sql.Tx) error {
		ids, err := queryStrings(ctx, tx, "SELECT id FROM documents WHERE deleted_at IS NOT NULL")
		if err != nil {
			return err
		}
		shas, err = s.purgeDocuments(ctx, tx, ids, true)
		docs = len(ids)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	return docs, s.removeUnusedFiles(ctx, shas), nil
}

// purgeDocuments erases documents in tx: their rows, their links to
// journey events, and the references to them. record: also write the
// erasure that travels (an erasure that arrived is already written). It
// returns the documents' files, for removeUnusedFiles once tx is committed.
func (s *Store) purgeDocuments(ctx context.Context, tx *sql.Tx, ids []string, record bool) ([]string, error) {
	var shas []string
	for _, id := range ids {
		var sha, version string
		var child sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT sha256, child_id, version FROM documents WHERE id=?", id).Scan(&sha, &child, &version); err != nil {
			return nil, err
		}
		shas = append(shas, sha)
		for _, q := range []string{
			"DELETE FROM journey_event_documents WHERE document_id=?",
			"UPDATE consents SET document_id=NULL WHERE document_id=?",
			"UPDATE children SET photo_id=NULL WHERE photo_id=?",
			"UPDATE letters SET document_id=NULL WHERE document_id=?",
			"DELETE FROM documents WHERE id=?",
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return nil, err
			}
		}
		if record {
			now := s.stamp()
			if _, err := tx.ExecContext(ctx, `INSERT INTO purges (id, created_at, updated_at, tbl, child_id, doc_version) VALUES (?, ?, ?, 'documents', ?, ?)
				ON CONFLICT (id) DO NOTHING`, id, now, now, child, version); err != nil {
				return nil, err
			}
		}
		if err := s.audit(ctx, tx, "purge", "document", id, ""); err != nil {
			return nil, err
		}
	}
	return shas, nil
}

// removeUnusedFiles removes from the disk the files of shas that no
// document row uses any more, and returns how many it removed.
func (s *Store) removeUnusedFiles(ctx context.Context, shas []string) (files int) {
	seen := map[string]bool{}
	for _, sha := range shas {
		if seen[sha] {
			continue
		}
		seen[sha] = true
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE sha256=?", sha).Scan(&n); err == nil && n == 0 {
			if s.files().Remove(s.BlobPath(sha)) == nil {
				files++
			}
		}
	}
	return files
}

// FileProblem is a document whose stored file is missing or altered.
type FileProblem struct {
	Document Document
	Err      *FileError
}

// VerifyFiles reads every stored file of every document (live or in the
// Trash) and compares its size and SHA-256 with the database. progress, if
// set, is called after each document.
func (s *Store) VerifyFiles(ctx context.Context, progress func(done, total int)) ([]FileProblem, error) {
	docs, err := s.Documents.list(ctx, "", "created_at, id")
	if err != nil {
		return nil, err
	}
	var problems []FileProblem
	for i, d := range docs {
		if err := s.verifyOne(&d); err != nil {
			problems = append(problems, FileProblem{Document: d, Err: err})
		}
		if progress != nil {
			progress(i+1, len(docs))
		}
	}
	return problems, nil
}

func (s *Store) verifyOne(d *Document) *FileError {
	path := s.BlobPath(d.SHA256)
	f, err := os.Open(path)
	if err != nil {
		return &FileError{Path: path, Kind: FileMissing, Err: err}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return &FileError{Path: path, Kind: FileUnreadable, Err: err}
	}
	if n != d.Size || hex.EncodeToString(h.Sum(nil)) != d.SHA256 {
		return &FileError{Path: path, Kind: FileAltered}
	}
	return nil
}
