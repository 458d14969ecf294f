package exchange

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
)

// A bundle being read is a zip, which is read at random: it has to lie in
// a file while it is checked and applied. That file is a sealedFile:
// encrypted with AES-CTR under a key made for it and held only in this
// process's memory. A process stopped in the middle (a kill, a power cut)
// leaves bytes nobody can read; the next start removes them
// (RemoveStale), and `check` lists any it finds meanwhile.

// tempPattern names the sealed temporary files (and tempLock their locks).
const (
	tempPrefix = ".cbx-open-"
	tempSuffix = ".tmp"
	tempLock   = ".lock"
)

type sealedFile struct {
	f     *os.File
	lock  *flock.Flock
	block cipher.Block
	iv    [aes.BlockSize]byte
	w     cipher.Stream // while writing
	off   int64
}

// newSealedFile makes an empty sealed file in dir, locked as in use.
func newSealedFile(dir string) (*sealedFile, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*"+tempSuffix)
	if err != nil {
		return nil, err
	}
	lock := flock.New(f.Name() + tempLock)
	if ok, err := lock.TryLock(); err != nil || !ok {
		f.Close()
		os.Remove(f.Name())
		if err == nil {
			err = errors.New("the temporary file is locked")
		}
		return nil, err
	}
	t := &sealedFile{f: f, lock: lock, block: block}
	if _, err := rand.Read(t.iv[:]); err != nil {
		t.Close()
		return nil, err
	}
	t.w = cipher.NewCTR(block, t.iv[:])
	return t, nil
}

// Write appends p, encrypted.
func (t *sealedFile) Write(p []byte) (int, error) {
	buf := make([]byte, len(p))
	t.w.XORKeyStream(buf, p)
	n, err := t.f.Write(buf)
	t.off += int64(n)
	return n, err
}

// Done ends the writing.
func (t *sealedFile) Done() error {
	t.w = nil
	return nil
}

// ReadAt reads plain bytes at off.
func (t *sealedFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := t.f.ReadAt(p, off)
	if n > 0 {
		t.streamAt(off).XORKeyStream(p[:n], p[:n])
	}
	return n, err
}

// streamAt is the key stream from byte off on.
func (t *sealedFile) streamAt(off int64) cipher.Stream {
	ctr := t.iv
	// The counter block is the IV plus the block number, big-endian.
	carry := uint64(off / aes.BlockSize)
	for i := aes.BlockSize - 1; i >= 0 && carry > 0; i-- {
		sum := uint64(ctr[i]) + carry&0xff
		ctr[i] = byte(sum)
		carry = carry>>8 + sum>>8
	}
	s := cipher.NewCTR(t.block, ctr[:])
	if skip := off % aes.BlockSize; skip > 0 {
		var junk [aes.BlockSize]byte
		s.XORKeyStream(junk[:skip], junk[:skip])
	}
	return s
}

// Close removes the file and its lock.
func (t *sealedFile) Close() error {
	if t == nil || t.f == nil {
		return nil
	}
	// The lock goes first: stopped between the two, what is left is a
	// sealed copy with no lock, which the next start removes (a lock with
	// no copy is removed too, see RemoveStale).
	err := t.f.Close()
	t.lock.Unlock()
	os.Remove(t.f.Name() + tempLock)
	os.Remove(t.f.Name())
	t.f = nil
	return err
}

// IsTemporary tells the names of the temporary files reading and writing
// bundles makes (sealed copies being read, bundles being written).
func IsTemporary(name string) bool {
	return strings.HasPrefix(name, ".cbx-")
}

// RemoveStale removes, from dir, the sealed copies of bundles that no
// running Carebook is reading (left by a stopped import: unreadable, but
// nothing to keep). It returns what it removed.
func RemoveStale(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, tempSuffix+tempLock) {
			// A lock whose copy is gone (a process stopped while closing).
			p := filepath.Join(dir, name)
			if _, err := os.Stat(strings.TrimSuffix(p, tempLock)); errors.Is(err, os.ErrNotExist) {
				lock := flock.New(p)
				if ok, err := lock.TryLock(); err == nil && ok {
					lock.Unlock()
					if os.Remove(p) == nil {
						removed = append(removed, p)
					}
				}
			}
			continue
		}
		if e.IsDir() || !strings.HasPrefix(name, tempPrefix) || !strings.HasSuffix(name, tempSuffix) {
			continue
		}
		p := filepath.Join(dir, name)
		lock := flock.New(p + tempLock)
		if ok, err := lock.TryLock(); err != nil || !ok {
			continue // in use by another Carebook
		}
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
		lock.Unlock()
		os.Remove(p + tempLock)
	}
	return removed
}
