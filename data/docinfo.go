package data

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for the formats volunteers scan to
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strings"

	"github.com/disintegration/imaging"
	"github.com/gen2brain/heic" // phones' photos: libheif in WebAssembly
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	_ "golang.org/x/image/bmp" // and scanners'
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

func init() {
	// pdfcpu would otherwise write a configuration folder into the user's
	// profile; Carebook needs none of it.
	model.ConfigPath = "disable"
	// The heic package knows a file by the brand "heic"; phones also write
	// "heix" (10-bit) and "mif1" (HEIF in general) as the file's brand.
	for _, brand := range []string{"heix", "mif1", "msf1", "heim", "heis"} {
		image.RegisterFormat("heic", "????ftyp"+brand, heic.Decode, heic.DecodeConfig)
	}
}

// Limits on images that are decoded for previews. A scan from a phone is
// 12–50 megapixels; a file that claims 50 000 × 50 000 is a decompression
// bomb (gigabytes of memory) and is refused from its header alone.
const (
	MaxImagePixels = 80_000_000
	MaxImageSide   = 20_000
)

// ImageTooLargeError refuses to decode an image whose header declares too
// many pixels.
type ImageTooLargeError struct{ Width, Height int }

func (e *ImageTooLargeError) Error() string {
	return fmt.Sprintf("the image is %d × %d pixels, too large to show safely", e.Width, e.Height)
}

// IsImage reports whether a document is an image Carebook can show.
func (d *Document) IsImage() bool {
	switch d.MediaType {
	case "image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp", "image/heic":
		return true
	}
	return false
}

// IsPDF reports whether a document is a PDF.
func (d *Document) IsPDF() bool { return d.MediaType == "application/pdf" }

// DecodeImageSafely reads an image, checking the dimensions its header
// declares before decoding any pixels. A decoder that panics on a damaged
// file (or whose WebAssembly cannot start) is an error, never a crash.
func DecodeImageSafely(r io.ReadSeeker) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("not a readable image: %v", p)
		}
	}()
	cfg, _, err := image.DecodeConfig(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("not a readable image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide ||
		int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, &ImageTooLargeError{cfg.Width, cfg.Height}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	// A phone or a scanner may store a picture turned and say in its EXIF
	// how to show it: it is shown as it was taken. (A HEIC says it in its
	// own boxes, which libheif applies as it decodes.)
	img, err = imaging.Decode(bufio.NewReader(r), imaging.AutoOrientation(true))
	if err != nil {
		return nil, fmt.Errorf("not a readable image: %w", err)
	}
	return img, nil
}

// DocumentImage decodes a stored image document safely.
func (s *Store) DocumentImage(doc *Document) (image.Image, error) {
	f, err := s.OpenFile(doc)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DecodeImageSafely(f)
}

// Thumbnail scales img to fit in side × side pixels, keeping its proportions.
func Thumbnail(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	if w >= h {
		h, w = h*side/w, side
	} else {
		w, h = w*side/h, side
	}
	dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

// PDFPages counts the pages of a stored PDF document.
func (s *Store) PDFPages(doc *Document) (int, error) {
	f, err := s.OpenFile(doc)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return PDFPageCount(f)
}

// PDFPageCount counts the pages of a PDF; a damaged PDF is an error, never a crash.
func PDFPageCount(r io.ReadSeeker) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("damaged PDF: %v", p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	n, err = api.PageCount(r, conf)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, "\n"); i > 0 {
			msg = msg[:i]
		}
		return 0, errors.New("damaged PDF: " + msg)
	}
	return n, nil
}
