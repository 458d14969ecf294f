package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
)

// The bytes of documents live beside the database in files/ab/abcdef…, named
// by their SHA-256: identical files are stored once, and a file that changed
// on disk is found by comparing its hash with the name.

// BlobPath is where the file with the given SHA-256 lives.
func (s *Store) BlobPath(sha string) string {
	if len(sha) < 2 {
		return filepath.Join(s.FilesDir(), "invalid")
	}
	return filepath.Join(s.FilesDir(), sha[:2], sha)
}

// PutFile streams r into the content-addressed folder and returns its SHA-256
// and size. It never holds the whole file in memory. The bytes go to a
// temporary file that is synced and then renamed, so the folder never holds a
// half-written file under a real name; on any error the temporary file is removed.
// limit > 0 refuses files larger than limit bytes (ErrTooLarge).
func (s *Store) PutFile(r io.Reader, limit int64) (sha string, size int64, err error) {
	dir := s.FilesDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", 0, err
	}
	tmp, err := os.CreateTemp(dir, ".incoming-*")
	if err != nil {
		return "", 0, err
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := r
	if limit > 0 {
		src = io.LimitReader(r, limit+1)
	}
	size, err = io.Copy(io.MultiWriter(tmp, h), src)
	if err != nil {
		return "", 0, err
	}
	if limit > 0 && size > limit {
		return "", 0, &TooLargeError{Limit: limit}
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, err
	}
	if err := tmp.Close(); err != nil {
		return "", 0, err
	}
	sha = hex.EncodeToString(h.Sum(nil))
	dest := s.BlobPath(sha)
	if fi, err := os.Stat(dest); err == nil && fi.Size() == size {
		os.Remove(tmp.Name()) // already stored: keep one copy
		tmp = nil
		return sha, size, nil
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", 0, err
	}
	tmp = nil
	syncDir(filepath.Dir(dest))
	return sha, size, nil
}

// syncDir makes a rename durable where the system supports it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// TooLargeError refuses a file over the size limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is larger than the limit of %d MB", e.Limit/(1<<20))
}

// ErrTooLarge matches any *TooLargeError with errors.Is.
var ErrTooLarge = errors.New("file too large")

// Is lets errors.Is(err, ErrTooLarge) match.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// AttachFile stores the bytes of r and records doc for them. doc's FileName,
// Kind and Title must be set; its SHA256, Size and (if empty) MediaType are
// filled in. If the row cannot be written, the stored bytes stay only if
// another document already uses them.
func (s *Store) AttachFile(ctx context.Context, doc *Document, r io.Reader, limit int64) error {
	// Validate the metadata first, so a bad title does not cost a copy.
	probeDoc := *doc
	probeDoc.SHA256 = strings.Repeat("0", 64)
	probeDoc.prepare()
	if err := probeDoc.validate(s.today()); err != nil {
		return err
	}
	sha, size, err := s.PutFile(r, limit)
	if err != nil {
		return err
	}
	doc.SHA256, doc.Size = sha, size
	if doc.MediaType == "" {
		doc.MediaType = MediaTypeOf(doc.FileName)
	}
	if err := s.Documents.Create(ctx, doc); err != nil {
		s.removeIfUnused(ctx, sha)
		return err
	}
	return nil
}

// removeIfUnused deletes a stored file that no document row (live or in the
// Trash) refers to.
func (s *Store) removeIfUnused(ctx context.Context, sha string) {
	var n int
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE sha256=?", sha).Scan(&n); err == nil && n == 0 {
		os.Remove(s.BlobPath(sha))
	}
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
	return os.Open(s.BlobPath(doc.SHA256))
}
