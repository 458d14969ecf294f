package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Backup copies the database and its document files into dir: the database
// as one consistent file (VACUUM INTO, safe while the app is in use) named
// carebook-YYYYMMDD-HHMMSS.db, and the files folder beside it, copying only
// the files the backup does not hold yet (they never change: their name is
// their hash). The copy is opened and checked before Backup returns its path.
func (s *Store) Backup(ctx context.Context, dir string) (string, error) {
	if strings.TrimSpace(dir) == "" {
		return "", errors.New("no backup folder is set")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", &FileError{Path: dir, Kind: FileNotWritable, Err: err}
	}
	if err := writeBackupMarker(dir); err != nil {
		return "", err
	}
	name := "carebook-" + s.Now().Format("20060102-150405") + ".db"
	dest := filepath.Join(dir, name)
	if _, err := os.Stat(dest); err == nil {
		return "", fmt.Errorf("%s already exists", dest)
	}
	tmp := dest + ".partial"
	os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backing up the database: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return "", err
	}
	// The document files, into dir/files (shared by every backup there).
	docs, err := s.Documents.list(ctx, "", "created_at")
	if err != nil {
		return "", err
	}
	for _, d := range docs {
		to := filepath.Join(dir, "files", d.SHA256[:2], d.SHA256)
		if fi, err := os.Stat(to); err == nil && fi.Size() == d.Size {
			continue
		}
		if err := copyFile(s.BlobPath(d.SHA256), to); err != nil {
			return "", fmt.Errorf("backing up %s: %w", d.FileName, err)
		}
	}
	// The copy must open as a Carebook database and be sound.
	b, err := Open(dest)
	if err != nil {
		return "", fmt.Errorf("the backup does not open: %w", err)
	}
	defer b.Close()
	if problems, err := b.CheckIntegrity(ctx); err != nil || len(problems) > 0 {
		return "", fmt.Errorf("the backup is not sound: %v %v", problems, err)
	}
	return dest, nil
}

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

// writeBackupMarker marks dir as a backup folder (see BackupMarker).
func writeBackupMarker(dir string) error {
	p := filepath.Join(dir, BackupMarker)
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	return WriteFileAtomic(p, []byte("This folder holds backups of a Carebook database. Restore them with Carebook (Settings → Restore, or carebook restore); do not put other files here.\n"))
}
