// Package reports makes Carebook's printed outputs: each child's
// treatment-journey report, grant reports (PDF and CSV) and appeal sheets.
// Every PDF uses the embedded Noto Sans, so Kazakh, Russian and Uzbek text
// prints as typed; characters the font lacks are replaced before they reach
// the PDF, so a report never fails on an emoji.
package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"strings"
	"sync"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/image/font/sfnt"

	"carebook/assets"
	"carebook/data"
)

// Page geometry, in millimetres (A4).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	contentW     = pageW - 2*margin
)

var (
	fontOnce sync.Once
	font     *sfnt.Font
	fontErr  error
	// drawn says, of each character up to the end of the arrows (Latin,
	// Cyrillic, punctuation, currency signs, №), whether
	// Clean keeps it as it is: the font has it, and it is neither a
	// control character nor one Clean replaces.
	drawn [0x2200]bool
)

func loadFont() {
	font, fontErr = sfnt.Parse(assets.NotoSansRegular)
	if fontErr != nil {
		return
	}
	var buf sfnt.Buffer
	for r := range rune(len(drawn)) {
		if _, sub := substitutes[r]; sub || r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			continue
		}
		if g, err := font.GlyphIndex(&buf, r); err == nil && g != 0 {
			drawn[r] = true
		}
	}
}

// substitutes for characters Noto Sans lacks that have a plain equivalent.
var substitutes = map[rune]string{
	'→': "->", '←': "<-", '−': "-", '✓': "+", '✔': "+", '✗': "x", '✘': "x", '●': "•", '▪': "•", '■': "•",
	'□': "", '\u00ad': "", '\u200b': "", '\u200d': "", '\ufe0f': "", '\ufe0e': "", '\t': "    ",
}

// Clean returns s with every character the report font can draw: known
// symbols get a plain stand-in, emoji and other symbols are dropped, and any
// other missing character becomes '?'. Line breaks stay.
func Clean(s string) string {
	fontOnce.Do(loadFont)
	// Most text (Latin, Cyrillic, amounts in ₸) is drawn as it is: given back unchanged,
	// without building a copy (a grant report cleans tens of thousands of
	// cells).
	clean := true
	for _, r := range s {
		if r >= rune(len(drawn)) || !drawn[r] && r != '\n' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return cleanEach(s)
}

// cleanEach is Clean character by character.
func cleanEach(s string) string {
	var b strings.Builder
	var buf sfnt.Buffer
	for _, r := range s {
		if sub, ok := substitutes[r]; ok {
			b.WriteString(sub)
			continue
		}
		if r == '\n' {
			b.WriteRune(r)
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			continue
		}
		if fontErr == nil {
			if g, err := font.GlyphIndex(&buf, r); err == nil && g != 0 {
				b.WriteRune(r)
				continue
			}
		}
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
			continue // emoji, pictographs, stray marks: dropped
		}
		b.WriteRune('?')
	}
	return b.String()
}

// doc is a report being written: fpdf with the fonts, a running header and a
// footer with "page N of M" and the print date.
type doc struct {
	pdf     *fpdf.Fpdf
	tr      func(string) string
	lang    string
	header  string // left part of the running header (foundation name)
	header2 string // right part (case number, period)
	printed time.Time
	logo    string  // registered logo image, drawn in every page's header
	logoW   float64 // its width at the header's height
	mark    string  // printed at the foot of every page (the internal edition's warning)
}

// useLogo puts the foundation's logo in the running header of every page.
func (d *doc) useLogo(img image.Image) { d.usePreparedLogo(prepareLogo(img)) }

// preparedLogo is the foundation's logo made ready for the page header
// once (scaled, flattened, JPEG), for a batch of many documents.
type preparedLogo struct {
	jpeg []byte
	w    float64 // mm, at the header's height
}

func prepareLogo(img image.Image) *preparedLogo {
	if img == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, whiteBackground(data.Thumbnail(img, 400)), &jpeg.Options{Quality: 90}); err != nil {
		return nil
	}
	b := img.Bounds()
	const h = 8.0
	return &preparedLogo{jpeg: buf.Bytes(), w: min(h*float64(b.Dx())/float64(b.Dy()), 40)}
}

func (d *doc) usePreparedLogo(l *preparedLogo) {
	if l == nil {
		return
	}
	d.pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(l.jpeg))
	d.logo, d.logoW = "logo", l.w
}

// whiteBackground flattens transparency onto white (JPEG has no alpha).
func whiteBackground(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, image.White, image.Point{}, draw.Src)
	draw.Draw(out, b, img, b.Min, draw.Over)
	return out
}

func newDoc(lang, title, header, header2 string, printed time.Time) *doc {
	return newDocFonts(lang, title, header, header2, printed, true)
}

// newDocFonts is newDoc, without the italic font when the document has no
// italic text (a letter): each font costs its parsing and its subset.
func newDocFonts(lang, title, header, header2 string, printed time.Time, italic bool) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreationDate(printed)
	p.SetModificationDate(printed)
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	p.AddUTF8FontFromBytes("Noto", "B", assets.NotoSansBold)
	if italic {
		p.AddUTF8FontFromBytes("Noto", "I", assets.NotoSansItalic)
	}
	p.SetTitle(Clean(title), true)
	p.SetAuthor(Clean(header), true) // the foundation
	p.SetLang(lang)
	// Room for the time zone of the two dates, made by output (fpdf writes
	// them without one).
	p.SetCreator("Carebook"+strings.Repeat(" ", 2*len(tzSuffix)), false)
	p.SetMargins(margin, margin+8, margin)
	p.SetAutoPageBreak(true, margin+6)
	p.AliasNbPages("{nb}")
	// {total} is every page of the finished file, appended documents
	// included (see doc.extraPages); {nb} counts only the pages made here.
	d := &doc{pdf: p, tr: translator(lang), lang: lang, header: Clean(header), header2: Clean(header2), printed: printed}
	p.SetHeaderFunc(d.pageHeader)
	p.SetFooterFunc(d.pageFooter)
	return d
}

func (d *doc) pageHeader() {
	p := d.pdf
	p.SetFillColor(31, 111, 139)
	p.Rect(0, 0, pageW, 5, "F")
	p.SetFont("Noto", "B", 8.5)
	p.SetTextColor(31, 111, 139)
	x := margin
	if d.logo != "" {
		p.ImageOptions(d.logo, margin, 6.5, d.logoW, 8, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
		x += d.logoW + 2
	}
	p.SetXY(x, 9)
	p.CellFormat(contentW/2, 5, d.header, "", 0, "L", false, 0, "")
	p.SetX(margin + contentW/2)
	p.SetFont("Noto", "", 8.5)
	p.CellFormat(contentW/2, 5, d.header2, "", 1, "R", false, 0, "")
	p.SetDrawColor(200, 215, 222)
	p.Line(margin, 15, pageW-margin, 15)
	p.SetTextColor(25, 25, 25)
	p.SetXY(margin, margin+8)
}

func (d *doc) pageFooter() {
	p := d.pdf
	if d.mark != "" {
		p.SetY(-margin)
		p.SetFont("Noto", "B", 8)
		p.SetTextColor(170, 40, 40)
		p.CellFormat(contentW, 4, Clean(d.mark), "", 0, "C", false, 0, "")
	}
	p.SetY(-margin + 4)
	p.SetFont("Noto", "", 8)
	p.SetTextColor(110, 110, 110)
	page := strings.NewReplacer("{n}", fmt.Sprint(p.PageNo()), "{m}", totalAlias).Replace(d.tr("Page {n} of {m}"))
	p.CellFormat(contentW/2, 5, Clean(d.tr("Printed")+" "+data.DateOf(d.printed).Local(d.lang)), "", 0, "L", false, 0, "")
	p.CellFormat(contentW/2, 5, page, "", 0, "R", false, 0, "")
	p.SetTextColor(25, 25, 25)
}

func (d *doc) title(text string) {
	p := d.pdf
	p.SetFont("Noto", "B", 17)
	p.SetTextColor(20, 60, 75)
	p.MultiCell(contentW, 8, Clean(text), "", "L", false)
	p.SetTextColor(25, 25, 25)
	p.Ln(1)
}

func (d *doc) subtitle(text string) {
	d.pdf.SetFont("Noto", "", 10)
	d.pdf.SetTextColor(90, 90, 90)
	d.pdf.MultiCell(contentW, 5, Clean(text), "", "L", false)
	d.pdf.SetTextColor(25, 25, 25)
	d.pdf.Ln(2)
}

// section starts a titled part, on a new page if fewer than need mm are left.
func (d *doc) section(text string, need float64) {
	d.ensure(need + 12)
	p := d.pdf
	p.Ln(3)
	p.SetFont("Noto", "B", 12.5)
	p.SetTextColor(31, 111, 139)
	p.CellFormat(contentW, 7, Clean(text), "B", 1, "L", false, 0, "")
	p.SetTextColor(25, 25, 25)
	p.Ln(2)
}

// ensure starts a new page unless h mm are left on this one.
func (d *doc) ensure(h float64) {
	_, ph := d.pdf.GetPageSize()
	_, _, _, bottom := d.pdf.GetMargins()
	if d.pdf.GetY()+h > ph-bottom-6 {
		d.pdf.AddPage()
	}
}

func (d *doc) para(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	d.pdf.SetFont("Noto", "", 10)
	d.pdf.MultiCell(contentW, 5.2, Clean(text), "", "L", false)
	d.pdf.Ln(1.5)
}

func (d *doc) note(text string) {
	d.pdf.SetFont("Noto", "I", 8.5)
	d.pdf.SetTextColor(100, 100, 100)
	d.pdf.MultiCell(contentW, 4.5, Clean(text), "", "L", false)
	d.pdf.SetTextColor(25, 25, 25)
	d.pdf.Ln(1)
}

// fields prints label: value pairs in two columns; empty values are skipped.
func (d *doc) fields(pairs [][2]string) {
	p := d.pdf
	// The label column fits the longest label, within 40–72 mm.
	p.SetFont("Noto", "B", 9.5)
	lw := 40.0
	for _, kv := range pairs {
		if strings.TrimSpace(kv[1]) != "" {
			lw = max(lw, min(p.GetStringWidth(Clean(kv[0]))+4, 72))
		}
	}
	_, _, right, _ := p.GetMargins()
	vw := pageW - right - margin - lw // the value column ends at the right margin (beside a photo)
	for _, kv := range pairs {
		if strings.TrimSpace(kv[1]) == "" {
			continue
		}
		d.ensure(6)
		y := p.GetY()
		p.SetFont("Noto", "B", 9.5)
		p.SetTextColor(80, 80, 80)
		p.MultiCell(lw, 5.2, Clean(kv[0]), "", "L", false)
		y1 := p.GetY()
		p.SetXY(margin+lw, y)
		p.SetFont("Noto", "", 10)
		p.SetTextColor(25, 25, 25)
		p.MultiCell(vw, 5.2, Clean(kv[1]), "", "L", false)
		if p.GetY() < y1 {
			p.SetY(y1)
		}
		p.Ln(0.8)
	}
}

// column of a table: width in mm, alignment L/R/C.
type column struct {
	title string
	width float64
	align string
}

// wrapText breaks text into lines no wider than width (mm) in the current
// font: between words; a word too long for a line of its own is broken
// with a hyphen. Line breaks in the text stay.
func (d *doc) wrapText(text string, width float64) []string {
	p := d.pdf
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if p.GetStringWidth(try) <= width {
				line = try
				continue
			}
			if line != "" {
				out = append(out, line)
				line = ""
			}
			for p.GetStringWidth(word) > width {
				// The longest head that fits with its hyphen.
				r := []rune(word)
				n := len(r) - 1
				for n > 1 && p.GetStringWidth(string(r[:n])+"-") > width {
					n--
				}
				out = append(out, string(r[:n])+"-")
				word = string(r[n:])
			}
			line = word
		}
		out = append(out, line)
	}
	return out
}

// cell prints text wrapped to the column's width at x, y.
func (d *doc) cell(x, y, width, lineH float64, text, align string) {
	for i, line := range d.wrapText(text, width-2) {
		d.pdf.SetXY(x, y+float64(i)*lineH)
		d.pdf.CellFormat(width, lineH, line, "", 0, align, false, 0, "")
	}
}

// table prints rows under a header that repeats on each new page; cells
// wrap between words (a word wider than its column is hyphenated).
func (d *doc) table(cols []column, rows [][]string) {
	p := d.pdf
	header := func() {
		p.SetFont("Noto", "B", 8)
		p.SetFillColor(232, 240, 243)
		lines := 1
		for _, c := range cols {
			lines = max(lines, len(d.wrapText(Clean(c.title), c.width-2)))
		}
		h := float64(lines)*4 + 2.5
		x, y := p.GetXY()
		p.Rect(x, y, contentW, h, "F")
		for _, c := range cols {
			d.cell(x, y+1.2, c.width, 4, Clean(c.title), c.align)
			x += c.width
		}
		p.SetXY(margin, y+h)
	}
	d.ensure(14)
	header()
	p.SetFont("Noto", "", 8.5)
	for i, r := range rows {
		// Height of the row: the tallest wrapped cell.
		lines := 1
		for j, c := range cols {
			if j < len(r) {
				lines = max(lines, len(d.wrapText(Clean(r[j]), c.width-2)))
			}
		}
		h := float64(lines)*4.4 + 1.6
		if d.needsPage(h) {
			p.AddPage()
			header()
			p.SetFont("Noto", "", 8.5)
		}
		x, y := p.GetXY()
		if i%2 == 1 {
			p.SetFillColor(248, 250, 251)
			p.Rect(x, y, contentW, h, "F")
		}
		for j, c := range cols {
			text := ""
			if j < len(r) {
				text = Clean(r[j])
			}
			d.cell(x, y+0.8, c.width, 4.4, text, c.align)
			x += c.width
		}
		p.SetXY(margin, y+h)
	}
	p.Ln(2)
}

func (d *doc) needsPage(h float64) bool {
	_, ph := d.pdf.GetPageSize()
	_, _, _, bottom := d.pdf.GetMargins()
	return d.pdf.GetY()+h > ph-bottom-6
}

// image places an image scaled to fit w × h mm (proportions kept) at the
// current position and moves below it. Images are re-encoded as JPEG so any
// decodable format prints.
func (d *doc) image(name string, img image.Image, w, h float64) (float64, float64) {
	b := img.Bounds()
	iw, ih := float64(b.Dx()), float64(b.Dy())
	scale := min(w/iw, h/ih)
	dw, dh := iw*scale, ih*scale
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, data.Thumbnail(img, 1800), &jpeg.Options{Quality: 85}); err != nil {
		return 0, 0
	}
	opt := fpdf.ImageOptions{ImageType: "JPG", ReadDpi: false}
	d.pdf.RegisterImageOptionsReader(name, opt, &buf)
	x, y := d.pdf.GetXY()
	d.pdf.ImageOptions(name, x, y, dw, dh, false, opt, 0, "")
	return dw, dh
}

// chart places one of the Dashboard's charts across the page, as a PNG
// drawn at twice the screen's pixels (sharp on paper).
func (d *doc) chart(kind string, drawn func() ([]byte, error)) error {
	b, err := drawn()
	if err != nil {
		return err
	}
	name := "chart-" + kind
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(b))
	w := contentW
	h := w * 400 / 800
	d.ensure(h + 2)
	x, y := d.pdf.GetXY()
	d.pdf.ImageOptions(name, x, y, w, h, false, opt, 0, "")
	d.pdf.SetXY(x, y+h+2)
	return nil
}

// totalAlias stands in the footer for the number of pages of the finished
// file, set when the file is written.
const totalAlias = "{total}"

// output writes the PDF; fpdf errors (never expected: text is cleaned) are
// returned. extra is how many pages will be appended after these (their
// footers are stamped by stampPageNumbers), so that every page counts them.
func (d *doc) output(extra ...int) ([]byte, error) {
	total := d.pdf.PageCount()
	for _, n := range extra {
		total += n
	}
	d.pdf.RegisterAlias(totalAlias, fmt.Sprint(total))
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("writing the PDF: %w", err)
	}
	return withTimeZone(b.Bytes(), d.printed), nil
}

// tzSuffix is the form of a PDF date's time zone: +05'00'.
const tzSuffix = "+00'00'"

// withTimeZone gives the file's creation and modification dates their time
// zone (D:20261123143000+05'00'), taking the room for it from the padding
// of the Creator entry of the same dictionary, so that no object moves and
// the cross-reference table stays right.
func withTimeZone(pdf []byte, t time.Time) []byte {
	padded := []byte("/Creator (Carebook" + strings.Repeat(" ", 2*len(tzSuffix)) + ")")
	i := bytes.Index(pdf, padded)
	if i < 0 {
		return pdf
	}
	_, offset := t.Zone()
	sign := '+'
	if offset < 0 {
		sign, offset = '-', -offset
	}
	tz := fmt.Sprintf("%c%02d'%02d'", sign, offset/3600, offset%3600/60)
	end := bytes.Index(pdf[i:], []byte("/ModDate (D:"))
	if end < 0 {
		return pdf
	}
	end += i + len("/ModDate (D:") + 14 + 1 // through the date's closing parenthesis
	if end > len(pdf) {
		return pdf
	}
	region := string(pdf[i:end])
	region = strings.Replace(region, string(padded), "/Creator (Carebook)", 1)
	for _, key := range []string{"/CreationDate (D:", "/ModDate (D:"} {
		j := strings.Index(region, key)
		if j < 0 {
			return pdf
		}
		k := j + len(key) + 14
		if k >= len(region) || region[k] != ')' {
			return pdf
		}
		region = region[:k] + tz + region[k:]
	}
	if len(region) != end-i {
		return pdf
	}
	out := append([]byte(nil), pdf...)
	copy(out[i:end], region)
	return out
}

// stampPageNumbers gives the pages of a file that lack the report's footer
// (documents appended after it) the same "Page n of m" and print date:
// each is stamped with a page of a small PDF written here, in the report's
// font, so that every page of the file is numbered alike.
func stampPageNumbers(file []byte, own int, lang string, printed time.Time, mark string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("numbering the pages: %v", r)
		}
	}()
	total, err := data.PDFPageCount(bytes.NewReader(file))
	if err != nil {
		return nil, err
	}
	if own >= total {
		return file, nil
	}
	// The stamps: a strip as wide as the report's text, one per page,
	// drawn where pageFooter draws (the mark 18 mm above the page's foot,
	// then the page number).
	tr := translator(lang)
	const stripH = 11.0
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: contentW, Ht: stripH}})
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	p.AddUTF8FontFromBytes("Noto", "B", assets.NotoSansBold)
	p.SetMargins(0, 0, 0)
	p.SetAutoPageBreak(false, 0)
	for n := own + 1; n <= total; n++ {
		p.AddPage()
		if mark != "" {
			p.SetFont("Noto", "B", 8)
			p.SetTextColor(170, 40, 40)
			p.SetXY(0, 1)
			p.CellFormat(contentW, 4, Clean(mark), "", 0, "C", false, 0, "")
		}
		p.SetFont("Noto", "", 8)
		p.SetTextColor(110, 110, 110)
		p.SetXY(0, 5)
		p.CellFormat(contentW/2, 5, Clean(tr("Printed")+" "+data.DateOf(printed).Local(lang)), "", 0, "L", false, 0, "")
		page := strings.NewReplacer("{n}", fmt.Sprint(n), "{m}", fmt.Sprint(total)).Replace(tr("Page {n} of {m}"))
		p.CellFormat(contentW/2, 5, Clean(page), "", 0, "R", false, 0, "")
	}
	var stamps bytes.Buffer
	if err := p.Output(&stamps); err != nil {
		return nil, err
	}
	// At the foot of each page, where the report's own footer stands.
	const mmToPt = 72 / 25.4
	desc := fmt.Sprintf("pos:bc, off:0 %.1f, scale:1 abs, rot:0", (margin+4-stripH-3)*mmToPt)
	wm, err := api.PDFMultiWatermarkForReadSeeker(bytes.NewReader(stamps.Bytes()), 1, own+1, desc, true, false, types.POINTS)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := api.AddWatermarks(bytes.NewReader(file), &b, []string{fmt.Sprintf("%d-", own+1)}, wm, pdfConf()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
