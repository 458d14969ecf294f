// Package filestore keeps the bytes of documents on disk, named by their
// SHA-256 (files/ab/abcdef…), and writes every file Carebook makes through a
// synced temporary file renamed into place, so a failure never leaves half a
// file under a real name. It also makes names every system accepts and says
// how much room a disk has.
package filestore

import (
	"crypto/sha256"
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

	"filippo.io/age"
)

// Identical files are stored once, and a file that changed on disk is found
// by comparing its hash with its name.

// Dir is the folder of documents' bytes. FS is the file system it writes
// through; nil is the real one, and tests set it to fake a full disk or a
// failing write.
//
// Seal, when set, encrypts every file put from now on (age, to the
// database's own key); Key, when set, decrypts them as they are read. A
// folder holds sealed and plain files side by side while SealInPlace works
// through the plain ones; a sealed file without Key reads as Locked.
type Dir struct {
	Path string
	FS   FS
	Seal age.Recipient
	Key  age.Identity
	// BeforeRename, when set (the crash tests), is called with a sealed
	// copy written and checked, just before it replaces the plain file.
	BeforeRename func()
}

// ageMagic begins every file age encrypted.
const ageMagic = "age-encryption.org/v1\n"

// Reader is a stored file opened for reading: plain bytes, whether the
// file on disk is sealed or not.
type Reader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// sealedReader reads a sealed file's plain bytes.
type sealedReader struct {
	*io.SectionReader
	f *os.File
}

func (r sealedReader) Close() error { return r.f.Close() }

// isSealed says whether f (at its start) is an age file; it leaves f at
// its start.
func isSealed(f *os.File) bool {
	head := make([]byte, len(ageMagic))
	n, _ := io.ReadFull(f, head)
	f.Seek(0, io.SeekStart)
	return n == len(head) && string(head) == ageMagic
}

// Exists says whether the file with the given SHA-256 is stored.
func (d Dir) Exists(sha string) bool {
	_, err := os.Stat(d.BlobPath(sha))
	return err == nil
}

// Sealed says whether the stored file with the given SHA-256 is encrypted.
func (d Dir) Sealed(sha string) bool {
	f, err := os.Open(d.BlobPath(sha))
	if err != nil {
		return false
	}
	defer f.Close()
	return isSealed(f)
}

func (d Dir) fs() FS {
	if d.FS != nil {
		return d.FS
	}
	return OS{}
}

// BlobPath is where the file with the given SHA-256 lives.
func (d Dir) BlobPath(sha string) string {
	if len(sha) < 2 {
		return filepath.Join(d.Path, "invalid")
	}
	return filepath.Join(d.Path, sha[:2], sha)
}

// Remove removes the file with the given SHA-256.
func (d Dir) Remove(sha string) error { return d.fs().Remove(d.BlobPath(sha)) }

// Open opens the file with the given SHA-256 for reading, decrypting it
// when it is sealed; name, the document's own file name, is what errors
// name.
func (d Dir) Open(sha, name string) (Reader, error) {
	f, err := os.Open(d.BlobPath(sha))
	if errors.Is(err, os.ErrNotExist) {
		return nil, &Error{Path: name, Kind: Missing, Err: err}
	}
	if err != nil {
		return nil, err
	}
	if !isSealed(f) {
		return f, nil
	}
	if d.Key == nil {
		f.Close()
		return nil, &Error{Path: name, Kind: Locked}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	ra, n, err := age.DecryptReaderAt(f, fi.Size(), d.Key)
	if err != nil {
		f.Close()
		return nil, &Error{Path: name, Kind: Altered, Err: err}
	}
	return sealedReader{io.NewSectionReader(ra, 0, n), f}, nil
}

// SealInPlace encrypts a plain stored file: the sealed copy is written
// beside it, synced, read back and checked against the SHA-256, and only
// then renamed over the plain one. Killed at any moment, the folder holds
// the plain file or the sealed one under the name, never half of either
// (a leftover .sealing- file is a temporary the next check removes). It
// reports whether it sealed anything.
func (d Dir) SealInPlace(sha string) (bool, error) {
	if d.Seal == nil || d.Key == nil {
		return false, errors.New("no key to seal with")
	}
	path := d.BlobPath(sha)
	src, err := os.Open(path)
	if err != nil {
		return false, &Error{Path: path, Kind: Missing, Err: err}
	}
	if isSealed(src) {
		src.Close()
		return false, nil
	}
	h := sha256.New()
	err = WriteAtomicPrefix(path, ".sealing-", func(w io.Writer) error {
		// The plain file is closed before the sealed one is renamed over
		// it: Windows refuses to replace a file that is open.
		defer src.Close()
		enc, err := age.Encrypt(w, d.Seal)
		if err != nil {
			return err
		}
		if _, err := io.Copy(enc, io.TeeReader(src, h)); err != nil {
			return err
		}
		return enc.Close()
	}, func(tmp string) error {
		if hex.EncodeToString(h.Sum(nil)) != sha {
			return &Error{Path: path, Kind: Altered}
		}
		f, err := os.Open(tmp)
		if err != nil {
			return err
		}
		defer f.Close()
		fi, _ := f.Stat()
		ra, n, err := age.DecryptReaderAt(f, fi.Size(), d.Key)
		if err != nil {
			return err
		}
		h2 := sha256.New()
		if _, err := io.Copy(h2, io.NewSectionReader(ra, 0, n)); err != nil {
			return err
		}
		if hex.EncodeToString(h2.Sum(nil)) != sha {
			return &Error{Path: path, Kind: Altered}
		}
		if d.BeforeRename != nil {
			d.BeforeRename()
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return true, nil
}

// Verify reads the file with the given SHA-256 (decrypting it when it is
// sealed) and compares its size and hash with what the database recorded.
// A sealed file that cannot be decrypted here (no Key) is Locked.
func (d Dir) Verify(sha string, size int64) *Error {
	path := d.BlobPath(sha)
	f, err := d.Open(sha, path)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			fe.Path = path
			return fe
		}
		return &Error{Path: path, Kind: Unreadable, Err: err}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return &Error{Path: path, Kind: Unreadable, Err: err}
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sha {
		return &Error{Path: path, Kind: Altered}
	}
	return nil
}

// blobFS is the file system the document store writes through. Tests replace
// it to fake a full disk or a failing write.
type FS interface {
	MkdirAll(path string, perm os.FileMode) error
	CreateTemp(dir, pattern string) (File, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	Stat(name string) (os.FileInfo, error)
}

type File interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

type OS struct{}

func (OS) MkdirAll(p string, m os.FileMode) error { return os.MkdirAll(p, m) }

func (OS) CreateTemp(dir, pattern string) (File, error) {
	return os.CreateTemp(dir, pattern)
}

func (OS) Rename(a, b string) error { return os.Rename(a, b) }

func (OS) Remove(n string) error { return os.Remove(n) }

func (OS) Stat(n string) (os.FileInfo, error) { return os.Stat(n) }

// Error says why a file could not be stored, read or checked. Kind is a
// stable word the interface translates.
type Error struct {
	Path  string
	Kind  string // one of the kinds below
	Limit int64  // bytes, for TooLarge
	Err   error
}

// Kinds of Error.
const (
	IsFolder    = "folder"       // a folder was given where a file was wanted
	Unreadable  = "unreadable"   // the file cannot be opened or read
	TooLarge    = "too_large"    // the file is over the size limit (Limit)
	Vanished    = "vanished"     // the source stopped being readable mid-copy
	DiskFull    = "disk_full"    // the disk had no room; nothing was stored
	WriteFailed = "write"        // the store could not write, for another reason
	Missing     = "missing"      // a stored file is not in the files folder
	Altered     = "altered"      // a stored file no longer matches its hash
	Empty       = "empty"        // the file has no bytes
	NotWritable = "not_writable" // a folder or file that cannot be written (Path is shown whole)
	Locked      = "locked"       // the file is encrypted and nobody who may read it is signed in
)

func (e *Error) Error() string {
	name := filepath.Base(e.Path)
	switch e.Kind {
	case IsFolder:
		return fmt.Sprintf("%s is a folder, not a file", name)
	case Unreadable:
		return fmt.Sprintf("%s cannot be read: %v", name, e.Err)
	case TooLarge:
		return fmt.Sprintf("%s is larger than the limit of %d MB", name, e.Limit>>20)
	case Vanished:
		return fmt.Sprintf("%s could not be read to the end (was it moved, removed or on a disconnected drive?)", name)
	case DiskFull:
		return fmt.Sprintf("the disk is full: %s was not stored", name)
	case Missing:
		return fmt.Sprintf("%s is missing from the files folder", name)
	case Altered:
		return fmt.Sprintf("%s was changed on disk: its content no longer matches", name)
	case Empty:
		return fmt.Sprintf("%s is empty", name)
	case Locked:
		return fmt.Sprintf("%s is encrypted: sign in to read it", name)
	case NotWritable:
		return fmt.Sprintf("cannot write into %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s could not be stored: %v", name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrTooLarge matches an Error of kind too_large with errors.Is.
var ErrTooLarge = errors.New("file too large")

// Is lets errors.Is(err, ErrTooLarge) match.
func (e *Error) Is(target error) bool { return target == ErrTooLarge && e.Kind == TooLarge }

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

func classifyWrite(err error) string {
	if errors.Is(err, syscall.ENOSPC) {
		return DiskFull
	}
	return WriteFailed
}

// syncDir makes a rename durable where the system supports it.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
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
	case ".tif", ".tiff": // a scanner's
		return "image/tiff"
	case ".heic", ".heif": // a phone's
		return "image/heic"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	case ".bmp":
		return "image/bmp"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Put streams r into the folder and returns its SHA-256
// and size. It never holds the whole file in memory: the bytes are hashed as
// they pass into a temporary file, which is synced and then renamed, so the
// folder never holds a half-written file under a real name. On any error the
// temporary file is removed. limit > 0 refuses more than limit bytes. name is
// the file's name, for messages.
func (d Dir) Put(r io.Reader, limit int64, name string) (sha string, size int64, err error) {
	fsys := d.fs()
	dir := d.Path
	fail := func(kind string, err error) (string, int64, error) {
		return "", 0, &Error{Path: name, Kind: kind, Limit: limit, Err: err}
	}
	if err := fsys.MkdirAll(dir, 0o700); err != nil {
		return fail(WriteFailed, err)
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
	var sink io.Writer = tmp
	var enc io.WriteCloser
	if d.Seal != nil {
		if enc, err = age.Encrypt(tmp, d.Seal); err != nil {
			return fail(WriteFailed, err)
		}
		sink = enc
	}
	size, err = io.CopyBuffer(taggedWriter{sink, h}, src, buf)
	if err == nil && enc != nil {
		if cerr := enc.Close(); cerr != nil {
			err = writeErr{cerr}
		}
	}
	var re readErr
	var we writeErr
	switch {
	case errors.As(err, &re):
		return fail(Vanished, re.error)
	case errors.As(err, &we):
		return fail(classifyWrite(we.error), we.error)
	case err != nil:
		return fail(WriteFailed, err)
	}
	if limit > 0 && size > limit {
		return fail(TooLarge, nil)
	}
	if err := tmp.Sync(); err != nil {
		return fail(classifyWrite(err), err)
	}
	if err := tmp.Close(); err != nil {
		return fail(classifyWrite(err), err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	dest := d.BlobPath(sha)
	if fi, err := fsys.Stat(dest); err == nil && (fi.Size() == size || d.Seal != nil && fi.Size() > size) {
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
	SyncDir(filepath.Dir(dest))
	return sha, size, nil
}
