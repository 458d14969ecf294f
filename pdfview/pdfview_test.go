package pdfview

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"carebook/internal/scansample"
)

// Scan is a PDF as a scanner makes one.
func Scan(t testing.TB, pages int) []byte {
	t.Helper()
	b, err := scansample.PDF(pages, 1240)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAScanIsDrawnPageByPage(t *testing.T) {
	scan := Scan(t, 20)
	if err := Warm(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	d, err := Open(scan)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Pages() != 20 {
		t.Fatalf("%d pages, want 20", d.Pages())
	}
	img, err := d.Render(context.Background(), 0, 300)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first page of a 20-page scan: %v (the renderer started)", time.Since(start))
	b := img.Bounds()
	if b.Dx() != 300 || b.Dy() < 420 || b.Dy() > 426 {
		t.Fatalf("an A4 page 300 px wide is %v", b)
	}
	if r, _, _, _ := img.At(5, 5).RGBA(); r > 0x2000 {
		t.Errorf("the black corner is not at the top left: %v", img.At(5, 5))
	}
	if r, _, _, _ := img.At(250, 350).RGBA(); r < 0xc000 {
		t.Errorf("the page's light middle is drawn dark: %v", img.At(250, 350))
	}
	if _, err := d.Render(context.Background(), 20, 300); !errors.Is(err, ErrNoPage) {
		t.Errorf("page 21 of 20: %v", err)
	}
}

// A page the scanner stored turned is shown as it should be read.
func TestARotatedPageIsDrawnTurned(t *testing.T) {
	scan := Scan(t, 2)
	var turned bytes.Buffer
	if err := api.Rotate(bytes.NewReader(scan), &turned, 90, []string{"2"}, model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	d, err := Open(turned.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	upright, _ := d.Render(context.Background(), 0, 300)
	side, err := d.Render(context.Background(), 1, 300)
	if err != nil {
		t.Fatal(err)
	}
	if u, s := upright.Bounds(), side.Bounds(); u.Dy() <= u.Dx() || s.Dy() >= s.Dx() {
		t.Fatalf("upright %v, turned %v: the turned page is not landscape", u, s)
	}
	// Turned clockwise, the black corner is at the top right.
	if r, _, _, _ := side.At(side.Bounds().Dx()-5, 5).RGBA(); r > 0x2000 {
		t.Errorf("the turned page's corner is not at its top right: %v", side.At(side.Bounds().Dx()-5, 5))
	}
}

func TestDamagedAndLockedPDFsAreRefusedNotFatal(t *testing.T) {
	scan := Scan(t, 3)
	var locked bytes.Buffer
	conf := model.NewAESConfiguration("user-secret", "owner-secret", 256)
	if err := api.Encrypt(bytes.NewReader(scan), &locked, conf); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		pdf  []byte
		want error
	}{
		"empty":         {nil, ErrDamaged},
		"not a PDF":     {[]byte("Это не PDF, а письмо"), ErrDamaged},
		"cut in half":   {scan[:len(scan)/2], nil}, // PDFium may mend it: drawn, or refused, never a crash
		"garbage":       {bytes.Repeat([]byte("%PDF-1.4\n1 0 obj <<>>\n"), 1000), ErrDamaged},
		"with password": {locked.Bytes(), ErrPassword},
	} {
		d, err := Open(c.pdf)
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if err == nil {
			for i := range d.Pages() {
				d.Render(context.Background(), i, 200)
			}
			d.Close()
		}
	}
	// The renderer still works after all that.
	d, err := Open(scan)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}

// The renderer sees none of the computer's files: a PDF it draws is handed
// to it in memory, and a damaged file that took PDFium over could not
// reach a database or a child's papers from inside it.
func TestTheRendererCannotReadTheComputersFiles(t *testing.T) {
	if err := Warm(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "conclusion.pdf")
	if err := os.WriteFile(path, Scan(t, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	// As the renderer would see the path (a drive's letter dropped).
	guest := filepath.ToSlash(strings.TrimPrefix(path, filepath.VolumeName(path)))
	mu.Lock()
	defer mu.Unlock()
	r, err := instance.OpenDocument(&requests.OpenDocument{FilePath: &guest})
	if err == nil {
		instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: r.Document})
		t.Fatalf("the renderer opened %s from the disk", path)
	}
}
