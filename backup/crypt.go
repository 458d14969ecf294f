package backup

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// Encrypted backups (for a USB stick that can be lost) use age: each file
// is encrypted to one X25519 key. The key itself is kept twice: in the
// database on this computer (so that backups run unattended and can be
// checked), and in the backup folder as KeyFile, sealed with the
// passphrase (so that a new computer can restore with the passphrase alone).

// KeyFile is the sealed key in a backup folder.
const KeyFile = "backup-key.age"

// MinPassphrase is the shortest passphrase accepted, in characters.
const MinPassphrase = 10

// ErrWrongPassphrase says the passphrase does not open the backups' key.
var ErrWrongPassphrase = errors.New("the passphrase does not open these backups")

// ErrShortPassphrase refuses a passphrase shorter than MinPassphrase.
var ErrShortPassphrase = errors.New("the passphrase must be at least 10 characters long")

// ErrNeedPassphrase says the backup is encrypted and no key or passphrase was given.
var ErrNeedPassphrase = errors.New("the backup is encrypted: give its passphrase")

// NewKey makes a new key for encrypted backups and seals it with the
// passphrase. Keep key with data.Store.SetBackupKey.
func NewKey(passphrase string) (key, sealed string, err error) {
	if len([]rune(strings.TrimSpace(passphrase))) < MinPassphrase {
		return "", "", ErrShortPassphrase
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", err
	}
	sealed, err = Seal(id.String(), passphrase)
	return id.String(), sealed, err
}

// Seal encrypts a key with a passphrase (scrypt), as armored text.
func Seal(key, passphrase string) (string, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	aw := armor.NewWriter(&b)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return "", err
	}
	io.WriteString(w, key)
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := aw.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Unseal opens a sealed key with the passphrase.
func Unseal(sealed, passphrase string) (string, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return "", ErrWrongPassphrase
	}
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(sealed)), id)
	if err != nil {
		return "", ErrWrongPassphrase
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", ErrWrongPassphrase
	}
	if _, err := age.ParseX25519Identity(string(b)); err != nil {
		return "", ErrWrongPassphrase
	}
	return string(b), nil
}

// keys are the backups' key, parsed.
type keys struct {
	id        *age.X25519Identity
	recipient *age.X25519Recipient
}

func parseKey(key string) (*keys, error) {
	if key == "" {
		return nil, nil
	}
	id, err := age.ParseX25519Identity(key)
	if err != nil {
		return nil, err
	}
	return &keys{id: id, recipient: id.Recipient()}, nil
}

// encrypter wraps w so that what is written is encrypted (k nil: as is).
func (k *keys) encrypter(w io.Writer) (io.WriteCloser, error) {
	if k == nil {
		return nopCloser{w}, nil
	}
	return age.Encrypt(w, k.recipient)
}

// decrypter reads r decrypted (k nil: as is).
func (k *keys) decrypter(r io.Reader) (io.Reader, error) {
	if k == nil {
		return r, nil
	}
	return age.Decrypt(r, k.id)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
