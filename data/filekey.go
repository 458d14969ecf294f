package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"io"
	"os"

	"filippo.io/age"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"carebook/data/filestore"
)

// The documents' key. Once a database has people, its document files are
// encrypted with age to the database's own key. The key's secret half is
// never on disk in the clear: it is sealed (argon2id + ChaCha20-Poly1305)
// once for each person, by their password, and once by the recovery key;
// signing in unseals it into memory. Content addressing stays by the plain
// bytes' SHA-256.

// sealKey seals the identity's text with secret.
func sealKey(identity, secret string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	k := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, chacha20poly1305.KeySize)
	aead, _ := chacha20poly1305.NewX(k)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	ct := aead.Seal(nil, nonce, []byte(identity), nil)
	return base64.RawStdEncoding.EncodeToString(append(append(salt, nonce...), ct...))
}

// openKey unseals what sealKey sealed; a wrong secret fails.
func openKey(sealed, secret string) (*age.X25519Identity, error) {
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < 16+chacha20poly1305.NonceSizeX+16 {
		return nil, errors.New("no sealed key")
	}
	salt, nonce, ct := b[:16], b[16:16+chacha20poly1305.NonceSizeX], b[16+chacha20poly1305.NonceSizeX:]
	k := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, chacha20poly1305.KeySize)
	aead, _ := chacha20poly1305.NewX(k)
	pt, err := aead.Open(nil, nonce, ct, nil)
	if err != nil {
		return nil, err
	}
	return age.ParseX25519Identity(string(pt))
}

// loadFileKey reads the documents' key's public half, if the database has
// one (it has once it has people).
func (s *Store) loadFileKey(ctx context.Context) {
	var rec, open string
	if s.q(ctx).QueryRowContext(ctx, "SELECT recipient, open_identity FROM file_key WHERE id = 1").Scan(&rec, &open) != nil {
		return
	}
	r, err := age.ParseX25519Recipient(rec)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.seal = r
	s.mu.Unlock()
	if open != "" {
		if id, err := age.ParseX25519Identity(open); err == nil {
			s.unsealed(id)
		}
	}
}

func (s *Store) unsealed(id *age.X25519Identity) {
	s.mu.Lock()
	s.fileKey = id
	s.mu.Unlock()
}

// newFileKey makes the database's documents' key in tx, keeping its secret
// half unsealed in open when the database is the demo's.
func (s *Store) newFileKey(ctx context.Context, tx *sql.Tx, demo bool) (*age.X25519Identity, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	open := ""
	if demo {
		open = id.String()
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO file_key (id, recipient, open_identity) VALUES (1, ?, ?)", id.Recipient().String(), open); err != nil {
		return nil, err
	}
	return id, nil
}

// fileKeyNow is the documents' key unsealed in memory (nil when nobody who
// holds it is signed in).
func (s *Store) fileKeyNow() *age.X25519Identity {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fileKey
}

// Encrypted says whether the database's documents are encrypted (it has a
// documents' key).
func (s *Store) Encrypted() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.seal != nil
}

// SealFiles encrypts the document files still stored in the clear (all of
// them at the first person; after a kill or a restore, those left). Each
// is encrypted beside itself and renamed over the plain one, so a kill at
// any moment loses nothing. progress, if set, is called after each file.
// It returns how many it encrypted.
func (s *Store) SealFiles(ctx context.Context, progress func(done, total int)) (int, error) {
	if s.ro != nil || !s.Encrypted() || s.fileKeyNow() == nil {
		return 0, nil
	}
	shas, err := queryStrings(ctx, s.q(ctx), "SELECT DISTINCT sha256 FROM documents ORDER BY 1")
	if err != nil {
		return 0, err
	}
	d := s.blobs()
	d.BeforeRename = func() { crashPoint("file-sealing") }
	n := 0
	for i, sha := range shas {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		sealed, err := d.SealInPlace(sha)
		var fe *filestore.Error
		if errors.As(err, &fe) && fe.Kind == filestore.Missing {
			err = nil // check lists it
		}
		if err != nil {
			return n, err
		}
		if sealed {
			n++
			crashPoint("file-sealed")
		}
		if progress != nil {
			progress(i+1, len(shas))
		}
	}
	return n, nil
}

// PlainFiles counts the document files still stored in the clear in a
// database whose documents are encrypted.
func (s *Store) PlainFiles(ctx context.Context) (int, error) {
	shas, err := s.plainFiles(ctx)
	return len(shas), err
}

func (s *Store) plainFiles(ctx context.Context) ([]string, error) {
	if !s.Encrypted() {
		return nil, nil
	}
	shas, err := queryStrings(ctx, s.q(ctx), "SELECT DISTINCT sha256 FROM documents")
	if err != nil {
		return nil, err
	}
	d := s.blobs()
	var out []string
	for _, sha := range shas {
		if d.Exists(sha) && !d.Sealed(sha) {
			out = append(out, sha)
		}
	}
	return out, nil
}

// BlobSealed says whether the stored file with the given SHA-256 is
// encrypted on disk.
func (s *Store) BlobSealed(sha string) bool { return s.blobs().Sealed(sha) }

// ErrNoDocumentsKey says a database file's documents' key could not be
// opened: no person of it with that password, or not its recovery key.
var ErrNoDocumentsKey = &PersonError{Kind: PersonBackupKey}

// DocumentsKeyOf opens the documents' key of the database file at path (a
// backup's copy, not open): with the password of one of its people (name),
// or with name "" its recovery key. The demo's key is open: it needs
// neither. A database whose documents are not encrypted has no key (nil).
func DocumentsKeyOf(ctx context.Context, path, name, secret string) (age.Identity, error) {
	db, err := sql.Open("sqlite", dsn(path, true, "immutable", "1"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var rec, open string
	err = db.QueryRowContext(ctx, "SELECT recipient, open_identity FROM file_key WHERE id = 1").Scan(&rec, &open)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	case open != "":
		return age.ParseX25519Identity(open)
	}
	var hash, wrapped string
	if name == "" {
		err = db.QueryRowContext(ctx, "SELECT key_hash, wrapped_key FROM recovery WHERE id = 1").Scan(&hash, &wrapped)
		secret = normalRecoveryKey(secret)
	} else {
		err = db.QueryRowContext(ctx, "SELECT password, wrapped_key FROM people WHERE deleted_at IS NULL AND active = 1 AND name_key = ?",
			personKey(name)).Scan(&hash, &wrapped)
	}
	if err != nil || !checkPassword(hash, secret) {
		return nil, ErrNoDocumentsKey
	}
	id, err := openKey(wrapped, secret)
	if err != nil {
		return nil, ErrNoDocumentsKey
	}
	return id, nil
}

// DocumentsKeyFor is this store's documents' key, unsealed by whoever is
// signed in, when the database file at path (a backup's copy of this
// database) has the same key; else ErrNoDocumentsKey.
func (s *Store) DocumentsKeyFor(ctx context.Context, path string) (age.Identity, error) {
	db, err := sql.Open("sqlite", dsn(path, true, "immutable", "1"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var rec string
	if err := db.QueryRowContext(ctx, "SELECT recipient FROM file_key WHERE id = 1").Scan(&rec); errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	k := s.fileKeyNow()
	if k == nil || k.Recipient().String() != rec {
		return nil, ErrNoDocumentsKey
	}
	return k, nil
}

// OpenSealed opens a file encrypted to this database's documents' key (a
// backup's copy of a document) to read its plain bytes; Locked while
// nobody who holds the key is signed in.
func (s *Store) OpenSealed(path string) (io.ReadCloser, error) {
	k := s.fileKeyNow()
	if k == nil {
		return nil, &filestore.Error{Path: path, Kind: filestore.Locked}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(f, k)
	if err != nil {
		f.Close()
		return nil, &filestore.Error{Path: path, Kind: filestore.Altered, Err: err}
	}
	return struct {
		io.Reader
		io.Closer
	}{r, f}, nil
}
