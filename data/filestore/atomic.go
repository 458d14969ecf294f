package filestore

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SafeFileName makes a name every system accepts as a file name: no folders,
// no characters Windows forbids, no control characters, not too long. Letters
// of any script and spaces stay; an empty result becomes fallback.
func SafeFileName(name, fallback string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || unsafeRune(r):
			continue
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('_')
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), " .")
	ext := filepath.Ext(out)
	for utf8.RuneCountInString(out) > 120 {
		r := []rune(strings.TrimSuffix(out, ext))
		out = string(r[:len(r)-1]) + ext
	}
	switch strings.ToUpper(strings.TrimSuffix(out, ext)) {
	case "", "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "LPT1", "LPT2", "LPT3":
		out = fallback + ext
	}
	if out == "" || out == "." || out == ".." {
		out = fallback
	}
	return out
}

// WriteFileAtomic writes b to path through a synced temporary file in the
// same folder, renamed at the end: a failure never leaves half a file under
// the chosen name. The error names the file.
func WriteFileAtomic(path string, b []byte) error {
	err := WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, nil)
	if err != nil {
		return &Error{Path: path, Kind: NotWritableKind(err), Err: err}
	}
	return nil
}

// FileSet writes several files that stand or fall together (a batch of
// letters and its per-donor copies): each goes in through a temporary file,
// and a file it replaces is kept aside until Keep, so that Undo can put
// everything back as it was.
type FileSet struct {
	placed []placedFile
}

type placedFile struct {
	path string
	old  string // the replaced file, kept aside; "" if there was none
}

// Write writes b to path (see WriteFileAtomic), keeping a file already there.
func (fs *FileSet) Write(path string, b []byte) error {
	old := ""
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		old = filepath.Join(filepath.Dir(path), ".carebook-old-"+randomName())
		if err := os.Link(path, old); err != nil {
			if err := CopyFile(path, old); err != nil {
				return &Error{Path: path, Kind: NotWritableKind(err), Err: err}
			}
		}
	}
	if err := WriteFileAtomic(path, b); err != nil {
		if old != "" {
			os.Remove(old)
		}
		return err
	}
	fs.placed = append(fs.placed, placedFile{path, old})
	return nil
}

// Undo removes the files written and puts back those they replaced.
func (fs *FileSet) Undo() {
	for i := len(fs.placed) - 1; i >= 0; i-- {
		p := fs.placed[i]
		if p.old != "" {
			os.Rename(p.old, p.path)
		} else {
			os.Remove(p.path)
		}
	}
	fs.placed = nil
}

// Keep makes the written files final and drops the replaced ones.
func (fs *FileSet) Keep() {
	for _, p := range fs.placed {
		if p.old != "" {
			os.Remove(p.old)
		}
	}
	fs.placed = nil
}

// classifyNotWritable tells a full disk from any other failure to write.
func NotWritableKind(err error) string {
	if classifyWrite(err) == DiskFull {
		return DiskFull
	}
	return NotWritable
}

// WriteAtomic writes path through a temporary file beside it (readable only
// by its owner, named .carebook-…): fill writes the content, the file is
// synced, check (if set) may read the temporary file back, and only then is
// it renamed into place. On any error the temporary file is removed and
// path is as it was; the error is fill's or check's as returned.
func WriteAtomic(path string, fill func(io.Writer) error, check func(tmp string) error) error {
	return WriteAtomicPrefix(path, ".carebook-", fill, check)
}

// WriteAtomicPrefix is WriteAtomic with the temporary file's name starting
// with prefix (a leftover then says what was being written).
func WriteAtomicPrefix(path, prefix string, fill func(io.Writer) error, check func(tmp string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), prefix+"*")
	if err != nil {
		return err
	}
	err = fill(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && check != nil {
		err = check(tmp.Name())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// copyFile copies from to to (through a temporary file beside it),
// making to's folder if needed.
func CopyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	return WriteAtomic(to, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	}, nil)
}

// WriteOpenCopy writes b under name in a private temporary folder (for the
// viewer or the printer) and returns the path; CleanOpenCopies removes it.
func WriteOpenCopy(name string, b []byte) (string, error) {
	dir, err := os.MkdirTemp("", OpenCopyPrefix+"*")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, SafeFileName(name, "document"))
	if err := WriteFileAtomic(path, b); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return path, nil
}

// CleanOpenCopies removes the temporary copies made by OpenCopy that are
// older than age (0 removes them all): children's papers should not linger
// in the temporary folder.
func CleanOpenCopies(age time.Duration) {
	entries, err := os.ReadDir(os.TempDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), OpenCopyPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) >= age {
			os.RemoveAll(filepath.Join(os.TempDir(), e.Name()))
		}
	}
}

// OpenCopyPrefix names the temporary folders that hold copies opened in the
// system's viewer.
const OpenCopyPrefix = "carebook-open-"

// randomName is 16 random hexadecimal digits, for a file kept aside.
func randomName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// unsafeRune reports characters no file name should hold: C0 and C1 controls,
// the bidirectional overrides that disguise an extension, broken UTF-8.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return r == utf8.RuneError
}
