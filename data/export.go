package data

import (
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

// SaveCopy writes a document's bytes to dest (through a temporary file, so a
// failure never leaves half a file under the chosen name).
func (s *Store) SaveCopy(doc *Document, dest string) error {
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
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
