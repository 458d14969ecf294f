package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"carebook/assets"
)

// paperPDF renders a small one-page document: a clinic letterhead, a title
// and paragraphs, in Noto Sans so Kazakh and Uzbek letters print.
func paperPDF(issuer, title string, lines []string, when time.Time) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	pdf.AddUTF8FontFromBytes("Noto", "B", assets.NotoSansBold)
	pdf.SetTitle(title, true)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	pdf.SetFillColor(31, 111, 139)
	pdf.Rect(0, 0, 210, 8, "F")
	pdf.SetFont("Noto", "B", 11)
	pdf.SetTextColor(31, 111, 139)
	pdf.CellFormat(0, 8, issuer, "B", 1, "L", false, 0, "")
	pdf.Ln(8)
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("Noto", "B", 15)
	pdf.MultiCell(0, 8, title, "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Noto", "", 11)
	for _, l := range lines {
		if strings.HasPrefix(l, "|") { // a table row: | left | right
			cells := strings.Split(strings.Trim(l, "|"), "|")
			pdf.CellFormat(120, 7, strings.TrimSpace(cells[0]), "B", 0, "L", false, 0, "")
			pdf.CellFormat(0, 7, strings.TrimSpace(cells[len(cells)-1]), "B", 1, "R", false, 0, "")
			continue
		}
		pdf.MultiCell(0, 6, l, "", "L", false)
		pdf.Ln(2)
	}
	pdf.Ln(10)
	pdf.SetFont("Noto", "", 9)
	pdf.SetTextColor(110, 110, 110)
	pdf.MultiCell(0, 5, "Демонстрационный документ Carebook. Имена и данные вымышлены.", "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		panic(err) // fixed demo text in the embedded font: cannot fail
	}
	return b.Bytes()
}

// portraitJPEG draws a soft, friendly placeholder portrait: a gradient and a
// head-and-shoulders silhouette in the child's colour. No real photo is used.
func portraitJPEG(hue float64) []byte {
	const w, h = 360, 450
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bgTop, bgBottom := hsl(hue, 0.45, 0.88), hsl(hue, 0.40, 0.70)
	fig := hsl(math.Mod(hue+0.5, 1), 0.35, 0.45)
	for y := range h {
		t := float64(y) / h
		row := mix(bgTop, bgBottom, t)
		for x := range w {
			c := row
			dx, dy := float64(x-w/2), float64(y-170)
			if dx*dx+dy*dy < 70*70 { // head
				c = fig
			}
			bx, by := float64(x-w/2)/150, float64(y-430)/160
			if bx*bx+by*by < 1 && y > 270 { // shoulders
				c = fig
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 82})
	return b.Bytes()
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

func hsl(h, s, l float64) color.RGBA {
	f := func(n float64) uint8 {
		k := math.Mod(n+h*12, 12)
		a := s * math.Min(l, 1-l)
		return uint8(255 * (l - a*math.Max(-1, math.Min(math.Min(k-3, 9-k), 1))))
	}
	return color.RGBA{f(0), f(8), f(4), 255}
}
