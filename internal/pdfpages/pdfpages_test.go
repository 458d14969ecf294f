package pdfpages

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"carebook/assets"
)

// batch writes letters as Carebook's batches are written: Noto Sans, a logo
// on every page, letter i on pages[i] pages. It returns the PDF and where
// each letter starts.
func batch(t *testing.T, pages []int) ([]byte, []int) {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 64 {
		img.Set(i%8, i/8, color.RGBA{uint8(i * 4), 80, 160, 255})
	}
	var logo bytes.Buffer
	png.Encode(&logo, img)
	p.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: "PNG"}, &logo)
	p.SetFooterFunc(func() {})
	var starts []int
	for i, n := range pages {
		for j := range n {
			p.AddPage()
			if j == 0 {
				starts = append(starts, p.PageNo())
			}
			p.ImageOptions("logo", 15, 10, 12, 12, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
			p.SetFont("Noto", "", 12)
			p.SetY(40)
			p.MultiCell(180, 6, fmt.Sprintf("Письмо %d, страница %d. Рақмет, Aйгерім! endobj stream", i+1, j+1), "", "L", false)
		}
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), starts
}

func text(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-layout", p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return string(out)
}

func TestCutGivesTheLettersPagesAndNoOthers(t *testing.T) {
	pdf, starts := batch(t, []int{1, 2, 1, 3, 1})
	total, err := Count(pdf)
	if err != nil || total != 8 {
		t.Fatalf("Count = %d, %v; want 8", total, err)
	}
	ranges := Ranges(starts, total)
	want := []Range{{1, 1}, {2, 3}, {4, 4}, {5, 7}, {8, 8}}
	if fmt.Sprint(ranges) != fmt.Sprint(want) {
		t.Fatalf("Ranges = %v, want %v", ranges, want)
	}
	conf := model.NewDefaultConfiguration()
	for i, r := range ranges {
		cut, err := Cut(pdf, r)
		if err != nil {
			t.Fatalf("letter %d: %v", i+1, err)
		}
		if err := api.Validate(bytes.NewReader(cut), conf); err != nil {
			t.Errorf("letter %d: the cut is not a valid PDF: %v", i+1, err)
		}
		if n, err := Count(cut); err != nil || n != r.Pages() {
			t.Errorf("letter %d: the cut has %d pages (%v), want %d", i+1, n, err, r.Pages())
		}
		got := text(t, cut)
		for j := range r.Pages() {
			if !strings.Contains(got, fmt.Sprintf("Письмо %d, страница %d.", i+1, j+1)) {
				t.Errorf("letter %d: page %d missing from the cut:\n%s", i+1, j+1, got)
			}
		}
		for k := range ranges {
			if k != i && strings.Contains(got, fmt.Sprintf("Письмо %d,", k+1)) {
				t.Errorf("letter %d: the cut holds letter %d too", i+1, k+1)
			}
		}
		again, _ := Cut(pdf, r)
		if !bytes.Equal(cut, again) {
			t.Errorf("letter %d: two cuts differ", i+1)
		}
		if b, err := Read(pdf); err != nil {
			t.Fatal(err)
		} else if fromBatch, err := b.Cut(r); err != nil || !bytes.Equal(fromBatch, cut) {
			t.Errorf("letter %d: the batch's cut differs from Cut's (%v)", i+1, err)
		}
		if len(cut) >= len(pdf) && len(ranges) > 1 {
			t.Errorf("letter %d: the cut (%d bytes) is not smaller than the batch (%d)", i+1, len(cut), len(pdf))
		}
	}
}

func TestCutRefusesWhatItCannotCut(t *testing.T) {
	pdf, _ := batch(t, []int{2})
	if _, err := Cut(pdf, Range{2, 3}); err == nil {
		t.Error("pages past the end were cut")
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not PDF":   []byte("hello"),
		"cut short": pdf[:len(pdf)/2],
		"no table":  bytes.Replace(pdf, []byte("xref\n0 "), []byte("xref\n9 "), 1),
	} {
		if _, err := Cut(b, Range{1, 1}); !errors.Is(err, ErrNotPlain) {
			t.Errorf("%s: %v, want ErrNotPlain", name, err)
		}
	}
	// A PDF another program rewrote (a cross-reference stream) is refused
	// rather than misread.
	var other bytes.Buffer
	if err := api.Optimize(bytes.NewReader(pdf), &other, model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	if _, err := Cut(other.Bytes(), Range{1, 1}); err != nil && !errors.Is(err, ErrNotPlain) {
		t.Errorf("a PDF pdfcpu wrote: %v, want a cut or ErrNotPlain", err)
	}
}

func TestParseRange(t *testing.T) {
	for s, want := range map[string]Range{"3": {3, 3}, "3-4": {3, 4}, "12-40": {12, 40}} {
		got, err := ParseRange(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("ParseRange(%q) = %v, %v (String %q)", s, got, err, got.String())
		}
	}
	for _, s := range []string{"", "0", "4-3", "a", "1-", "-2"} {
		if _, err := ParseRange(s); err == nil {
			t.Errorf("ParseRange(%q) accepted", s)
		}
	}
}
