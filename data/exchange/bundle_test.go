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
		Rows: []Row{{Table: "children", Key: "c1", Version: "0000000000000001-0000-SHY", Values: map[string]any{"id": "c1", "size": int64(5)}},
			{Table: "documents", Key: "d1", Version: "0000000000000001-0000-SHY", Values: map[string]any{"id": "d1", "sha256": sha(doc)}}},
		Files: []File{{SHA256: sha(doc), Size: int64(len(doc)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(doc)), nil }}}}
	if err := Write(p, c, hq.id.Recipient(), shy.keys, nil); err != nil {
		t.Fatal(err)
	}
	o, err := Open(p, t.TempDir(), hq.id, func(Manifest) (ed25519.PublicKey, error) { return shy.pub, nil }, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if rows := rowsOf(t, o); len(rows) != 2 || rows[0].Values["size"] != int64(5) || o.Count != 2 || o.Files()[0] != sha(doc) {
		t.Errorf("rows %+v (%d) files %v", rows, o.Count, o.Files())
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

// Issue 23, item 12: a signed bundle carries a document file only for a
// row of it that points at the file, and only within the size a document
// may have; otherwise it is refused before anything is written.
func TestAFileNoRowPointsAtIsRefused(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	big := bytes.Repeat([]byte{0}, 3<<20) // 3 MiB of zeros, a few KiB packed
	row := func(sum string) []byte {
		b, _ := json.Marshal(Row{Table: "documents", Key: "d1", Version: "0000000000000001-0000-SHY", Values: map[string]any{"id": "d1", "sha256": sum}})
		return append(b, '\n')
	}
	lim := Limits{Total: 64 << 20, Manifest: 1 << 16, File: 2 << 20}
	try := func(entries map[string][]byte) error {
		p := craft(t, hq, shy, entries, nil)
		o, err := Open(p, t.TempDir(), hq.id, func(Manifest) (ed25519.PublicKey, error) { return shy.pub, nil }, lim)
		if err == nil {
			o.Close()
		}
		return err
	}
	small := []byte("%PDF- заключение")
	if err := try(map[string][]byte{"changes.jsonl": row(sha(small)), "files/" + sha(small): small}); err != nil {
		t.Fatalf("a file its row points at: %v", err)
	}
	if err := try(map[string][]byte{"changes.jsonl": row(sha(small)), "files/" + sha(small): small, "files/" + sha(big): big}); !errors.Is(err, ErrUnsafe) {
		t.Errorf("a file no row points at: %v", err)
	}
	if err := try(map[string][]byte{"changes.jsonl": row(sha(big)), "files/" + sha(big): big}); !errors.Is(err, ErrUnsafe) {
		t.Errorf("a file over the limit of a document: %v", err)
	}
}

// Issue 23, item 7: while a bundle is read, the copy on disk is sealed: no
// byte of it is the plain zip, its rows or its documents.
func TestTheCopyOfABundleBeingReadIsSealed(t *testing.T) {
	hq, shy := newParty(t), newParty(t)
	doc := []byte("%PDF- Мұратбекова Аружан, выписка")
	p := filepath.Join(t.TempDir(), "b.cbx")
	c := Contents{Manifest: Manifest{Header: hdr},
		Rows:  []Row{{Table: "documents", Key: "d1", Version: "0000000000000001-0000-SHY", Values: map[string]any{"id": "d1", "sha256": sha(doc), "title": "Ермек Сапаров"}}},
		Files: []File{{SHA256: sha(doc), Size: int64(len(doc)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(doc)), nil }}}}
	if err := Write(p, c, hq.id.Recipient(), shy.keys, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o, err := Open(p, dir, hq.id, func(Manifest) (ed25519.PublicKey, error) { return shy.pub, nil }, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	seen := 0
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		for _, plain := range [][]byte{[]byte("PK\x03\x04"), []byte("changes.jsonl"), []byte("Ермек"), []byte("Мұратбекова")} {
			if bytes.Contains(b, plain) {
				t.Errorf("%s holds %q in plain", e.Name(), plain)
			}
		}
		seen++
	}
	if seen == 0 {
		t.Fatal("no temporary copy: the test shows nothing")
	}
	r, err := o.OpenFile(sha(doc))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if rows := rowsOf(t, o); !bytes.Equal(got, doc) || rows[0].Values["title"] != "Ермек Сапаров" {
		t.Fatalf("read back %q, %v", got, rows[0].Values)
	}
	// A copy no running Carebook reads (its process was killed) goes.
	if removed := RemoveStale(dir); len(removed) != 0 {
		t.Fatalf("removed a copy in use: %v", removed)
	}
	o.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
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

// rowsOf reads an opened bundle's rows.
func rowsOf(t *testing.T, o *Opened) []Row {
	t.Helper()
	var rows []Row
	if err := o.EachRow(func(r *Row) error { rows = append(rows, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	return rows
}
