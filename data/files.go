package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"carebook/data/filestore"
	"carebook/internal/pdfpages"
)

// DefaultMaxFileMB is the size limit of one document unless Settings say otherwise.
const DefaultMaxFileMB = 200

// BlobPath is where the file with the given SHA-256 lives.
func (s *Store) BlobPath(sha string) string { return s.blobs().BlobPath(sha) }

// PutFile streams r into the documents' folder (see filestore.Dir.Put) and
// returns its SHA-256 and size; a read-only store refuses.
func (s *Store) PutFile(r io.Reader, limit int64, name string) (sha string, size int64, err error) {
	if s.ro != nil {
		return "", 0, s.ro
	}
	return s.blobs().Put(r, limit, name)
}

// blobs is the folder of the documents' bytes, written through s.fs when a
// test has set it.
func (s *Store) blobs() filestore.Dir {
	d := filestore.Dir{Path: s.FilesDir(), FS: s.fs}
	s.mu.RLock()
	if s.seal != nil {
		d.Seal = s.seal
	}
	if s.fileKey != nil {
		d.Key = s.fileKey
	}
	s.mu.RUnlock()
	return d
}

// AttachFile stores the bytes of r and records doc for them, in that order:
// the database never points at bytes that are not there. doc's Kind, Title
// and FileName must be set; SHA256, Size and (if empty) MediaType are filled
// in. If the row cannot be written, bytes no other document uses are removed.
func (s *Store) AttachFile(ctx context.Context, doc *Document, r io.Reader, limit int64) error {
	if err := s.Require(ctx, MayCases); err != nil {
		return err
	}
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
		doc.MediaType = filestore.MediaTypeOf(doc.FileName)
	}
	if err := s.Documents.Create(ctx, doc); err != nil {
		s.removeIfUnused(ctx, sha)
		return err
	}
	return nil
}

// AttachPath attaches the file at path. A folder, an unreadable file, an
// empty one and one over the size limit (Settings; 200 MB by default) are
// refused with a *filestore.Error before anything is copied. doc.FileName defaults
// to the file's own name and doc.Title to that name without its extension.
func (s *Store) AttachPath(ctx context.Context, doc *Document, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &filestore.Error{Path: path, Kind: filestore.Unreadable, Err: err}
	}
	if fi.IsDir() {
		return &filestore.Error{Path: path, Kind: filestore.IsFolder}
	}
	limit, err := s.MaxFileBytes(ctx)
	if err != nil {
		return err
	}
	if fi.Size() > limit {
		return &filestore.Error{Path: path, Kind: filestore.TooLarge, Limit: limit}
	}
	if fi.Size() == 0 {
		return &filestore.Error{Path: path, Kind: filestore.Empty}
	}
	f, err := os.Open(path)
	if err != nil {
		return &filestore.Error{Path: path, Kind: filestore.Unreadable, Err: err}
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
	var fe *filestore.Error
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
		s.blobs().Remove(sha)
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

// OpenBlob opens the stored file with the given SHA-256 for reading, in
// the clear (see OpenFile).
func (s *Store) OpenBlob(sha string) (filestore.Reader, error) {
	return s.blobs().Open(sha, sha)
}

// OpenFile opens a document's stored bytes for reading, in the clear: a
// file encrypted on disk is decrypted as it is read (and is Locked while
// nobody who holds the documents' key is signed in). A document that is a
// run of a stored file's pages (a letter of a batch) reads as a PDF of
// those pages alone, the same bytes every time.
func (s *Store) OpenFile(doc *Document) (filestore.Reader, error) {
	f, err := s.blobs().Open(doc.SHA256, doc.FileName)
	if err != nil || doc.Pages == "" {
		return f, err
	}
	defer f.Close()
	r, err := pdfpages.ParseRange(doc.Pages)
	if err != nil {
		return nil, &filestore.Error{Path: doc.FileName, Kind: filestore.Unreadable, Err: err}
	}
	whole, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	cut, err := pdfpages.Cut(whole, r)
	if err != nil {
		return nil, &filestore.Error{Path: doc.FileName, Kind: filestore.Unreadable, Err: err}
	}
	return bytesFile{bytes.NewReader(cut)}, nil
}

// bytesFile is a file held in memory.
type bytesFile struct{ *bytes.Reader }

func (bytesFile) Close() error { return nil }

// PurgeTrashedDocuments empties the Trash of documents: their rows go, links
// to them are cleared, and each file leaves the disk once no other document
// row uses it. Each erasure is recorded (table purges) and travels to the
// other offices, which erase the document too unless they hold a later
// change of it. It returns how many documents and files were removed.
func (s *Store) PurgeTrashedDocuments(ctx context.Context) (docs, files int, err error) {
	if err := s.Require(ctx, MayDirect); err != nil {
		return 0, 0, err
	}
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
			if s.blobs().Remove(sha) == nil {
				files++
			}
		}
	}
	return files
}

// FileProblem is a document whose stored file is missing or altered.
type FileProblem struct {
	Document Document
	Err      *filestore.Error
}

// VerifyFiles reads every stored file of every document (live or in the
// Trash) and compares its size and SHA-256 with the database. A file that
// several documents share (a batch of letters) is read once. progress, if
// set, is called after each document.
func (s *Store) VerifyFiles(ctx context.Context, progress func(done, total int)) ([]FileProblem, error) {
	docs, err := s.Documents.list(ctx, "", "created_at, id")
	if err != nil {
		return nil, err
	}
	var problems []FileProblem
	checked := map[string]*filestore.Error{}
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		err, seen := checked[d.SHA256]
		if !seen {
			err = s.blobs().Verify(d.SHA256, d.Size)
			checked[d.SHA256] = err
		}
		if err != nil {
			problems = append(problems, FileProblem{Document: d, Err: err})
		}
		if progress != nil {
			progress(i+1, len(docs))
		}
	}
	return problems, nil
}
