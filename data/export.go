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
	if err := s.Require(ctx, MayMedical); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", filestore.OpenCopyPrefix+"*")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, filestore.SafeFileName(doc.FileName, "document"))
	if err := s.saveCopy(ctx, doc, path); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	s.ViewedDocument(ctx, doc)
	return path, nil
}

// SaveCopy writes a document's bytes to dest (through a temporary file, so a
// failure never leaves half a file under the chosen name). dest must not be
// one of the files Carebook keeps (see CheckOutputs).
func (s *Store) SaveCopy(ctx context.Context, doc *Document, dest string) error {
	if err := s.Require(ctx, MayMedical); err != nil {
		return err
	}
	if err := s.saveCopy(ctx, doc, dest); err != nil {
		return err
	}
	return s.Record(ctx, AuditSaveDocument, "document", doc.ID, doc.ChildID, doc.Title)
}

func (s *Store) saveCopy(ctx context.Context, doc *Document, dest string) error {
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

// ViewedDocument records that the one at the keyboard opened or previewed
// a document.
func (s *Store) ViewedDocument(ctx context.Context, doc *Document) error {
	return s.Record(ctx, AuditViewDocument, "document", doc.ID, doc.ChildID, doc.Title)
}

// ViewedChild records that the one at the keyboard opened a child's file.
func (s *Store) ViewedChild(ctx context.Context, c *Child) error {
	return s.Record(ctx, AuditViewChild, "child", c.ID, c.ID, c.CaseNumber)
}

// MaxViewBytes is the largest document read whole to be shown inside
// Carebook (a larger one opens in the system's viewer).
const MaxViewBytes = 256 << 20

// DocumentBytes reads a document's bytes, in the clear, to be shown inside
// Carebook (the caller records the viewing, ViewedDocument).
func (s *Store) DocumentBytes(ctx context.Context, doc *Document) ([]byte, error) {
	if err := s.Require(ctx, MayMedical); err != nil {
		return nil, err
	}
	f, err := s.OpenFile(doc)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxViewBytes+1))
	if err != nil {
		return nil, &filestore.Error{Path: doc.FileName, Kind: filestore.Unreadable, Err: err}
	}
	if len(b) > MaxViewBytes {
		return nil, &filestore.Error{Path: doc.FileName, Kind: filestore.TooLarge, Limit: MaxViewBytes}
	}
	return b, nil
}
