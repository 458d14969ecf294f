package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"carebook/data/filestore"
)

// A backup folder holds:
//
//	carebook-backups.txt       what the folder is (data.BackupMarker)
//	backup-key.age             the sealed key, when backups are encrypted
//	files/ab/abcdef…[.age]     the documents, named by their SHA-256 and
//	                           shared by every backup in the folder
//	files/ab/abcdef….sealed    a document the database keeps encrypted, as
//	                           it is on disk (see FileSum)
//	2026-11-23_101500_1a2b3c4d/
//	    carebook.db[.age]      the database, a consistent copy
//	    manifest.json          what the backup is (no personal data); of an
//	                           encrypted backup only when it was made, of
//	                           which database, and that it is encrypted
//	    manifest.json.age      an encrypted backup's whole manifest
//	    report.txt[.age]       which documents could not be backed up, by name
//
// A backup is written as .partial-<name> and renamed only once it has
// passed its own check, so a folder with a manifest is a whole backup.

const (
	manifestName  = "manifest.json"
	partialPrefix = ".partial-"
	dbName        = "carebook.db"
	reportName    = "report.txt"
	encSuffix     = ".age"
	format        = 1
)

// Manifest describes one backup. It holds counts and hashes, never names.
type Manifest struct {
	Format     int            `json:"format"`
	Carebook   string         `json:"carebook"`
	Schema     int            `json:"schema"`
	DatabaseID string         `json:"database_id"`
	Created    time.Time      `json:"created"`
	ChangeMark int64          `json:"change_mark"`
	Encrypted  bool           `json:"encrypted"`
	ByHand     bool           `json:"by_hand,omitempty"`
	Counts     map[string]int `json:"counts"`
	Database   FileSum        `json:"database"`
	Documents  []FileSum      `json:"documents"`
	Problems   []Problem      `json:"problems,omitempty"`
}

// FileSum is a file of a backup: the SHA-256 and size of its content (of
// the plain bytes, when the backup is encrypted). A document the database
// keeps encrypted is backed up as it is on disk, still encrypted to the
// database's documents' key (whose copies, sealed by each person's
// password and by the recovery key, are in the database copy): Sealed is
// then the SHA-256 of those encrypted bytes, which checking a backup
// compares without any key.
type FileSum struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Sealed string `json:"sealed,omitempty"`
}

// Problem is a document that could not be backed up, because its file was
// missing or damaged at the source. The backup's report names it.
type Problem struct {
	SHA256 string `json:"sha256"`
	Kind   string `json:"kind"` // data.FileMissing or data.FileAltered
	Case   string `json:"-"`
	Name   string `json:"-"`
}

// Info is one backup in a folder. Of an encrypted backup, only what its
// plain manifest says is known until Unlock opens the rest.
type Info struct {
	Path string // the backup's own folder
	Name string
	Manifest
	// Sealed: an encrypted backup whose counts, sums and documents are
	// not read yet (see Unlock).
	Sealed bool
}

// plainManifest is what an encrypted backup says in plain text: enough to
// list it, rotate it and find the key that opens the rest.
type plainManifest struct {
	Format     int       `json:"format"`
	Carebook   string    `json:"carebook"`
	DatabaseID string    `json:"database_id"`
	Created    time.Time `json:"created"`
	Encrypted  bool      `json:"encrypted"`
	ByHand     bool      `json:"by_hand,omitempty"`
}

// writeManifest writes the backup's manifest into dir: as it is, or for an
// encrypted backup a plain part and the whole encrypted.
func writeManifest(dir string, m Manifest, k *keys) error {
	if k == nil {
		b, _ := json.MarshalIndent(m, "", " ")
		return filestore.WriteFileAtomic(filepath.Join(dir, manifestName), b)
	}
	whole, _ := json.Marshal(m)
	var sealed bytes.Buffer
	w, err := k.encrypter(&sealed)
	if err != nil {
		return err
	}
	w.Write(whole)
	if err := w.Close(); err != nil {
		return err
	}
	if err := filestore.WriteFileAtomic(filepath.Join(dir, manifestName+encSuffix), sealed.Bytes()); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(plainManifest{Format: m.Format, Carebook: m.Carebook, DatabaseID: m.DatabaseID,
		Created: m.Created, Encrypted: true, ByHand: m.ByHand}, "", " ")
	return filestore.WriteFileAtomic(filepath.Join(dir, manifestName), b)
}

// Unlock reads the whole manifest of an encrypted backup with the key
// (data.Store.BackupKey, or one Unseal gives); a backup that is not sealed
// needs none.
func (i *Info) Unlock(key string) error {
	if !i.Sealed {
		return nil
	}
	k, err := parseKey(key)
	if err != nil || k == nil {
		return ErrNeedPassphrase
	}
	return i.unlock(k)
}

func (i *Info) unlock(k *keys) error {
	if !i.Sealed {
		return nil
	}
	f, err := os.Open(filepath.Join(i.Path, manifestName+encSuffix))
	if err != nil {
		return &NotABackupError{Path: i.Path}
	}
	defer f.Close()
	r, err := k.decrypter(f)
	if err != nil {
		return ErrWrongPassphrase
	}
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return &CheckError{Problems: []string{"the backup's manifest is damaged"}}
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format == 0 || m.DatabaseID != i.DatabaseID {
		return &CheckError{Problems: []string{"the backup's manifest is damaged"}}
	}
	i.Manifest, i.Sealed = m, false
	return nil
}

// Documents counts the document files the backup holds.
func (i *Info) DocumentFiles() int { return len(i.Documents) }

func readManifest(dir string) (*Info, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &NotABackupError{Path: dir}
		}
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format == 0 {
		return nil, &NotABackupError{Path: dir}
	}
	if m.Format > format {
		return nil, fmt.Errorf("%s was made by a newer Carebook: update Carebook to restore it", dir)
	}
	sealed := false
	if m.Encrypted {
		_, err := os.Stat(filepath.Join(dir, manifestName+encSuffix))
		sealed = err == nil // older encrypted backups kept the whole manifest in plain text
	}
	return &Info{Path: dir, Name: filepath.Base(dir), Manifest: m, Sealed: sealed}, nil
}

// NotABackupError says a path is not a Carebook backup.
type NotABackupError struct{ Path string }

func (e *NotABackupError) Error() string {
	return fmt.Sprintf("%s is not a Carebook backup (no %s in it)", e.Path, manifestName)
}

// Find reads the backup at path: its folder, or the database or manifest
// inside it.
func Find(path string) (*Info, error) {
	path = filepath.Clean(path) // "backup/", as tab completion writes it, is "backup"
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		path = filepath.Dir(path)
	} else if err != nil {
		return nil, &NotABackupError{Path: path}
	}
	return readManifest(path)
}

// List returns the whole backups in the folder dir, newest first.
func List(dir string) ([]Info, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "files" {
			continue
		}
		if info, err := readManifest(filepath.Join(dir, e.Name())); err == nil {
			out = append(out, *info)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

// sealedSuffix names a document file kept encrypted to the database's
// documents' key.
const sealedSuffix = ".sealed"

// docPath is where a backup's document file lives in the backup folder.
func docPath(dir string, d FileSum, encrypted bool) string {
	if d.Sealed != "" {
		return filepath.Join(dir, "files", d.SHA256[:2], d.SHA256+sealedSuffix)
	}
	return blobPath(dir, d.SHA256, encrypted)
}

// blobPath is where a document's file lives in the backup folder dir.
func blobPath(dir, sha string, encrypted bool) string {
	p := filepath.Join(dir, "files", sha[:2], sha)
	if encrypted {
		p += encSuffix
	}
	return p
}
