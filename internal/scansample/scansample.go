// Package scansample makes PDFs as a scanner makes them — each page a
// photograph — for tests and make bench: no scan of a real child's paper
// is ever needed to try the viewer.
package scansample

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"

	"codeberg.org/go-pdf/fpdf"
)

// PDF is an A4 scan of n pages, each a JPEG width pixels wide (1240 is
// 150 dpi): a light page whose grain differs page by page, with a black
// square at its top left so that a page drawn turned shows it elsewhere.
func PDF(n, width int) ([]byte, error) {
	height := width * 297 / 210
	corner := width / 6
	p := fpdf.New("P", "mm", "A4", "")
	for i := range n {
		img := image.NewRGBA(image.Rect(0, 0, width, height))
		for y := range height {
			for x := range width {
				v := uint8(235 - (x*y+i*7919)%23)
				if x < corner && y < corner {
					v = 0
				}
				img.Set(x, y, color.RGBA{v, v, v, 255})
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 75}); err != nil {
			return nil, err
		}
		name := fmt.Sprint("page", i)
		p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, &b)
		p.AddPage()
		p.ImageOptions(name, 0, 0, 210, 297, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var out bytes.Buffer
	err := p.Output(&out)
	return out.Bytes(), err
}
