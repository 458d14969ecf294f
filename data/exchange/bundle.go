package exchange

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"carebook/internal/ahead"
)

// A bundle file is a short plain header (what it is, from and to whom, so
// that a wrong file is refused before anything is decrypted) followed by an
// age-encrypted zip: manifest.json (the header again, the sender's
// knowledge, the SHA-256 and size of every other entry), manifest.sig (the
// sender's ed25519 signature of manifest.json), changes.jsonl (one Row per
// line), files/<sha256> (document files) and, in an invitation, keys.json.
// age makes the zip unreadable and tamper-evident for anyone but the
// receiver; the signature proves which office wrote it.

const magic = "carebook-bundle 1"

// Kinds of bundle.
const (
	KindBundle = "bundle"
	KindInvite = "invite"
)

// Header is what a bundle says about itself, outside and (signed) inside.
type Header struct {
	Kind       string `json:"kind"`
	Foundation string `json:"foundation"`
	From       string `json:"from"`
	To         string `json:"to"`
	Seq        int64  `json:"seq"`
	Schema     int    `json:"schema"`
}

// OfficeInfo is an office as the head office tells the others of it.
type OfficeInfo struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Regions   []string `json:"regions"`
	Head      bool     `json:"head"`
	Recipient string   `json:"recipient"` // age X25519 public key
	Verify    string   `json:"verify"`    // ed25519 public key, base64
}

// Entry is one file in the zip.
type Entry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest is the signed table of contents.
type Manifest struct {
	Header
	Created time.Time    `json:"created"`
	Known   Knowledge    `json:"known"` // what the sender held when it wrote the bundle
	Offices []OfficeInfo `json:"offices,omitempty"`
	Entries []Entry      `json:"entries"`
}

// Keys are an office's secret keys; an invitation carries the new office's.
type Keys struct {
	Identity string `json:"identity"` // age X25519 identity
	Signing  string `json:"signing"`  // ed25519 seed, base64
}

// NewKeys makes an office's keys.
func NewKeys() (Keys, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return Keys{}, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Keys{}, err
	}
	return Keys{Identity: id.String(), Signing: base64.StdEncoding.EncodeToString(priv.Seed())}, nil
}

// Public is the public half of k, for the other offices.
func (k Keys) Public() (recipient, verify string, err error) {
	id, err := age.ParseX25519Identity(k.Identity)
	if err != nil {
		return "", "", err
	}
	priv, err := k.signer()
	if err != nil {
		return "", "", err
	}
	return id.Recipient().String(), base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey)), nil
}

func (k Keys) signer() (ed25519.PrivateKey, error) {
	seed, err := base64.StdEncoding.DecodeString(k.Signing)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("the office's signing key is damaged")
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// File is a document file to carry.
type File struct {
	SHA256 string
	Size   int64
	Open   func() (io.ReadCloser, error)
}

// Contents is what a bundle carries.
type Contents struct {
	Manifest Manifest
	Rows     []Row
	Files    []File
	Keys     *Keys // the new office's keys (invitations only)
}

// Why a bundle is refused. The store and the screens say it in the
// person's language; Detail says which entry or value.
var (
	ErrNotBundle       = errors.New("this is not a Carebook exchange file")
	ErrDamaged         = errors.New("the file is damaged or incomplete (changed or cut short on the way)")
	ErrWrongPassphrase = errors.New("the passphrase does not open this invitation")
	ErrNotForUs        = errors.New("the file cannot be opened with this office's key")
	ErrForged          = errors.New("the file is not signed by the office it claims to come from")
	ErrUnsafe          = errors.New("the file holds entries Carebook never writes (unsafe paths or sizes)")
	ErrFileMismatch    = errors.New("a document in the file does not match its fingerprint")
)

// Limits bound what a bundle may unpack to.
type Limits struct {
	Total    int64 // all entries together
	Manifest int64
	File     int64 // one document file (0: as large as Total)
}

// DefaultLimits allow a large foundation's whole archive.
var DefaultLimits = Limits{Total: 64 << 30, Manifest: 64 << 20}

// Write writes c to path (through a temporary file renamed at the end),
// encrypted to the receiver (to) and signed with keys. progress, if not
// nil, is told the bytes of document files written so far.
func Write(path string, c Contents, to age.Recipient, keys Keys, progress func(done, total int64)) (err error) {
	w, err := Create(path, c.Manifest.Header, to, c.Manifest.Created)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	for i := range c.Rows {
		if err := w.Row(&c.Rows[i]); err != nil {
			return err
		}
	}
	if c.Keys != nil {
		if err := w.Keys(c.Keys); err != nil {
			return err
		}
	}
	if err := w.Files(c.Files, progress); err != nil {
		return err
	}
	return w.Finish(c.Manifest, keys)
}

// Writer writes a bundle as a stream: its header, then its rows one by one
// (never all of them in memory: a large foundation's invitation holds
// hundreds of thousands), then the document files, then the signed
// manifest. The file is written under a temporary name and renamed by
// Finish; Abort removes it.
type Writer struct {
	path     string
	created  time.Time
	out      *os.File
	bw       *bufio.Writer
	aw       io.WriteCloser
	zw       *zip.Writer
	entries  []Entry
	rows     int
	changes  io.Writer     // the open changes.jsonl entry
	rowsBuf  *bufio.Writer // buffers it
	rowsHash hashCounter
	enc      *json.Encoder
}

// hashCounter is what an entry was: its SHA-256 and size as written.
type hashCounter struct {
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
	c *counter
}

// Create starts a bundle at path for the receiver (to), with header h.
func Create(path string, h Header, to age.Recipient, created time.Time) (*Writer, error) {
	// The zip is encrypted as it is written: no plain copy of the bundle
	// ever touches the disk, not even for a moment.
	out, err := os.CreateTemp(filepath.Dir(path), ".cbx-*.part")
	if err != nil {
		return nil, err
	}
	w := &Writer{path: path, created: created, out: out, bw: bufio.NewWriterSize(out, 1<<16)}
	if _, err := io.WriteString(w.bw, formatHeader(h)); err != nil {
		w.Abort()
		return nil, err
	}
	if w.aw, err = age.Encrypt(w.bw, to); err != nil {
		w.Abort()
		return nil, err
	}
	w.zw = zip.NewWriter(w.aw)
	if err := w.openChanges(); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// openChanges starts the entry of the rows, changes.jsonl.
func (w *Writer) openChanges() error {
	zf, err := w.zw.CreateHeader(&zip.FileHeader{Name: "changes.jsonl", Method: zip.Deflate, Modified: w.created})
	if err != nil {
		return err
	}
	h := sha256.New()
	c := &counter{w: io.MultiWriter(zf, h)}
	w.rowsHash = hashCounter{h: h, c: c}
	w.rowsBuf = bufio.NewWriter(c)
	w.enc = json.NewEncoder(w.rowsBuf)
	w.changes = zf
	return nil
}

// Row writes one row (one line of changes.jsonl).
func (w *Writer) Row(r *Row) error {
	if w.enc == nil {
		return errors.New("the bundle's rows are already written")
	}
	w.rows++
	return w.enc.Encode(r)
}

// Rows is how many rows were written.
func (w *Writer) Rows() int { return w.rows }

// closeChanges ends changes.jsonl (at the first entry after the rows).
func (w *Writer) closeChanges() error {
	if w.enc == nil {
		return nil
	}
	if err := w.rowsBuf.Flush(); err != nil {
		return err
	}
	w.entries = append(w.entries, Entry{Name: "changes.jsonl", Size: w.rowsHash.c.n, SHA256: hex.EncodeToString(w.rowsHash.h.Sum(nil))})
	w.enc, w.rowsBuf, w.changes = nil, nil, nil
	return nil
}

// add writes one more entry.
func (w *Writer) add(name string, method uint16, write func(io.Writer) error) error {
	if err := w.closeChanges(); err != nil {
		return err
	}
	zf, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: w.created})
	if err != nil {
		return err
	}
	h := sha256.New()
	cw := &counter{w: io.MultiWriter(zf, h)}
	if err := write(cw); err != nil {
		return err
	}
	w.entries = append(w.entries, Entry{Name: name, Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// Keys writes a new office's keys (an invitation's).
func (w *Writer) Keys(k *Keys) error {
	return w.add("keys.json", zip.Store, func(out io.Writer) error { return json.NewEncoder(out).Encode(k) })
}

// Files writes the document files, each checked against its fingerprint
// as it is read; progress, if not nil, is told the bytes written so far.
func (w *Writer) Files(files []File, progress func(done, total int64)) error {
	var total, done int64
	for _, f := range files {
		total += f.Size
	}
	for _, f := range files {
		if err := w.add("files/"+f.SHA256, zip.Deflate, func(out io.Writer) error {
			r, err := f.Open()
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = io.Copy(out, r)
			return err
		}); err != nil {
			return fmt.Errorf("document file %s: %w", f.SHA256, err)
		}
		if w.entries[len(w.entries)-1].SHA256 != f.SHA256 {
			return fmt.Errorf("document file %s has changed on disk: %w", f.SHA256, ErrFileMismatch)
		}
		done += f.Size
		if progress != nil {
			progress(done, total)
		}
	}
	return nil
}

// Finish writes the manifest m (its entries those written), signs it with
// keys, and puts the bundle at its path.
func (w *Writer) Finish(m Manifest, keys Keys) error {
	signer, err := keys.signer()
	if err != nil {
		return err
	}
	if err := w.closeChanges(); err != nil {
		return err
	}
	m.Entries = w.entries
	mb, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := w.add("manifest.json", zip.Deflate, func(out io.Writer) error { _, err := out.Write(mb); return err }); err != nil {
		return err
	}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(signer, mb))
	if err := w.add("manifest.sig", zip.Store, func(out io.Writer) error { _, err := io.WriteString(out, sig); return err }); err != nil {
		return err
	}
	if err := w.zw.Close(); err != nil {
		return err
	}
	if err := w.aw.Close(); err != nil {
		return err
	}
	if err := w.bw.Flush(); err != nil {
		return err
	}
	if err := w.out.Sync(); err != nil {
		return err
	}
	if err := w.out.Close(); err != nil {
		return err
	}
	return os.Rename(w.out.Name(), w.path)
}

// Abort gives the bundle up: its temporary file is removed.
func (w *Writer) Abort() {
	w.out.Close()
	os.Remove(w.out.Name())
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func formatHeader(h Header) string {
	return fmt.Sprintf("%s\nkind: %s\nfoundation: %s\nfrom: %s\nto: %s\nseq: %d\nschema: %d\n\n",
		magic, h.Kind, h.Foundation, h.From, h.To, h.Seq, h.Schema)
}

// ReadHeader reads the plain header of a bundle file (unauthenticated: it
// only lets a wrong file be refused early; Open checks it against the
// signed manifest).
func ReadHeader(path string) (Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, err
	}
	defer f.Close()
	h, _, err := readHeader(f)
	return h, err
}

func readHeader(f io.Reader) (Header, int64, error) {
	buf := make([]byte, 1024)
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	end := bytes.Index(buf, []byte("\n\n"))
	if !bytes.HasPrefix(buf, []byte(magic+"\n")) {
		return Header{}, 0, ErrNotBundle
	}
	if end < 0 {
		return Header{}, 0, ErrDamaged
	}
	var h Header
	for _, line := range strings.Split(string(buf[len(magic)+1:end]), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			return Header{}, 0, ErrDamaged
		}
		var err error
		switch k {
		case "kind":
			h.Kind = v
		case "foundation":
			h.Foundation = v
		case "from":
			h.From = v
		case "to":
			h.To = v
		case "seq":
			h.Seq, err = strconv.ParseInt(v, 10, 64)
		case "schema":
			h.Schema, err = strconv.Atoi(v)
		default:
			err = ErrDamaged
		}
		if err != nil {
			return Header{}, 0, ErrDamaged
		}
	}
	if h.Kind != KindBundle && h.Kind != KindInvite {
		return Header{}, 0, ErrDamaged
	}
	return h, int64(end + 2), nil
}

// Opened is a bundle whose every entry has been checked. Its rows stay in
// the bundle, read again each time they are needed (EachRow): an
// invitation of a whole foundation is never all in memory.
type Opened struct {
	Manifest Manifest
	Keys     *Keys
	// What Open saw of the rows: how many, the newest version of each
	// office among them (the versions of their fields too), their tables
	// in the order they come (a table once per run of its rows), and what
	// a merge needs before it starts or after it ends — the rows of the
	// review queue (conflicts) and of the erasures (purges), and the keys
	// of the documents.
	Count        int
	Newest       Knowledge
	Tables       []string
	Conflicts    []Row
	Purges       []Row
	DocumentKeys []string

	tmp     *sealedFile
	files   map[string]*zip.File
	changes *zip.File
}

// EachRow gives fn the bundle's rows in the order they were written.
func (o *Opened) EachRow(fn func(*Row) error) error {
	if o.changes == nil {
		return nil
	}
	return eachRow(o.changes, fn)
}

// FileSize is the size of a carried document file (0, false: not carried).
func (o *Opened) FileSize(sha string) (int64, bool) {
	f, ok := o.files[sha]
	if !ok {
		return 0, false
	}
	return int64(f.UncompressedSize64), true
}

// Files are the fingerprints of the carried document files.
func (o *Opened) Files() []string {
	var out []string
	for sha := range o.files {
		out = append(out, sha)
	}
	return out
}

// OpenFile reads a carried document file (already checked against its
// fingerprint when the bundle was opened).
func (o *Opened) OpenFile(sha string) (io.ReadCloser, error) {
	f, ok := o.files[sha]
	if !ok {
		return nil, fmt.Errorf("document file %s: %w", sha, os.ErrNotExist)
	}
	return f.Open()
}

// Close removes the temporary copy.
func (o *Opened) Close() error {
	if o == nil {
		return nil
	}
	return o.tmp.Close()
}

// Open decrypts a bundle into a temporary file in tmpDir (beside the
// database: the contents are as private as it) and checks everything in it:
// the signature (verify returns the sender's public key, from the signed
// manifest's claims), that the manifest says what the outer header says,
// every entry's name, size and hash, and each document file's fingerprint.
// id opens bundles sent to this office; for an invitation pass a scrypt
// identity made from the passphrase.
func Open(path, tmpDir string, id age.Identity, verify func(m Manifest) (ed25519.PublicKey, error), lim Limits) (_ *Opened, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, off, err := readHeader(f)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	ar, err := age.Decrypt(f, id)
	if err != nil {
		var wrong *age.NoIdentityMatchError
		switch {
		case errors.As(err, &wrong) && h.Kind == KindInvite:
			return nil, ErrWrongPassphrase
		case errors.As(err, &wrong):
			return nil, ErrNotForUs
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if h.Kind == KindInvite {
		// The passphrase's key took 256 MiB by design (scrypt): it goes
		// back to the computer now, before the bundle is read, instead of
		// letting the memory in use grow to twice that before the next
		// collection.
		debug.FreeOSMemory()
	}
	// The zip needs reading at random, so it goes to a temporary file;
	// that file is encrypted under a key that lives only in this process,
	// so a stopped import leaves nothing readable behind.
	tmp, err := newSealedFile(tmpDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
		}
	}()
	n, err := io.Copy(tmp, io.LimitReader(ar, lim.Total+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if n > lim.Total {
		return nil, ErrUnsafe
	}
	if err := tmp.Done(); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(tmp, n)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	o := &Opened{tmp: tmp, files: map[string]*zip.File{}}
	byName := map[string]*zip.File{}
	for _, zf := range zr.File {
		if !safeName(zf.Name) || byName[zf.Name] != nil {
			return nil, fmt.Errorf("%w: %q", ErrUnsafe, zf.Name)
		}
		byName[zf.Name] = zf
	}
	mf, sf := byName["manifest.json"], byName["manifest.sig"]
	if mf == nil || sf == nil {
		return nil, ErrDamaged
	}
	mb, err := readAll(mf, lim.Manifest)
	if err != nil {
		return nil, err
	}
	sig, err := readAll(sf, 1024)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(mb, &o.Manifest); err != nil {
		return nil, fmt.Errorf("%w: manifest: %v", ErrDamaged, err)
	}
	if o.Manifest.Header != h {
		return nil, fmt.Errorf("%w: the outside of the file does not match its signed contents", ErrForged)
	}
	pub, err := verify(o.Manifest)
	if err != nil {
		return nil, err
	}
	rawSig, err := base64.StdEncoding.DecodeString(string(sig))
	if err != nil || !ed25519.Verify(pub, mb, rawSig) {
		return nil, ErrForged
	}
	listed := map[string]Entry{}
	var total int64
	for _, e := range o.Manifest.Entries {
		total += e.Size
		listed[e.Name] = e
	}
	if total > lim.Total {
		return nil, ErrUnsafe
	}
	for name := range byName {
		if _, ok := listed[name]; !ok && name != "manifest.json" && name != "manifest.sig" {
			return nil, fmt.Errorf("%w: %q is not in the manifest", ErrUnsafe, name)
		}
	}
	for name := range listed {
		if byName[name] == nil {
			return nil, fmt.Errorf("%w: %q is missing", ErrDamaged, name)
		}
	}
	// The rows first: a document file is taken only when a row of the
	// bundle points at it, and only within the size a document may have.
	for _, name := range []string{"changes.jsonl", "keys.json"} {
		if zf := byName[name]; zf != nil {
			if err := checkEntry(zf, listed[name]); err != nil {
				return nil, err
			}
		}
	}
	pointed := map[string]bool{}
	o.Newest = Knowledge{}
	if zf := byName["changes.jsonl"]; zf != nil {
		o.changes = zf
		err := eachRow(zf, func(r *Row) error {
			o.Count++
			o.Newest.Add(r.Version)
			for _, v := range r.Fields {
				o.Newest.Add(v)
			}
			if n := len(o.Tables); n == 0 || o.Tables[n-1] != r.Table {
				o.Tables = append(o.Tables, r.Table)
			}
			switch r.Table {
			case "documents":
				if sha, ok := r.Values["sha256"].(string); ok {
					pointed[sha] = true
				}
				o.DocumentKeys = append(o.DocumentKeys, r.Key)
			case "conflicts":
				o.Conflicts = append(o.Conflicts, *r)
			case "purges":
				o.Purges = append(o.Purges, *r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	fileLimit := lim.File
	if fileLimit <= 0 {
		fileLimit = lim.Total
	}
	for name, zf := range byName {
		sha, ok := strings.CutPrefix(name, "files/")
		if !ok {
			continue
		}
		e := listed[name]
		switch {
		case sha != e.SHA256:
			return nil, fmt.Errorf("%w: %s", ErrFileMismatch, sha)
		case !pointed[sha]:
			return nil, fmt.Errorf("%w: a document file no row points at (%s)", ErrUnsafe, sha)
		case e.Size > fileLimit || zf.UncompressedSize64 > uint64(fileLimit):
			return nil, fmt.Errorf("%w: a document file of %d MB, over the limit of %d MB (%s)", ErrUnsafe, e.Size>>20, fileLimit>>20, sha)
		}
		if err := checkEntry(zf, e); err != nil {
			return nil, err
		}
		o.files[sha] = zf
	}
	if zf := byName["keys.json"]; zf != nil {
		b, err := readAll(zf, 4096)
		if err != nil {
			return nil, err
		}
		o.Keys = new(Keys)
		if err := json.Unmarshal(b, o.Keys); err != nil {
			return nil, fmt.Errorf("%w: keys", ErrDamaged)
		}
	}
	return o, nil
}

// safeName accepts only the names Write makes.
func safeName(n string) bool {
	switch n {
	case "manifest.json", "manifest.sig", "changes.jsonl", "keys.json":
		return true
	}
	sha, ok := strings.CutPrefix(n, "files/")
	if !ok || len(sha) != 64 {
		return false
	}
	_, err := hex.DecodeString(sha)
	return err == nil && strings.ToLower(sha) == sha
}

func readAll(zf *zip.File, limit int64) ([]byte, error) {
	r, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %q is too large", ErrUnsafe, zf.Name)
	}
	return b, nil
}

// checkEntry reads an entry through, no further than the manifest's size
// (a compression bomb stops there), and compares its hash.
func checkEntry(zf *zip.File, e Entry) error {
	r, err := zf.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(r, e.Size+1))
	if err != nil {
		return fmt.Errorf("%w: %q: %v", ErrDamaged, e.Name, err)
	}
	if n > e.Size {
		return fmt.Errorf("%w: %q unpacks to more than its stated size", ErrUnsafe, e.Name)
	}
	if n != e.Size || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		if strings.HasPrefix(e.Name, "files/") {
			return fmt.Errorf("%w: %s", ErrFileMismatch, e.Name)
		}
		return fmt.Errorf("%w: %q", ErrDamaged, e.Name)
	}
	return nil
}

// eachRow reads the rows of changes.jsonl one at a time; whole numbers
// come back as int64. The rows are decoded on a goroutine of their own, a
// few hundred ahead of fn: decoding is a fifth of joining an office, and
// it goes on on one core while fn writes the rows before on the other.
func eachRow(zf *zip.File, fn func(*Row) error) error {
	r, err := zf.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer r.Close()
	return ahead.Run(context.Background(), func(ctx context.Context, emit func(Row) error) error {
		dec := json.NewDecoder(bufio.NewReader(r))
		dec.UseNumber()
		for {
			var row Row
			if err := dec.Decode(&row); err == io.EOF {
				return nil
			} else if err != nil {
				return fmt.Errorf("%w: changes: %v", ErrDamaged, err)
			}
			for c, v := range row.Values {
				if n, ok := v.(json.Number); ok {
					if i, err := n.Int64(); err == nil {
						row.Values[c] = i
					} else if f, err := n.Float64(); err == nil {
						row.Values[c] = f
					}
				}
			}
			if err := emit(row); err != nil {
				return err
			}
		}
	}, fn)
}
