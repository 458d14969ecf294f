package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"carebook/data/filestore"
)

// countReader yields n pseudo-random bytes without holding them.
type countReader struct {
	left int64
	x    uint64
}

func (r *countReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		r.x = r.x*6364136223846793005 + 1442695040888963407
		p[i] = byte(r.x >> 56)
	}
	r.left -= int64(len(p))
	return len(p), nil
}

// Storing a large file streams it: the heap does not grow with the file.
func TestPutFileStreamsWithFlatMemory(t *testing.T) {
	s := newStore(t)
	const size = 256 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	peak := uint64(0)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				runtime.Gosched()
			}
		}
	}()
	sha, n, err := s.PutFile(&countReader{left: size, x: 1}, 0, "big.bin")
	close(done)
	if err != nil || n != size {
		t.Fatalf("PutFile: %d bytes, %v", n, err)
	}
	runtime.ReadMemStats(&after)
	if grew := int64(peak) - int64(before.HeapInuse); grew > 32<<20 {
		t.Fatalf("the heap grew by %d MB while storing a 256 MB file", grew>>20)
	}
	if fi, err := os.Stat(s.BlobPath(sha)); err != nil || fi.Size() != size {
		t.Fatalf("stored file: %v", err)
	}
}

// failingFS writes through to the disk but fails a write after n bytes, as a
// full disk does.
type failingFS struct {
	filestore.OS
	after int
	err   error
}

func (f failingFS) CreateTemp(dir, pattern string) (filestore.File, error) {
	file, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &failingFile{File: file, left: f.after, err: f.err}, nil
}

type failingFile struct {
	*os.File
	left int
	err  error
}

func (f *failingFile) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.File.Write(p[:f.left])
		f.left = 0
		return n, f.err
	}
	f.left -= len(p)
	return f.File.Write(p)
}

// vanishingReader reads some bytes and then fails, like a file on a USB
// stick that was pulled out.
type vanishingReader struct{ left int }

func (r *vanishingReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, &os.PathError{Op: "read", Path: "E:/скан.pdf", Err: syscall.EIO}
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'x'
	}
	r.left -= n
	return n, nil
}

// storeState is what must not change when an attach fails: the rows and the
// files folder.
func storeState(t *testing.T, s *Store) string {
	t.Helper()
	var rows int
	s.db.QueryRow("SELECT count(*) FROM documents").Scan(&rows)
	var files []string
	filepath.WalkDir(s.FilesDir(), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.Base(p))
		}
		return nil
	})
	return strings.Join(append(files, string(rune('0'+rows))), ",")
}

func TestBadFilesAreRefusedAndLeaveNothingBehind(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// One good file first, so "unchanged" means something.
	good := write("выписка из больницы.pdf", []byte("%PDF-1.4 good"))
	mustCreate(t, s.AttachPath(ctx, &Document{ChildID: c.ID, Kind: DocDischargeSummary}, good))
	big := write("big.pdf", bytes.Repeat([]byte("x"), 3<<20))
	settings, _ := s.Settings(ctx)
	settings.MaxFileMB = 2
	mustCreate(t, s.SaveSettings(ctx, settings))
	os.Symlink(filepath.Join(dir, "gone.pdf"), filepath.Join(dir, "link.pdf"))

	cases := []struct {
		name string
		do   func() error
		kind string
	}{
		{"a folder", func() error {
			return s.AttachPath(ctx, &Document{ChildID: c.ID, Kind: DocOther}, dir)
		}, filestore.IsFolder},
		{"an unreadable file", func() error {
			return s.AttachPath(ctx, &Document{ChildID: c.ID, Kind: DocOther}, filepath.Join(dir, "link.pdf"))
		}, filestore.Unreadable},
		{"a file over the limit", func() error {
			return s.AttachPath(ctx, &Document{ChildID: c.ID, Kind: DocOther}, big)
		}, filestore.TooLarge},
		{"an empty file", func() error {
			return s.AttachPath(ctx, &Document{ChildID: c.ID, Kind: DocOther}, write("пусто.pdf", nil))
		}, filestore.Empty},
		{"a file that vanishes mid-copy", func() error {
			d := &Document{ChildID: c.ID, Kind: DocOther, Title: "скан", FileName: "скан.pdf"}
			return s.AttachFile(ctx, d, &vanishingReader{left: 700 << 10}, 0)
		}, filestore.Vanished},
		{"a disk that fills up mid-copy", func() error {
			s.fs = failingFS{after: 300 << 10, err: &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}}
			defer func() { s.fs = nil }()
			d := &Document{ChildID: c.ID, Kind: DocOther, Title: "скан", FileName: "скан.pdf"}
			return s.AttachFile(ctx, d, &countReader{left: 1 << 20}, 0)
		}, filestore.DiskFull},
		{"a failing write", func() error {
			s.fs = failingFS{after: 10, err: errors.New("I/O error")}
			defer func() { s.fs = nil }()
			d := &Document{ChildID: c.ID, Kind: DocOther, Title: "скан", FileName: "скан.pdf"}
			return s.AttachFile(ctx, d, strings.NewReader(strings.Repeat("y", 1000)), 0)
		}, filestore.WriteFailed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := storeState(t, s)
			err := tc.do()
			var fe *filestore.Error
			if !errors.As(err, &fe) || fe.Kind != tc.kind {
				t.Fatalf("want a %s error, got %v", tc.kind, err)
			}
			if fe.Error() == "" || strings.Contains(fe.Error(), "%!") {
				t.Fatalf("message %q", fe.Error())
			}
			if after := storeState(t, s); after != before {
				t.Fatalf("the store changed: %s → %s", before, after)
			}
		})
	}
	// A bad title is refused before anything is copied.
	before := storeState(t, s)
	err := s.AttachFile(ctx, &Document{ChildID: c.ID, Kind: DocOther, FileName: "x.pdf"}, strings.NewReader("z"), 0)
	if !hasField(err, "title", CodeRequired) || storeState(t, s) != before {
		t.Fatalf("untitled document: %v", err)
	}
}

func TestAttachKeepsCyrillicNamesAndGuessesKinds(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	p := filepath.Join(t.TempDir(), "Заключение ЛОР врача от 12.03.pdf")
	os.WriteFile(p, []byte("%PDF-1.4"), 0o600)
	d := &Document{ChildID: c.ID}
	mustCreate(t, s.AttachPath(ctx, d, p))
	if d.FileName != "Заключение ЛОР врача от 12.03.pdf" || d.Title != "Заключение ЛОР врача от 12.03" ||
		d.Kind != DocMedicalConclusion || d.MediaType != "application/pdf" {
		t.Fatalf("document: %+v", d)
	}
	for name, want := range map[string]DocumentKind{
		"IMG_2041.JPG": DocPhoto, "скан паспорта.jpg": DocIdentity, "Kostenvoranschlag.pdf": DocQuote,
		"согласие мамы.pdf": DocConsentForm, "HLA typing.pdf": DocTestResult, "Выписной эпикриз.docx": DocDischargeSummary,
		"Rechnung 118.pdf": DocInvoice, "notes.txt": DocOther,
	} {
		if got := GuessKind(name); got != want {
			t.Errorf("GuessKind(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestVerifyFilesFindsAlteredAndMissing(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	a := &Document{ChildID: c.ID, Kind: DocOther, Title: "a", FileName: "a.pdf"}
	b := &Document{ChildID: c.ID, Kind: DocOther, Title: "b", FileName: "b.pdf"}
	mustCreate(t, s.AttachFile(ctx, a, strings.NewReader("first file"), 0))
	mustCreate(t, s.AttachFile(ctx, b, strings.NewReader("second file"), 0))
	if probs, err := s.VerifyFiles(ctx, nil); err != nil || len(probs) != 0 {
		t.Fatalf("fresh store: %v %v", probs, err)
	}
	f, _ := os.OpenFile(s.BlobPath(a.SHA256), os.O_WRONLY, 0)
	f.WriteAt([]byte("F"), 0)
	f.Close()
	os.Remove(s.BlobPath(b.SHA256))
	probs, _ := s.VerifyFiles(ctx, nil)
	kinds := map[string]string{}
	for _, p := range probs {
		kinds[p.Document.FileName] = p.Err.Kind
	}
	if len(probs) != 2 || kinds["a.pdf"] != filestore.Altered || kinds["b.pdf"] != filestore.Missing {
		t.Fatalf("problems: %v", kinds)
	}
}

func TestOpenCopyKeepsTheOriginalNameAndSaveCopyWrites(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	d := &Document{ChildID: c.ID, Kind: DocQuote, Title: "Смета", FileName: "Смета клиники: итог?.pdf"}
	mustCreate(t, s.AttachFile(ctx, d, strings.NewReader("%PDF quote"), 0))
	p, err := s.OpenCopy(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(p))
	if filepath.Base(p) != "Смета клиники_ итог_.pdf" {
		t.Fatalf("open copy named %q", filepath.Base(p))
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF quote" {
		t.Fatalf("copy holds %q", b)
	}
	dest := filepath.Join(t.TempDir(), "сохранено.pdf")
	mustCreate(t, s.SaveCopy(ctx, d, dest))
	if b, _ := os.ReadFile(dest); string(b) != "%PDF quote" {
		t.Fatalf("saved copy holds %q", b)
	}
	for in, want := range map[string]string{
		"../../etc/passwd": "passwd", "CON.pdf": "document.pdf", "a\x00b.pdf": "ab.pdf", "  .pdf  ": "pdf",
		"Oʻgʻiloy — HLA.pdf": "Oʻgʻiloy — HLA.pdf", `C:\Users\x\скан.jpg`: "скан.jpg",
	} {
		if got := filestore.SafeFileName(in, "document"); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChecklistStates(t *testing.T) {
	s := newStore(t) // today is 2026-11-21
	c := newChild(t, s, "Аружан", "Омарова")
	add := func(kind DocumentKind, issued string) {
		d := &Document{ChildID: c.ID, Kind: kind, Title: string(kind), FileName: string(kind) + ".pdf", IssuedOn: MustDate(issued)}
		mustCreate(t, s.AttachFile(ctx, d, strings.NewReader(string(kind)+issued), 0))
	}
	add(DocConsentForm, "2025-01-10")       // no validity: present
	add(DocMedicalConclusion, "2026-06-10") // 180 days → 2026-12-07: expiring
	add(DocQuote, "2026-05-01")             // 90 days → 2026-07-30: expired
	items, err := s.Checklist(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[DocumentKind]ChecklistState{}
	for _, it := range items {
		got[it.Kind] = it.State
	}
	want := map[DocumentKind]ChecklistState{DocIdentity: CheckMissing, DocQuote: CheckExpired,
		DocMedicalConclusion: CheckExpiring, DocConsentForm: CheckPresent}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	if items[0].State != CheckMissing {
		t.Errorf("what needs doing is not first: %v", items[0])
	}
	// A newer quote replaces the stale one; a program can have its own list.
	add(DocQuote, "2026-11-01")
	st, _ := s.Settings(ctx)
	st.Checklists["Слух"] = []DocumentKind{DocTestResult}
	mustCreate(t, s.SaveSettings(ctx, st))
	items, _ = s.Checklist(ctx, c.ID)
	for _, it := range items {
		if it.Kind == DocQuote && it.State != CheckPresent {
			t.Errorf("newer quote: %s", it.State)
		}
	}
	c.Program = "Слух"
	mustCreate(t, s.Children.Update(ctx, c))
	items, _ = s.Checklist(ctx, c.ID)
	if len(items) != 1 || items[0].Kind != DocTestResult || items[0].State != CheckMissing {
		t.Errorf("program list: %+v", items)
	}
}

func TestFileLeavesDiskOnlyWhenTrashIsEmptiedAndUnused(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	a := &Document{ChildID: c.ID, Kind: DocOther, Title: "a", FileName: "a.pdf"}
	b := &Document{ChildID: c.ID, Kind: DocOther, Title: "b", FileName: "b.pdf"}
	mustCreate(t, s.AttachFile(ctx, a, strings.NewReader("same bytes"), 0))
	mustCreate(t, s.AttachFile(ctx, b, strings.NewReader("same bytes"), 0))
	mustCreate(t, s.Documents.Delete(ctx, a.ID))
	if _, err := os.Stat(s.BlobPath(a.SHA256)); err != nil {
		t.Fatal("deleting moved the file off the disk")
	}
	docs, files, err := s.PurgeTrashedDocuments(ctx)
	if err != nil || docs != 1 || files != 0 {
		t.Fatalf("purge: %d docs, %d files, %v", docs, files, err)
	}
	if _, err := os.Stat(s.BlobPath(a.SHA256)); err != nil {
		t.Fatal("a file another document uses was removed")
	}
	mustCreate(t, s.Documents.Delete(ctx, b.ID))
	if _, files, _ := s.PurgeTrashedDocuments(ctx); files != 1 {
		t.Fatal("the last user's purge did not remove the file")
	}
	if _, err := os.Stat(s.BlobPath(a.SHA256)); !os.IsNotExist(err) {
		t.Fatal("the file is still on disk")
	}
}

// A PNG that declares 50 000 × 50 000 pixels is refused from its header.
func TestDecompressionBombIsRefused(t *testing.T) {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	raw := b.Bytes()
	// IHDR data starts at byte 16: width, height; its CRC follows the 13 bytes.
	binary.BigEndian.PutUint32(raw[16:], 50000)
	binary.BigEndian.PutUint32(raw[20:], 50000)
	binary.BigEndian.PutUint32(raw[29:], crc32.ChecksumIEEE(raw[12:29]))
	_, err := DecodeImageSafely(bytes.NewReader(raw))
	var te *ImageTooLargeError
	if !errors.As(err, &te) || te.Width != 50000 {
		t.Fatalf("want ImageTooLargeError, got %v", err)
	}
	// A normal image decodes and thumbnails keep proportions.
	b.Reset()
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 400, 200)))
	img, err := DecodeImageSafely(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if th := Thumbnail(img, 100).Bounds(); th.Dx() != 100 || th.Dy() != 50 {
		t.Fatalf("thumbnail %v", th)
	}
}

func TestPDFPageCountAndDamagedPDF(t *testing.T) {
	if _, err := PDFPageCount(strings.NewReader("%PDF-1.4 this is not really a pdf")); err == nil {
		t.Fatal("a damaged PDF was counted")
	}
}

// A logo is stored, named in the settings and shown, or nothing of it stays:
// a file that is not an image, and a regional office (the logo is the head
// office's to set), leave no document behind.
func TestALogoIsSetWholeOrNotAtAll(t *testing.T) {
	docs := func(s *Store) int {
		var n int
		if err := s.DB().QueryRow("SELECT count(*) FROM documents").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	dir := t.TempDir()
	text := filepath.Join(dir, "logo.png")
	os.WriteFile(text, []byte("not a picture at all"), 0o600)
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 20)))
	logo := filepath.Join(dir, "real.png")
	os.WriteFile(logo, b.Bytes(), 0o600)

	hq, shy, _, _ := offices(t)
	if err := hq.SetLogo(ctx, text, "Logo"); err == nil {
		t.Fatal("a text file was taken as the logo")
	}
	if err := shy.SetLogo(ctx, logo, "Logo"); !hasField(err, "logo_document_id", CodeHeadOfficeOnly) {
		t.Fatalf("a regional office set the foundation's logo: %v", err)
	}
	for _, s := range []*Store{hq, shy} {
		st, _ := s.Settings(ctx)
		if n := docs(s); n != 0 || st.LogoDocumentID != "" {
			t.Fatalf("a refused logo left %d documents and the setting %q", n, st.LogoDocumentID)
		}
	}
	if err := hq.SetLogo(ctx, logo, "Logo"); err != nil {
		t.Fatal(err)
	}
	st, _ := hq.Settings(ctx)
	d, err := hq.Documents.Get(ctx, st.LogoDocumentID)
	if err != nil || d.Title != "Logo" || docs(hq) != 1 {
		t.Fatalf("the logo is not stored and named: %+v %v", d, err)
	}
}
