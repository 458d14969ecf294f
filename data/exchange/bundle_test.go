package exchange

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

type party struct {
	keys Keys
	id   *age.X25519Identity
	pub  ed25519.PublicKey
}

func newParty(t *testing.T) party {
	k, err := NewKeys()
	if err != nil {
		t.Fatal(err)
	}
	id, _ := age.ParseX25519Identity(k.Identity)
	_, verify, _ := k.Public()
	pub, _ := base64.StdEncoding.DecodeString(verify)
	return party{k, id, pub}
}

var hdr = Header{Kind: KindBundle, Foundation: "f1", From: "SHY", To: "HQ", Seq: 1, Schema: 8}

func sha(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

// craft writes a bundle by hand: entries as given, the manifest listing
// listed (nil: the entries as they are), signed by signer.
func craft(t *testing.T, to party, signer party, entries map[string][]byte, listed []Entry) string {
	t.Helper()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	var auto []Entry
	for name, b := range entries {
		w, _ := zw.Create(name)
		w.Write(b)
		auto = append(auto, Entry{Name: name, Size: int64(len(b)), SHA256: sha(b)})
	}
	if listed == nil {
		listed = auto
	}
	mb, _ := json.Marshal(Manifest{Header: hdr, Created: time.Now(), Known: Knowledge{}, Entries: listed})
	w, _ := zw.Create("manifest.json")
	w.Write(mb)
	signer.sign(t, zw, mb)
	zw.Close()
	var out bytes.Buffer
	out.WriteString(formatHeader(hdr))
	aw, _ := age.Encrypt(&out, to.id.Recipient())
	aw.Write(zb.Bytes())
	aw.Close()
	p := filepath.Join(t.TempDir(), "x.cbx")
	os.WriteFile(p, out.Bytes(), 0o600)
	return p
}

func (p party) sign(t *testing.T, zw *zip.Writer, mb []byte) {
	priv, _ := p.keys.signer()
	w, _ := zw.Create("manifest.sig")
	io.WriteString(w, base64.StdEncoding.EncodeToString(ed25519.Sign(priv, mb)))
}

func open(t *testing.T, path string, to, from party) error {
	o, err := Open(path, t.TempDir(), to.id, func(Manifest) (ed25519.PublicKey, error) { return from.pub, nil }, Limits{Total: 1 << 20, Manifest: 1 << 16})
	if err == nil {
		o.Close()
	}
	return err
}

func TestWrittenBundleOpens(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	doc := []byte("%PDF- выписка")
	p := filepath.Join(t.TempDir(), "b.cbx")
	c := Contents{Manifest: Manifest{Header: hdr, Known: Knowledge{"SHY": "0000000000000001-0000-SHY"}},
		Rows:  []Row{{Table: "children", Key: "c1", Version: "0000000000000001-0000-SHY", Values: map[string]any{"id": "c1", "size": int64(5)}}},
		Files: []File{{SHA256: sha(doc), Size: int64(len(doc)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(doc)), nil }}}}
	if err := Write(p, c, hq.id.Recipient(), shy.keys, nil); err != nil {
		t.Fatal(err)
	}
	o, err := Open(p, t.TempDir(), hq.id, func(Manifest) (ed25519.PublicKey, error) { return shy.pub, nil }, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if len(o.Rows) != 1 || o.Rows[0].Values["size"] != int64(5) || o.Files()[0] != sha(doc) {
		t.Errorf("rows %+v files %v", o.Rows, o.Files())
	}
	// Signed by another office than it claims: refused.
	skd := newParty(t)
	if err := open(t, p, hq, skd); !errors.Is(err, ErrForged) {
		t.Errorf("forged: %v", err)
	}
	// Sent to another office: cannot be opened.
	if err := open(t, p, skd, shy); !errors.Is(err, ErrNotForUs) {
		t.Errorf("not for us: %v", err)
	}
}

func TestUnsafeZipEntriesAreRefused(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	p := craft(t, hq, shy, map[string][]byte{"../../evil.sh": []byte("rm -rf")}, nil)
	if err := open(t, p, hq, shy); !errors.Is(err, ErrUnsafe) {
		t.Errorf("../ path: %v", err)
	}
}

func TestCompressionBombIsRefused(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	big := bytes.Repeat([]byte{0}, 4<<20) // 4 MiB of zeros, a few KiB packed
	// listed as small: unpacking stops at the stated size
	p := craft(t, hq, shy, map[string][]byte{"changes.jsonl": big}, []Entry{{Name: "changes.jsonl", Size: 10, SHA256: sha(big[:10])}})
	if err := open(t, p, hq, shy); !errors.Is(err, ErrUnsafe) {
		t.Errorf("bomb: %v", err)
	}
	// listed honestly, but past the limit
	p = craft(t, hq, shy, map[string][]byte{"changes.jsonl": big}, nil)
	if err := open(t, p, hq, shy); !errors.Is(err, ErrUnsafe) {
		t.Errorf("over the limit: %v", err)
	}
}

func TestDocumentNotMatchingItsHashIsRefused(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	doc := []byte("настоящий документ")
	name := "files/" + sha([]byte("другой документ"))
	p := craft(t, hq, shy, map[string][]byte{name: doc}, []Entry{{Name: name, Size: int64(len(doc)), SHA256: sha(doc)}})
	if err := open(t, p, hq, shy); !errors.Is(err, ErrFileMismatch) {
		t.Errorf("mismatch: %v", err)
	}
}

func TestEntryNotInManifestIsRefused(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	p := craft(t, hq, shy, map[string][]byte{"changes.jsonl": []byte("{}\n")}, []Entry{})
	if err := open(t, p, hq, shy); err == nil || !strings.Contains(err.Error(), "manifest") {
		t.Errorf("unlisted: %v", err)
	}
}
