package data

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/tiff"
)

// photo is a JPEG 60 × 40 with a black mark at its top left, its EXIF
// saying how to show it (orientation 1–8; 0: no EXIF at all).
func photo(t *testing.T, orientation uint16) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for y := range 40 {
		for x := range 60 {
			c := color.RGBA{240, 240, 240, 255}
			if x < 15 && y < 10 {
				c = color.RGBA{0, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 95})
	if orientation == 0 {
		return b.Bytes()
	}
	// APP1 "Exif": a little-endian TIFF header and one IFD entry, the
	// orientation (tag 0x0112, SHORT, 1 value).
	var tiffData bytes.Buffer
	tiffData.WriteString("II*\x00")
	binary.Write(&tiffData, binary.LittleEndian, uint32(8))
	binary.Write(&tiffData, binary.LittleEndian, uint16(1))
	binary.Write(&tiffData, binary.LittleEndian, []uint16{0x0112, 3})
	binary.Write(&tiffData, binary.LittleEndian, uint32(1))
	binary.Write(&tiffData, binary.LittleEndian, []uint16{orientation, 0})
	binary.Write(&tiffData, binary.LittleEndian, uint32(0))
	payload := append([]byte("Exif\x00\x00"), tiffData.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, payload...)
	return append(out, b.Bytes()[2:]...)
}

func dark(img image.Image, x, y int) bool {
	r, _, _, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
	return r < 0x4000
}

// Issue 30: a photo from a phone is shown as it was taken, whatever way the
// camera stored it; a scanner's TIFF is shown too.
func TestPhotosAreShownTheWayTheyWereTaken(t *testing.T) {
	for _, c := range []struct {
		orientation uint16
		w, h        int
		markX       int // where the black mark lands, on the top row
	}{
		{0, 60, 40, 2},  // no EXIF
		{1, 60, 40, 2},  // as stored
		{6, 40, 60, 37}, // stored turned: shown turned a quarter clockwise
		{8, 40, 60, 2},  // a quarter anticlockwise: the mark at the bottom left
		{3, 60, 40, 57}, // upside down: the mark at the bottom right
	} {
		img, err := DecodeImageSafely(bytes.NewReader(photo(t, c.orientation)))
		if err != nil {
			t.Fatalf("orientation %d: %v", c.orientation, err)
		}
		b := img.Bounds()
		if b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("orientation %d: shown %d × %d, want %d × %d", c.orientation, b.Dx(), b.Dy(), c.w, c.h)
			continue
		}
		y := 2
		if c.orientation == 8 || c.orientation == 3 {
			y = b.Dy() - 3
		}
		if !dark(img, c.markX, y) {
			t.Errorf("orientation %d: the mark is not at (%d, %d)", c.orientation, c.markX, y)
		}
	}
	// A scanner's TIFF.
	var scan bytes.Buffer
	if err := tiff.Encode(&scan, image.NewGray(image.Rect(0, 0, 30, 20)), nil); err != nil {
		t.Fatal(err)
	}
	if img, err := DecodeImageSafely(bytes.NewReader(scan.Bytes())); err != nil || img.Bounds().Dx() != 30 {
		t.Fatalf("a TIFF scan: %v", err)
	}
}

// Issue 30: a phone's HEIC photo is shown like any other picture (decoded
// by libheif in WebAssembly); a HEIC cut short is refused, never a crash.
func TestAPhonesHEICPhotoIsShown(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "phone.heic"))
	if err != nil {
		t.Fatal(err)
	}
	if !(&Document{MediaType: "image/heic"}).IsImage() {
		t.Error("a HEIC is not shown as an image")
	}
	img, err := DecodeImageSafely(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got.Dx() != 512 || got.Dy() != 512 {
		t.Fatalf("the photo is %v, want 512 × 512", got)
	}
	// Its top left is a salmon pink: stored as Y'CbCr (157, 102, 178),
	// that is (227, 130, 111) in RGB.
	r, g, bl, _ := img.At(10, 10).RGBA()
	if r>>8 < 212 || r>>8 > 242 || g>>8 < 115 || g>>8 > 145 || bl>>8 < 96 || bl>>8 > 126 {
		t.Errorf("the top left is (%d, %d, %d), not the photo's salmon pink", r>>8, g>>8, bl>>8)
	}
	if _, err := DecodeImageSafely(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("half a HEIC was shown")
	}
}
