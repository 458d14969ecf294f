package data

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"carebook/data/filestore"
)

// OpenCopy copies a document to a temporary folder under its original name
// and extension, so the system's viewer recognises it, and returns the path.
// The copies are removed by CleanOpenCopies.
func (s *Store) OpenCopy(ctx context.Context, doc *Document) (string, error) {
	dir, err := os.MkdirTemp("", filestore.OpenCopyPrefix+"*")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, filestore.SafeFileName(doc.FileName, "document"))
	if err := s.SaveCopy(ctx, doc, path); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return path, nil
}

// SaveCopy writes a document's bytes to dest (through a temporary file, so a
// failure never leaves half a file under the chosen name). dest must not be
// one of the files Carebook keeps (see CheckOutputs).
func (s *Store) SaveCopy(ctx context.Context, doc *Document, dest string) error {
	if err := s.CheckOutputs(ctx, Output{Path: dest}); err != nil {
		return err
	}
	src, err := s.OpenFile(doc)
	if err != nil {
		return err
	}
	defer src.Close()
	return filestore.WriteAtomic(dest, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	}, nil)
}
