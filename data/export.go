package data

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// openCopyPrefix names the temporary folders that hold copies opened in the
// system's viewer.
const openCopyPrefix = "carebook-open-"

// SafeFileName makes a name every system accepts as a file name: no folders,
// no characters Windows forbids, no control characters, not too long. Letters
// of any script and spaces stay; an empty result becomes fallback.
func SafeFileName(name, fallback string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || isControl(r):
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

// OpenCopy copies a document to a temporary folder under its original name
// and extension, so the system's viewer recognises it, and returns the path.
// The copies are removed by CleanOpenCopies.
func (s *Store) OpenCopy(doc *Document) (string, error) {
	dir, err := os.MkdirTemp("", openCopyPrefix+"*")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, SafeFileName(doc.FileName, "document"))
	if err := s.SaveCopy(doc, path); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return path, nil
}

// WriteOpenCopy writes b under name in a private temporary folder (for the
// viewer or the printer) and returns the path; CleanOpenCopies removes it.
func WriteOpenCopy(name string, b []byte) (string, error) {
	dir, err := os.MkdirTemp("", openCopyPrefix+"*")
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

// SaveCopy writes a document's bytes to dest (through a temporary file, so a
// failure never leaves half a file under the chosen name). dest must not be
// one of the files Carebook keeps (see CheckOutputs).
func (s *Store) SaveCopy(doc *Document, dest string) error {
	if err := s.CheckOutputs(context.Background(), Output{Path: dest}); err != nil {
		return err
	}
	src, err := s.OpenFile(doc)
	if err != nil {
		return err
	}
	defer src.Close()
	return writeAtomic(dest, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
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
		if !e.IsDir() || !strings.HasPrefix(e.Name(), openCopyPrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) >= age {
			os.RemoveAll(filepath.Join(os.TempDir(), e.Name()))
		}
	}
}

// WriteFileAtomic writes b to path through a synced temporary file in the
// same folder, renamed at the end: a failure never leaves half a file under
// the chosen name. The error names the file.
func WriteFileAtomic(path string, b []byte) error {
	err := writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return &FileError{Path: path, Kind: classifyNotWritable(err), Err: err}
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
		old = filepath.Join(filepath.Dir(path), ".carebook-old-"+NewID())
		if err := os.Link(path, old); err != nil {
			if err := copyFile(path, old); err != nil {
				return &FileError{Path: path, Kind: classifyNotWritable(err), Err: err}
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
func classifyNotWritable(err error) string {
	if classifyWrite(err) == FileDiskFull {
		return FileDiskFull
	}
	return FileNotWritable
}

// writeAtomic runs fill on a temporary file beside path, syncs it and
// renames it to path; on any error the temporary file is removed.
func writeAtomic(path string, fill func(io.Writer) error) error {
	return WriteAtomic(path, fill, nil)
}

// WriteAtomic writes path through a temporary file beside it (readable only
// by its owner, named .carebook-…): fill writes the content, the file is
// synced, check (if set) may read the temporary file back, and only then is
// it renamed into place. On any error the temporary file is removed and
// path is as it was; the error is fill's or check's as returned.
func WriteAtomic(path string, fill func(io.Writer) error, check func(tmp string) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".carebook-*")
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
	syncDir(filepath.Dir(path))
	return nil
}

// copyFile copies from to to (through a temporary file beside it),
// making to's folder if needed.
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	return writeAtomic(to, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}
